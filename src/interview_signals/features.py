"""Observation -> model features. Every signal's reference value is "not known", which maps to 0.

So an unknown signal contributes exactly nothing to the estimate: not knowing is never bad news.
Each feature is signed: the direction in which the follow-up article says it moves the odds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from interview_signals.observation import FOLLOW_UP_REPLIES, ROLE_SELLING, STAGES, Observation
from interview_signals.silence import AFTER_FOLLOW_UP, PAST_DECISION_DATE
from interview_signals.timeline import business_calendar

Signal = Literal["duration", "role_selling", "follow_up_reply", "decision_date"]
SIGNALS: tuple[Signal, ...] = ("duration", "role_selling", "follow_up_reply", "decision_date")

UNKNOWN = -1  # the code of "not known" in every categorical column
REFERENCE_STAGE = "interview"


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
    Feature(
        "silence_after_follow_up", "follow_up_reply", -1, "one log-odds unit of silence weight after the follow-up"
    ),
    Feature(
        "silence_past_decision_date", "decision_date", -1, "one log-odds unit of silence weight past the decision date"
    ),
)
FEATURE_NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
SIGNS = np.array([feature.sign for feature in FEATURES], dtype=np.int8)
SIGNAL_INDEX: dict[Signal, npt.NDArray[np.intp]] = {
    signal: np.flatnonzero([feature.signal == signal for feature in FEATURES]) for signal in SIGNALS
}
STAGE_INDEX = np.flatnonzero([feature.signal is None for feature in FEATURES])


# Thermometer codes: entry ``code + 1`` (entry 0 is "not known") gives the features of each level, so
# "more selling" can only add non-negative effects on top of "less selling".
STAGE_CODES = ((1.0, 0.0), (0.0, 0.0), (0.0, 1.0))  # phone_screen, interview, final_round
SELLING_CODES = ((0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 1.0, 1.0))  # ?, none, some, strong
REPLY_CODES = ((0.0, 0.0), (0.0, 0.0), (1.0, 0.0), (1.0, 1.0))  # ?, none, acknowledged, affirming
# Silence weights by whole business day; entry ``days + 1``, so entry 0 (days = -1, not known) weighs 0.
FOLLOW_UP_SILENCE = (0.0, *AFTER_FOLLOW_UP.weight(np.arange(AFTER_FOLLOW_UP.cap_days + 1)).tolist())
DECISION_SILENCE = (0.0, *PAST_DECISION_DATE.weight(np.arange(PAST_DECISION_DATE.cap_days + 1)).tolist())


def code(value: str | None, levels: Sequence[str]) -> int:
    """The integer code of a categorical value; :data:`UNKNOWN` for ``None``."""
    return UNKNOWN if value is None else levels.index(value)


def silence_days(obs: Observation) -> tuple[int, int]:
    """Business days of silence after the follow-up, and past the promised decision date; -1 if not known.

    Silence after the follow-up counts only when its reply is known to be "none". A decision date
    that is still ahead is 0 days of silence.
    """
    calendar = business_calendar(obs.country, obs.interview_date, obs.as_of)
    after_follow_up = (
        calendar.count(obs.follow_up_sent_on, obs.as_of)
        if obs.follow_up_reply == "none" and obs.follow_up_sent_on is not None
        else UNKNOWN
    )
    decision = obs.decision_expected_by
    past_decision = UNKNOWN if decision is None else calendar.count(min(decision, obs.as_of), obs.as_of)
    return after_follow_up, past_decision


def feature_row(obs: Observation) -> list[float]:
    """One observation's features in plain floats: the fast path for a single estimate.

    :func:`feature_matrix` computes the same row for many interviews at once; a test holds them equal.
    """
    after_follow_up, past_decision = silence_days(obs)
    over = short = 0.0
    if obs.actual_minutes is not None:
        ratio = obs.actual_minutes / obs.scheduled_minutes
        over, short = min(max(ratio - 1.0, 0.0), 1.0), min(max(1.0 - ratio, 0.0), 1.0)
    return [
        *STAGE_CODES[STAGES.index(obs.stage)],
        over,
        short,
        *SELLING_CODES[code(obs.role_selling, ROLE_SELLING) + 1],
        *REPLY_CODES[code(obs.follow_up_reply, FOLLOW_UP_REPLIES) + 1],
        FOLLOW_UP_SILENCE[min(after_follow_up, AFTER_FOLLOW_UP.cap_days) + 1],
        DECISION_SILENCE[min(past_decision, PAST_DECISION_DATE.cap_days) + 1],
    ]


def features(obs: Observation) -> npt.NDArray[np.float64]:
    """One observation's feature row as an array."""
    return np.array(feature_row(obs))


