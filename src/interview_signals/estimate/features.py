"""Observation -> model features. Every signal's reference value is "not known", which maps to 0.

So an unknown signal contributes exactly nothing to the estimate: not knowing is never bad news.
Each feature is signed: the direction in which the follow-up article says it moves the odds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from interview_signals.calendar import business_calendar
from interview_signals.estimate.silence import NEVER, news_clock
from interview_signals.observation import FOLLOW_UP_REPLIES, ROLE_SELLING, STAGES, Observation

Signal = Literal["duration", "role_selling", "follow_up_reply", "silence"]
SIGNALS: tuple[Signal, ...] = ("duration", "role_selling", "follow_up_reply", "silence")

UNKNOWN = -1  # the code of "not known" in every categorical column


@dataclass(frozen=True)
class Feature:
    """One model column: its signal, the sign its effect must have (0: either) and what one unit means."""

    name: str
    signal: Signal | None
    sign: Literal[-1, 0, 1]
    unit: str


FEATURES: tuple[Feature, ...] = (
    Feature("stage_phone_screen", None, 0, "a phone screen rather than an interview"),
    Feature("stage_final_round", None, 0, "a final round rather than an interview"),
    Feature("ran_over", "duration", 1, "ran 100% past the scheduled time (capped there)"),
    Feature("cut_short", "duration", -1, "ended 100% short of the scheduled time"),
    Feature("selling_none", "role_selling", -1, "the interviewer did not talk up the role"),
    Feature("selling_some_or_more", "role_selling", 1, "the interviewer talked up the role at least somewhat"),
    Feature("selling_strong", "role_selling", 1, "strong selling, on top of some"),
    Feature("reply_acknowledged_or_better", "follow_up_reply", 1, "any reply to the follow-up"),
    Feature("reply_affirming", "follow_up_reply", 1, "a warm, affirming reply, on top of any reply"),
    Feature("no_reply", "follow_up_reply", -1, "no answer to the follow-up once one was due"),
    Feature("silence", "silence", -1, "one log-odds unit of the news clock's weight (no decision yet)"),
)
FEATURE_NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
SIGNS = np.array([feature.sign for feature in FEATURES], dtype=np.int8)
SIGNAL_INDEX: dict[Signal, npt.NDArray[np.intp]] = {
    signal: np.flatnonzero([feature.signal == signal for feature in FEATURES]) for signal in SIGNALS
}
# Row 0 picks the intercept and the stage features (the baseline), row k the features of SIGNALS[k - 1].
SIGNAL_MEMBERSHIP = np.array(
    [[1.0] + [float(feature.signal is None) for feature in FEATURES]]
    + [[0.0] + [float(feature.signal == signal) for feature in FEATURES] for signal in SIGNALS]
)


# Thermometer codes, one entry per level in the order of observation.py, then "not known" last, so
# the code -1 picks it in numpy and in Python alike. "More selling" can only add non-negative effects.
STAGE_CODES = ((1.0, 0.0), (0.0, 0.0), (0.0, 1.0))  # phone_screen, interview, final_round
SELLING_CODES = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 1.0, 1.0), (0.0, 0.0, 0.0))  # none, some, strong, ?
REPLY_CODES = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0))  # none, acknowledged, affirming, ?
CLOCK = news_clock()
NO_REPLY = FOLLOW_UP_REPLIES.index("none")


def code(value: str | None, levels: Sequence[str]) -> int:
    """The integer code of a categorical value; :data:`UNKNOWN` (-1) for ``None``."""
    return UNKNOWN if value is None else levels.index(value)


@dataclass(frozen=True)
class ClockDays:
    """Where one interview stands on the news clock, in business days since the interview.

    ``follow_up`` and ``decision`` are the business days of the follow-up and of the promised date,
    :data:`~interview_signals.estimate.silence.NEVER` when there is none.
    """

    waited: int
    follow_up: int
    decision: int

    @property
    def since_follow_up(self) -> int:
        """Business days since the follow-up (negative when there is none)."""
        return self.waited - self.follow_up

    @property
    def since_decision(self) -> int:
        """Business days past the promised date (negative while it is ahead, or when there is none)."""
        return self.waited - self.decision


def clock_days(obs: Observation) -> ClockDays:
    """Business days from the interview to ``as_of``, to the follow-up and to the promised decision date."""
    calendar = business_calendar(obs.country, obs.interview_date, obs.as_of, obs.decision_expected_by or obs.as_of)
    sent, promised = obs.follow_up_sent_on, obs.decision_expected_by
    return ClockDays(
        waited=calendar.count(obs.interview_date, obs.as_of),
        follow_up=NEVER if sent is None else calendar.count(obs.interview_date, sent),
        decision=NEVER if promised is None else calendar.count(obs.interview_date, promised),
    )


def no_reply_due(reply: str | None, since_follow_up: int) -> bool:
    """The follow-up got no answer although one was due: the answer, if any, comes within a few business days."""
    return reply == "none" and since_follow_up > CLOCK.follow_up_grace_days


def feature_row(obs: Observation, days: ClockDays | None = None) -> list[float]:
    """One observation's features in plain floats: the fast path for a single estimate.

    ``days`` is :func:`clock_days` of ``obs`` when the caller has it already.
    :func:`feature_matrix` computes the same row for many interviews at once; a test holds them equal.
    """
    days = clock_days(obs) if days is None else days
    over = short = 0.0
    if obs.actual_minutes is not None:
        ratio = obs.actual_minutes / obs.scheduled_minutes
        over, short = min(max(ratio - 1.0, 0.0), 1.0), min(max(1.0 - ratio, 0.0), 1.0)
    return [
        *STAGE_CODES[STAGES.index(obs.stage)],
        over,
        short,
        *SELLING_CODES[code(obs.role_selling, ROLE_SELLING)],
        *REPLY_CODES[code(obs.follow_up_reply, FOLLOW_UP_REPLIES)],
        float(no_reply_due(obs.follow_up_reply, days.since_follow_up)),
        CLOCK.weight_of(days.waited, days.follow_up, days.decision),
    ]


def features(obs: Observation) -> npt.NDArray[np.float64]:
    """One observation's feature row as an array."""
    return np.array(feature_row(obs))


