"""Observations in CSV form: streamed chunks, each row validated with its line number, the outcome column."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from interview_signals.observation import (
    FIELDS,
    InvalidObservation,
    Observation,
    errors_from,
)

OUTCOME = "outcome"


CHUNK_ROWS = 50_000


class InvalidRow(ValueError):
    """A CSV row that does not validate, reported with its line number in the file."""

    def __init__(self, line: int, error: InvalidObservation | str) -> None:
        self.line = line
        super().__init__(f"line {line}: {error}")


def _cell(value: Any) -> Any:
    """A CSV cell as pydantic should see it: empty -> None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def validate_rows(frame: pd.DataFrame, first_line: int, extra: tuple[str, ...] = ()) -> None:
    """Validate every row of a CSV chunk as an :class:`Observation`; raise :class:`InvalidRow` on the first bad one.

    ``first_line`` is the file line of the chunk's first row (the header is line 1). Columns in
    ``extra`` (the outcome, say) are checked by the caller, not here.
    """
    unknown = [column for column in frame.columns if column not in FIELDS and column not in extra]
    if unknown:
        raise InvalidRow(1, f"unknown column {unknown[0]!r}; the columns are: {', '.join((*FIELDS, *extra))}")
    fields = [column for column in frame.columns if column in FIELDS]
    for offset, values in enumerate(frame[fields].itertuples(index=False, name=None)):
        row = {name: _cell(value) for name, value in zip(fields, values, strict=True) if _cell(value) is not None}
        try:
            Observation.model_validate(row, strict=False)  # CSV cells are text: lax parsing, same rules
        except ValidationError as exc:
            raise InvalidRow(first_line + offset, errors_from(exc)) from None


def read_csv_chunks(source: Path | IO[str], chunk_rows: int | None = None) -> Iterator[tuple[int, pd.DataFrame]]:
    """Stream a CSV of observations as ``(first_line, chunk)`` pairs, every cell as text, so memory stays flat."""
    line = 2
    rows = chunk_rows or CHUNK_ROWS
    with pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""], chunksize=rows) as reader:
        for chunk in reader:
            yield line, chunk
            line += len(chunk)


def outcomes(frame: pd.DataFrame, first_line: int) -> npt.NDArray[np.float64]:
    """The ``outcome`` column as 0/1, with the line number of the first value that is neither."""
    if OUTCOME not in frame:
        raise InvalidRow(1, f"no {OUTCOME!r} column: label each interview 1 (offer or next round) or 0")
    values = frame[OUTCOME].astype(str).str.strip()
    bad = ~values.isin(["0", "1"])
    if bad.any():
        offset = int(np.argmax(bad.to_numpy()))
        raise InvalidRow(
            first_line + offset, f"{OUTCOME}: {values.iloc[offset]!r} must be 1 (offer or next round) or 0"
        )
    return np.asarray(values == "1", dtype=np.float64)
