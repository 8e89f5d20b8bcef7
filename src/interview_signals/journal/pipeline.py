"""The pipeline: every open interview with today's estimate and next due step, and the chance of at least one yes.

Today's estimate re-scores the latest saved observation as of today (silence keeps counting after the
last save), for many interviews at once. The chance that at least one open interview leads to an offer or a
next round assumes the interviews' outcomes are independent given what was observed; its range comes from
draws of the model's coefficients, which every interview shares, so the range is not narrowed by pretending
the interviews' uncertainties cancel out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from interview_signals.calendar import business_calendar
from interview_signals.estimate.batch import frame_features, observation_records
from interview_signals.estimate.model import Model, logistic
from interview_signals.estimate.next_steps import NextStep, next_steps
from interview_signals.journal.store import Interview, Shown
from interview_signals.observation import Observation

NO_RESPONSE_AFTER_BUSINESS_DAYS = 15  # silent this long, the journal suggests recording `no_response`
COEFFICIENT_DRAWS = 1_000  # draws of the model's coefficients behind the range of "at least one"
DRAW_SEED = 2026  # the same journal and model always show the same range
INDEPENDENCE = (
    "This assumes the interviews' outcomes are independent of each other (one company's decision does not "
    "change another's); the range reflects the model's own uncertainty, which all of them share."
)


def as_of(obs: Observation, day: date) -> Observation:
    """The observation as it stands on ``day``: what was known, with silence counted up to that day."""
    return obs if obs.as_of >= day else obs.model_copy(update={"as_of": day})


def design(observations: Sequence[Observation]) -> npt.NDArray[np.float64]:
    """``[1, *features]`` of each observation, in one vectorised pass."""
    x = frame_features(observation_records(list(observations)))
    return np.hstack([np.ones((len(x), 1)), x])


def estimates(model: Model, observations: Sequence[Observation]) -> list[Shown]:
    """The model's probability and range for each observation, at once: what a save stores when it is bulk."""
    if not observations:
        return []
    rows = design(observations)
    log_odds = rows @ np.concatenate(([model.intercept], model.coefficients))
    spread = model.spread(rows)
    p, low, high = logistic(log_odds), logistic(log_odds - spread), logistic(log_odds + spread)
    return [
        Shown(model.version, float(a), float(b), float(c), model.level)
        for a, b, c in zip(p.tolist(), low.tolist(), high.tolist(), strict=True)
    ]


def silent_business_days(obs: Observation, day: date) -> int:
    """Business days with no news up to ``day``: since the interview, a follow-up or a promised date, the latest.

    A reply (of any kind) is news, so it stops the count.
    """
    if obs.follow_up_reply in ("acknowledged", "affirming"):
        return 0
    since = max(d for d in (obs.interview_date, obs.follow_up_sent_on, obs.decision_expected_by) if d is not None)
    if day <= since:
        return 0
    return business_calendar(obs.country, since, day).count(since, day)


def suggests_no_response(interview: Interview, day: date) -> bool:
    """An open interview that has been silent so long that `no_response` is the likely outcome: ask."""
    return interview.is_open and (
        silent_business_days(interview.latest.observation, day) >= NO_RESPONSE_AFTER_BUSINESS_DAYS
    )


def due_step(steps: Sequence[NextStep]) -> NextStep | None:
    """The first step not done yet: overdue or due before upcoming, earliest first."""
    pending = [step for step in steps if step.status != "done"]
    order = {"overdue": 0, "due": 1, "upcoming": 2}
    return min(pending, key=lambda step: (order[step.status], step.date), default=None)


@dataclass(frozen=True)
class PipelineRow:
    """One open interview as it stands today."""

    interview: Interview
    today: Shown
    next_step: NextStep | None
    silent_days: int

    @property
    def suggest_no_response(self) -> bool:
        """Silent long enough that the journal asks whether to record `no_response`."""
        return self.silent_days >= NO_RESPONSE_AFTER_BUSINESS_DAYS


@dataclass(frozen=True)
class AtLeastOne:
    """P(at least one of the open interviews leads to an offer or a next round), with its range."""

    probability: float
    low: float
    high: float
    level: float
    interviews: int
    assumption: str = INDEPENDENCE


@dataclass(frozen=True)
class Pipeline:
    """Every open interview, and the chance that at least one of them works out."""

    rows: tuple[PipelineRow, ...]
    at_least_one: AtLeastOne
    day: date


def at_least_one(model: Model, rows: npt.NDArray[np.float64]) -> AtLeastOne:
    """P(at least one yes) for the interviews of ``rows`` (``[1, *features]`` each), assuming independence.

    The point is ``1 - prod(1 - p_i)`` at the fitted coefficients; the range is the central ``model.level``
    share of the same quantity over draws of the coefficients from their Laplace approximation.
    """
    if len(rows) == 0:
        return AtLeastOne(0.0, 0.0, 0.0, model.level, 0)
    mean = np.concatenate(([model.intercept], model.coefficients))
    point = 1.0 - float(np.prod(1.0 - logistic(rows @ mean)))
    draws = np.random.default_rng(DRAW_SEED).multivariate_normal(
        mean, model.covariance, size=COEFFICIENT_DRAWS, method="cholesky"
    )
    # log P(all no) = sum log(1 - p_i) = -sum softplus(log-odds_i), summed over interviews for each draw.
    none = np.exp(-np.logaddexp(0.0, rows @ draws.T).sum(axis=0))
    tail = (1 - model.level) / 2
    low, high = np.quantile(1.0 - none, [tail, 1 - tail])
    return AtLeastOne(point, float(low), float(high), model.level, len(rows))


def pipeline(interviews: Sequence[Interview], model: Model, day: date) -> Pipeline:
    """The open interviews of a journal as they stand on ``day``, with today's estimate and next due step."""
    open_ = [interview for interview in interviews if interview.is_open]
    now = [as_of(interview.latest.observation, day) for interview in open_]
    shown = estimates(model, now)
    rows = tuple(
        PipelineRow(interview, today, due_step(next_steps(obs)), silent_business_days(obs, day))
        for interview, obs, today in zip(open_, now, shown, strict=True)
    )
    return Pipeline(rows, at_least_one(model, design(now) if now else np.empty((0, 0))), day)


def history(interview: Interview) -> list[dict[str, object]]:
    """The estimate's history, one record per save: when, as of which day, probability and range."""
    return [
        {
            "saved_at": snapshot.saved_at,
            "as_of": snapshot.observation.as_of,
            "probability": snapshot.shown.probability,
            "low": snapshot.shown.low,
            "high": snapshot.shown.high,
            "model_version": snapshot.shown.model_version,
        }
        for snapshot in interview.snapshots
    ]


def outcome_reminder(interview: Interview, stamp: datetime | None = None) -> bytes | None:
    """A calendar reminder (.ics) "record how it went" on the promised decision date; None without one."""
    from interview_signals.present.reminders import day_reminder_ics

    decision = interview.latest.observation.decision_expected_by
    if decision is None:
        return None
    return day_reminder_ics(
        uid=f"record-outcome-{interview.id}-{decision:%Y%m%d}@interview-signals",
        summary=f"Record how it went: {interview.label}",
        lines=[
            f"The decision on {interview.label} was promised by today.",
            "Record the outcome in the journal (offer, next round, rejected, withdrawn or no response).",
        ],
        day=decision,
        stamp=stamp or datetime.now(UTC),
    )
