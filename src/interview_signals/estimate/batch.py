"""Many observations at once: frames of raw observation columns -> signals, features and scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.estimate.features import (
    EPOCH_ORDINAL,
    NAT,
    BusinessDayTable,
    SignalColumns,
    clock_day_counts,
    feature_matrix,
    table_for,
)
from interview_signals.observation import (
    DATE_FIELDS,
    FIELDS,
    FOLLOW_UP_REPLIES,
    ROLE_SELLING,
    STAGES,
    Observation,
    default_of,
)

LEVELS: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "role_selling": ROLE_SELLING,
    "follow_up_reply": FOLLOW_UP_REPLIES,
}


# How many ticks of each datetime64 unit make a day.
TICKS_PER_DAY = {
    "D": 1,
    "h": 24,
    "m": 1_440,
    "s": 86_400,
    "ms": 86_400_000,
    "us": 86_400_000_000,
    "ns": 86_400_000_000_000,
}


def _ticks(frame: pd.DataFrame, name: str) -> tuple[npt.NDArray[np.int64], int]:
    """A date column's raw datetime64 ticks (``NAT`` where empty) and how many ticks make a day."""
    if name not in frame:
        return np.full(len(frame), NAT, dtype=np.int64), 1
    values = frame[name].to_numpy()
    if not np.issubdtype(values.dtype, np.datetime64):
        values = pd.to_datetime(frame[name], format="%Y-%m-%d").to_numpy()
    unit, _ = np.datetime_data(values.dtype)
    return values.view(np.int64), TICKS_PER_DAY[unit]


def _codes(frame: pd.DataFrame, name: str) -> npt.NDArray[np.integer[Any]]:
    if name not in frame:
        return np.full(len(frame), -1, dtype=np.int8)
    column = frame[name]
    if isinstance(column.dtype, pd.CategoricalDtype) and tuple(column.cat.categories) == LEVELS[name]:
        return column.cat.codes.to_numpy()
    return pd.Categorical(column, categories=LEVELS[name]).codes


def _minutes(frame: pd.DataFrame, name: str) -> npt.NDArray[np.float64]:
    if name not in frame:
        return np.full(len(frame), np.nan)
    column = frame[name]
    if not pd.api.types.is_numeric_dtype(column):
        column = pd.to_numeric(column)
    return column.to_numpy(dtype=np.float64, na_value=np.nan)


@dataclass(frozen=True)
class RawColumns:
    """A frame's observation columns as numpy arrays, read once; turned into signals chunk by chunk."""

    stage: npt.NDArray[np.integer[Any]]
    scheduled_minutes: npt.NDArray[np.float64]
    actual_minutes: npt.NDArray[np.float64]
    role_selling: npt.NDArray[np.integer[Any]]
    follow_up_reply: npt.NDArray[np.integer[Any]]
    dates: dict[str, tuple[npt.NDArray[np.int64], int]]
    country_codes: npt.NDArray[np.int64]
    as_of: npt.NDArray[np.int64]  # day numbers, today where not given
    table: BusinessDayTable

    @classmethod
    def of(cls, frame: pd.DataFrame, today: date | None = None) -> RawColumns:
        """Read a frame of raw observation columns (already validated).

        Dates may be ``datetime64`` or ISO text; enums and ``country`` may be text or categoricals
        (the fast path); empty means unknown. Missing fields take :class:`Observation`'s defaults
        (``as_of`` today, ``stage`` "interview", ``country`` "US").
        """
        home = default_of("country")
        country = frame["country"] if "country" in frame else pd.Series(home, index=frame.index)
        if not isinstance(country.dtype, pd.CategoricalDtype):
            country = country.fillna(home).astype("category")
        elif country.isna().any():
            country = country.cat.add_categories([c for c in [home] if c not in country.cat.categories]).fillna(home)
        stage = _codes(frame, "stage")
        ticks, per_day = _ticks(frame, "as_of")
        today_day = (today or date.today()).toordinal() - EPOCH_ORDINAL
        as_of = ticks // per_day
        if len(as_of) and (ticks == NAT).any():
            as_of = np.where(ticks == NAT, today_day, as_of)
        countries = [str(name) for name in country.cat.categories]
        return cls(
            stage=np.where(stage < 0, STAGES.index(default_of("stage")), stage),
            scheduled_minutes=_minutes(frame, "scheduled_minutes"),
            actual_minutes=_minutes(frame, "actual_minutes"),
            role_selling=_codes(frame, "role_selling"),
            follow_up_reply=_codes(frame, "follow_up_reply"),
            dates={
                name: _ticks(frame, name) for name in ("interview_date", "follow_up_sent_on", "decision_expected_by")
            },
            country_codes=country.cat.codes.to_numpy().astype(np.int64),
            as_of=as_of,
            table=table_for(countries, as_of if len(as_of) else np.array([today_day]), earliest=_earliest(frame)),
        )

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.stage)

    def signals(self, rows: slice = slice(None)) -> SignalColumns:
        """The :class:`SignalColumns` of ``rows``, business days counted."""

        def days(name: str) -> npt.NDArray[np.int64]:
            ticks, per_day = self.dates[name]
            chunk = ticks[rows]
            return np.where(chunk == NAT, NAT, chunk // per_day)

        waited, follow_up, decision = clock_day_counts(
            self.table,
            self.country_codes[rows],
            days("interview_date"),
            self.as_of[rows],
            days("follow_up_sent_on"),
            days("decision_expected_by"),
        )
        return SignalColumns(
            stage=self.stage[rows],
            scheduled_minutes=self.scheduled_minutes[rows],
            actual_minutes=self.actual_minutes[rows],
            role_selling=self.role_selling[rows],
            follow_up_reply=self.follow_up_reply[rows],
            waited_days=waited,
            follow_up_day=follow_up,
            decision_day=decision,
        )


def _earliest(frame: pd.DataFrame) -> int | None:
    """Day number of the earliest interview, so the business-day table reaches back to it."""
    ticks, per_day = _ticks(frame, "interview_date")
    known = ticks[ticks != NAT]
    return int(known.min() // per_day) if len(known) else None


def columns_from_frame(frame: pd.DataFrame, today: date | None = None) -> SignalColumns:
    """Raw observation columns (already validated) -> :class:`SignalColumns`, vectorised."""
    return RawColumns.of(frame, today).signals()


def frame_features(frame: pd.DataFrame, today: date | None = None) -> npt.NDArray[np.float64]:
    """Design matrix of a frame of raw observation columns."""
    return feature_matrix(columns_from_frame(frame, today))


def observation_records(observations: list[Observation]) -> pd.DataFrame:
    """Observations as a frame of raw columns (dates as ``datetime64``), the inverse of CSV reading."""
    frame = pd.DataFrame([obs.model_dump() for obs in observations], columns=list(FIELDS))
    for name in DATE_FIELDS:
        frame[name] = pd.to_datetime(frame[name])
    return frame
