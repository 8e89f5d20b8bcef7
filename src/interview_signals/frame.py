"""Many observations at once: pandas frames of raw observation columns -> validated rows and features."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from interview_signals.features import SignalColumns, business_days_since, feature_matrix, silence_since
from interview_signals.observation import (
    FIELDS,
    FOLLOW_UP_REPLIES,
    ROLE_SELLING,
    STAGES,
    InvalidObservation,
    Observation,
    errors_from,
)

DATE_FIELDS = ("interview_date", "as_of", "decision_expected_by", "thank_you_sent_on", "follow_up_sent_on")
LEVELS: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "role_selling": ROLE_SELLING,
    "follow_up_reply": FOLLOW_UP_REPLIES,
}
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


def read_csv_chunks(source: Path | IO[str], chunk_rows: int = CHUNK_ROWS) -> Iterator[tuple[int, pd.DataFrame]]:
    """Stream a CSV of observations as ``(first_line, chunk)`` pairs, every cell as text, so memory stays flat."""
    line = 2
    with pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""], chunksize=chunk_rows) as reader:
        for chunk in reader:
            yield line, chunk
            line += len(chunk)


def _dates(frame: pd.DataFrame, name: str, default: date | None = None) -> npt.NDArray[np.datetime64]:
    if name not in frame:
        fill = np.datetime64(default, "D") if default else np.datetime64("NaT", "D")
        return np.full(len(frame), fill, dtype="datetime64[D]")
    column = frame[name]
    if not pd.api.types.is_datetime64_any_dtype(column):
        column = pd.to_datetime(column, format="%Y-%m-%d")
    days = column.to_numpy(dtype="datetime64[D]")
    if default is not None:
        days = np.where(np.isnat(days), np.datetime64(default, "D"), days)
    return days


def _codes(frame: pd.DataFrame, name: str) -> npt.NDArray[np.intp]:
    if name not in frame:
        return np.full(len(frame), -1, dtype=np.intp)
    column = frame[name]
    if isinstance(column.dtype, pd.CategoricalDtype) and tuple(column.cat.categories) == LEVELS[name]:
        return np.asarray(column.cat.codes, dtype=np.intp)
    return np.asarray(pd.Categorical(column, categories=LEVELS[name]).codes, dtype=np.intp)


def columns_from_frame(frame: pd.DataFrame, today: date | None = None) -> SignalColumns:
    """Raw observation columns (already validated) -> :class:`SignalColumns`, vectorised.

    Dates may be ``datetime64`` or ISO text; enums may be text or categoricals; empty means unknown.
    A missing ``as_of`` is ``today``; a missing ``stage`` is "interview"; a missing ``country`` is "US".
    """
    as_of = _dates(frame, "as_of", today or date.today())
    reply = _codes(frame, "follow_up_reply")
    after_follow_up, past_decision = silence_since(
        _dates(frame, "follow_up_sent_on"), reply, _dates(frame, "decision_expected_by"), as_of
    )
    countries = frame["country"].fillna("US").to_numpy(dtype=str) if "country" in frame else np.full(len(frame), "US")
    stage = _codes(frame, "stage")
    actual = frame["actual_minutes"] if "actual_minutes" in frame else pd.Series(np.nan, index=frame.index)
    return SignalColumns(
        stage=np.where(stage < 0, STAGES.index("interview"), stage),
        scheduled_minutes=pd.to_numeric(frame["scheduled_minutes"]).to_numpy(dtype=np.float64),
        actual_minutes=pd.to_numeric(actual).to_numpy(dtype=np.float64, na_value=np.nan),
        role_selling=_codes(frame, "role_selling"),
        follow_up_reply=reply,
        follow_up_silence_days=business_days_since(after_follow_up, as_of, countries),
        decision_silence_days=business_days_since(past_decision, as_of, countries),
    )


def frame_features(frame: pd.DataFrame, today: date | None = None) -> npt.NDArray[np.float64]:
    """Design matrix of a frame of raw observation columns."""
    return feature_matrix(columns_from_frame(frame, today))


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


def observation_records(observations: list[Observation]) -> pd.DataFrame:
    """Observations as a frame of raw columns (dates as ``datetime64``), the inverse of CSV reading."""
    frame = pd.DataFrame([obs.model_dump() for obs in observations], columns=list(FIELDS))
    for name in DATE_FIELDS:
        frame[name] = pd.to_datetime(frame[name])
    return frame