@dataclass(frozen=True)
class SignalColumns:
    """The signals of many interviews as arrays, business days already counted.

    A categorical code of -1 and a NaN length mean "not known"; the clock's days are those of
    :class:`ClockDays`, with :data:`~interview_signals.estimate.silence.NEVER` for no follow-up or no date.
    """

    stage: npt.NDArray[np.integer[Any]]
    scheduled_minutes: npt.NDArray[np.float64]
    actual_minutes: npt.NDArray[np.float64]
    role_selling: npt.NDArray[np.integer[Any]]
    follow_up_reply: npt.NDArray[np.integer[Any]]
    waited_days: npt.NDArray[np.int64]
    follow_up_day: npt.NDArray[np.int64]
    decision_day: npt.NDArray[np.int64]


@dataclass(frozen=True)
class BusinessDayTable:
    """Business-day running totals of several countries over one window of years, flattened.

    ``flat[row_base + day]`` is the number of business days up to and including ``day`` in the row's
    country, where ``row_base = country_code * width - origin``: counting is a difference of two gathers.
    """

    flat: npt.NDArray[np.int64]
    width: int
    origin: int  # day number (days since 1970-01-01) of the day before the window
    first_day: int
    last_day: int


def _day_number(day: date) -> int:
    return day.toordinal() - EPOCH_ORDINAL


EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@cache
def business_day_table(countries: tuple[str, ...], first_year: int, last_year: int) -> BusinessDayTable:
    """The running totals of ``countries`` from 1 January ``first_year`` to 31 December ``last_year``."""
    anchor = date(first_year + 1, 1, 1), date(last_year - 1, 1, 1)  # business_calendar adds a year each side
    totals = np.vstack([business_calendar(country, *anchor).running_total for country in countries])
    first = _day_number(date(first_year, 1, 1))
    return BusinessDayTable(totals.ravel(), totals.shape[1], first - 1, first, _day_number(date(last_year, 12, 31)))


def table_for(countries: Sequence[str], as_of: npt.NDArray[np.int64], earliest: int | None = None) -> BusinessDayTable:
    """A table covering every ``as_of``, two years before the earliest (or from ``earliest``) and a year after.

    Days outside the window are counted from its edges: a silence that began earlier is far past the
    clock's cap by then, and a date later than the window is far ahead of every ``as_of``.
    """
    start = int(as_of.min()) if earliest is None else min(earliest, int(as_of.min()))
    first = min(
        date.fromordinal(int(as_of.min()) + EPOCH_ORDINAL).year - 2, date.fromordinal(start + EPOCH_ORDINAL).year
    )
    last = date.fromordinal(int(as_of.max()) + EPOCH_ORDINAL).year + 1
    return business_day_table(tuple(countries), first, last)


