"""Observations in CSV form: streamed chunks, each row validated with its line number, the outcome column."""

from __future__ import annotations

import math
import re
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
    shown_value,
)

OUTCOME = "outcome"


CHUNK_ROWS = 50_000


class InvalidCsv(ValueError):
    """A CSV file that can't be read as observations: empty, not UTF-8 text, or not well-formed."""


class InvalidRow(InvalidCsv):
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
    names = (*FIELDS, *extra)
    for position, column in enumerate(frame.columns, start=1):
        if not column:
            raise InvalidRow(1, f"column {position} has no name; the columns are: {', '.join(names)}")
        if column not in names:
            raise InvalidRow(1, f"unknown column {shown_value(column)}; the columns are: {', '.join(names)}")
        if list(frame.columns).count(column) > 1:
            raise InvalidRow(1, f"column {shown_value(column)} appears more than once; keep one")
    fields = [column for column in frame.columns if column in FIELDS]
    for offset, values in enumerate(frame[fields].itertuples(index=False, name=None)):
        row = {name: _cell(value) for name, value in zip(fields, values, strict=True) if _cell(value) is not None}
        try:
            Observation.model_validate(row, strict=False)  # CSV cells are text: lax parsing, same rules
        except ValidationError as exc:
            raise InvalidRow(first_line + offset, errors_from(exc)) from None


NUL_MESSAGE = "the file holds a NUL byte, so it is not text; save it as UTF-8 CSV"


class _TextOnly:
    """A stream that refuses the first NUL it reads: no CSV holds one, and pandas versions differ on it.

    pandas 3 keeps a NUL in its cell and pandas 2.2 drops it silently; either way the file is not the
    text it claims to be, so it is refused here, whatever pandas would make of it.
    """

    def __init__(self, stream: IO[str] | IO[bytes]) -> None:
        self._stream = stream

    def _checked(self, data: str | bytes) -> str | bytes:
        if "\x00" in data if isinstance(data, str) else b"\x00" in data:
            raise InvalidCsv(NUL_MESSAGE)
        return data

    def read(self, size: int = -1) -> str | bytes:
        """Read like the stream, refusing a NUL."""
        return self._checked(self._stream.read(size))

    def readline(self, size: int = -1) -> str | bytes:
        """Read a line like the stream, refusing a NUL."""
        return self._checked(self._stream.readline(size))

    def __iter__(self) -> Iterator[str | bytes]:
        """The stream's lines, refusing a NUL."""
        return (self._checked(line) for line in self._stream)


def read_csv_chunks(
    source: Path | IO[str] | IO[bytes], chunk_rows: int | None = None
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Stream a CSV of observations as ``(first_line, chunk)`` pairs, every cell as text, so memory stays flat.

    A file with a header and no rows yields one empty chunk.

    Raises
    ------
    InvalidCsv
        For an empty file, bytes that are not UTF-8 or hold a NUL, or a row pandas can't split (with its
        line number).
    """
    if isinstance(source, Path):
        with source.open("rb") as handle:
            yield from read_csv_chunks(handle, chunk_rows)
        return
    line = 2
    rows = chunk_rows or CHUNK_ROWS
    header: list[str] | None = None
    try:
        # The header is read as a row, not by pandas: a row with a field too many is then an error (not a
        # shifted or truncated row), and a repeated or empty column name stays as the file spells it.
        options: dict[str, Any] = {"header": None, "dtype": str, "keep_default_na": False, "na_values": [""]}
        with pd.read_csv(_TextOnly(source), encoding="utf-8", chunksize=rows, **options) as reader:  # type: ignore[call-overload]
            for chunk in reader:
                if header is None:
                    header = ["" if pd.isna(name) else str(name).strip() for name in chunk.iloc[0]]
                    chunk = chunk.iloc[1:]
                chunk.columns = header
                yield line, chunk.reset_index(drop=True)
                line += len(chunk)
    except pd.errors.EmptyDataError:
        raise InvalidCsv("the file is empty; give a header line of column names, then one row per interview") from None
    except UnicodeDecodeError:
        raise InvalidCsv("the file is not UTF-8 text; save it as UTF-8 CSV") from None
    except pd.errors.ParserError as exc:
        raise InvalidCsv(_parser_problem(str(exc))) from None


def _parser_problem(message: str) -> str:
    """The tokenizer error of pandas in a person's words, with the line number when it gives one."""
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        expected, line, saw = fields.groups()
        return f"line {line}: {saw} fields, but the header has {expected}; check for a stray comma"
    if "EOF inside string" in message:
        return "a quoted cell is never closed; check the quotes"
    return "the file is not a CSV of observations; give a header line of column names, then one row per interview"


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