@dataclass(frozen=True)
class SignalColumns:
    """The signals of many interviews as arrays, business days already counted; -1 / NaN mean unknown."""

    stage: npt.NDArray[np.intp]
    scheduled_minutes: npt.NDArray[np.float64]
    actual_minutes: npt.NDArray[np.float64]
    role_selling: npt.NDArray[np.intp]
    follow_up_reply: npt.NDArray[np.intp]
    follow_up_silence_days: npt.NDArray[np.intp]
    decision_silence_days: npt.NDArray[np.intp]


def business_days_since(
    start: npt.NDArray[np.datetime64], end: npt.NDArray[np.datetime64], countries: npt.NDArray[np.str_]
) -> npt.NDArray[np.intp]:
    """Business days in ``(start, end]`` per row, in each row's country; -1 where ``start`` is NaT."""
    out = np.full(start.shape, UNKNOWN, dtype=np.intp)
    known = ~np.isnat(start)
    for country in np.unique(countries[known]):
        rows = known & (countries == country) if len(countries) > 1 else known
        years = np.concatenate([start[rows], end[rows]]).astype("datetime64[Y]").astype(int) + 1970
        calendar = business_calendar(str(country), date(int(years.min()), 1, 1), date(int(years.max()), 1, 1))
        out[rows] = calendar.count_between(start[rows], end[rows])
    return out


def silence_since(
    follow_up_sent_on: npt.NDArray[np.datetime64],
    follow_up_reply: npt.NDArray[np.intp],
    decision_expected_by: npt.NDArray[np.datetime64],
    as_of: npt.NDArray[np.datetime64],
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.datetime64]]:
    """Vectorised :func:`silence_days`: the day each known silence began, NaT where none is known."""
    waiting = follow_up_reply == FOLLOW_UP_REPLIES.index("none")
    after_follow_up = np.where(waiting, follow_up_sent_on, np.datetime64("NaT", "D"))
    past_decision = np.minimum(decision_expected_by, as_of)  # NaT stays NaT
    return after_follow_up, past_decision


_STAGE_CODES = np.array(STAGE_CODES)
_SELLING_CODES = np.array(SELLING_CODES)
_REPLY_CODES = np.array(REPLY_CODES)
_FOLLOW_UP_SILENCE = np.array(FOLLOW_UP_SILENCE)
_DECISION_SILENCE = np.array(DECISION_SILENCE)


def feature_matrix(cols: SignalColumns) -> npt.NDArray[np.float64]:
    """The model's design matrix (one row per interview, :data:`FEATURE_NAMES` order, no intercept)."""
    ratio = cols.actual_minutes / cols.scheduled_minutes
    # fmax/fmin drop NaN, so an unknown length (NaN ratio) gives 0 for both duration features.
    return np.hstack(
        [
            _STAGE_CODES[cols.stage],
            np.fmin(np.fmax(ratio - 1.0, 0.0), 1.0)[:, None],
            np.fmin(np.fmax(1.0 - ratio, 0.0), 1.0)[:, None],
            _SELLING_CODES[cols.role_selling + 1],
            _REPLY_CODES[cols.follow_up_reply + 1],
            _FOLLOW_UP_SILENCE[np.minimum(cols.follow_up_silence_days, AFTER_FOLLOW_UP.cap_days) + 1][:, None],
            _DECISION_SILENCE[np.minimum(cols.decision_silence_days, PAST_DECISION_DATE.cap_days) + 1][:, None],
        ]
    )