def clock_day_counts(
    table: BusinessDayTable,
    country_codes: npt.NDArray[np.int64],
    interview_date: npt.NDArray[np.int64],
    as_of: npt.NDArray[np.int64],
    follow_up_sent_on: npt.NDArray[np.int64],
    decision_expected_by: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Vectorised :func:`clock_days`. Dates are day numbers (days since 1970-01-01); an unknown one is ``NAT``.

    Returns business days from the interview to ``as_of``, to the follow-up and to the promised date,
    :data:`~interview_signals.estimate.silence.NEVER` for an unknown follow-up or date.
    """
    row_base = country_codes * table.width - table.origin

    def running(day: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.asarray(table.flat.take(row_base + np.clip(day, table.first_day, table.last_day)), dtype=np.int64)

    start = running(interview_date)
    unknown_follow_up, unknown_decision = follow_up_sent_on == NAT, decision_expected_by == NAT
    follow_up = np.where(
        unknown_follow_up, NEVER, running(np.where(unknown_follow_up, as_of, follow_up_sent_on)) - start
    )
    decision = np.where(
        unknown_decision, NEVER, running(np.where(unknown_decision, as_of, decision_expected_by)) - start
    )
    return running(as_of) - start, follow_up, decision


NAT = np.iinfo(np.int64).min  # NaT's bit pattern in every datetime64 unit


def _columns_of(*names: str) -> slice:
    first = FEATURE_NAMES.index(names[0])
    if FEATURE_NAMES[first : first + len(names)] != names:
        raise AssertionError(f"features {names} must be adjacent in FEATURES")
    return slice(first, first + len(names))


STAGE_COLUMNS = _columns_of("stage_phone_screen", "stage_final_round")
OVER, SHORT = FEATURE_NAMES.index("ran_over"), FEATURE_NAMES.index("cut_short")
SELLING_COLUMNS = _columns_of("selling_none", "selling_some_or_more", "selling_strong")
REPLY_COLUMNS = _columns_of("reply_acknowledged_or_better", "reply_affirming")
NO_REPLY_COLUMN, SILENCE_COLUMN = FEATURE_NAMES.index("no_reply"), FEATURE_NAMES.index("silence")


def _length_share(cols: SignalColumns) -> npt.NDArray[np.float64]:
    """Share of the scheduled time it ran over (> 0, capped at 1) or fell short (< 0); NaN if unknown.

    A length is at least 1 minute, so the share never reaches -1 and needs no lower bound.
    """
    return np.minimum(cols.actual_minutes / cols.scheduled_minutes - 1.0, 1.0)  # minimum keeps NaN


def feature_matrix(cols: SignalColumns) -> npt.NDArray[np.float64]:
    """The model's design matrix (one row per interview, :data:`FEATURE_NAMES` order, no intercept)."""
    out = np.empty((len(cols.stage), len(FEATURES)))
    share = _length_share(cols)
    out[:, STAGE_COLUMNS] = np.asarray(STAGE_CODES)[cols.stage]
    out[:, OVER] = np.fmax(share, 0.0)  # fmax/fmin drop NaN: an unknown length is 0 for both
    out[:, SHORT] = -np.fmin(share, 0.0)
    out[:, SELLING_COLUMNS] = np.asarray(SELLING_CODES)[cols.role_selling]
    out[:, REPLY_COLUMNS] = np.asarray(REPLY_CODES)[cols.follow_up_reply]
    out[:, NO_REPLY_COLUMN] = _no_reply(cols)
    out[:, SILENCE_COLUMN] = CLOCK.weight(cols.waited_days, cols.follow_up_day, cols.decision_day)
    return out


def _no_reply(cols: SignalColumns) -> npt.NDArray[np.bool_]:
    due = cols.waited_days - cols.follow_up_day > CLOCK.follow_up_grace_days
    return np.asarray((cols.follow_up_reply == NO_REPLY) & due, dtype=np.bool_)
