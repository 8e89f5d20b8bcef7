"""Why the number is what it is: probability, range, baseline and each signal's exact contribution."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from interview_signals.calendar import day_text
from interview_signals.estimate.features import FEATURES, SIGNALS, ClockDays, Signal, clock_days, feature_row
from interview_signals.estimate.model import Model, logistic
from interview_signals.estimate.silence import NEVER, news_clock
from interview_signals.observation import Observation


@dataclass(frozen=True)
class Contribution:
    """How far one signal moves the log-odds from the baseline, and why, in one sentence."""

    signal: Signal
    log_odds: float
    text: str


@dataclass(frozen=True)
class Interval:
    """The plausible range of the probability from the model's parameter uncertainty."""

    low: float
    high: float
    level: float


@dataclass(frozen=True)
class Explanation:
    """The probability, its range, the baseline and each signal's contribution."""

    probability: float
    interval: Interval
    baseline: float
    contributions: tuple[Contribution, ...]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _duration_text(obs: Observation) -> str:
    scheduled, actual = obs.scheduled_minutes, obs.actual_minutes
    if actual is None:
        return f"Actual length not given (scheduled {scheduled} min)"
    if actual > scheduled:
        return f"Ran {actual - scheduled} min past the scheduled {scheduled} min"
    if actual < scheduled:
        return f"Ended {scheduled - actual} min short of the scheduled {scheduled} min"
    return f"Ran exactly the scheduled {scheduled} min"


SELLING_TEXT = {
    None: "Not sure whether the interviewer talked up the role",
    "none": "The interviewer did not talk up the role",
    "some": "The interviewer talked up the role somewhat",
    "strong": "The interviewer sold the role strongly",
}


def _reply_text(obs: Observation, days: ClockDays) -> str:
    if obs.follow_up_sent_on is None:
        return "No follow-up sent yet"
    sent = day_text(obs.follow_up_sent_on)
    if obs.follow_up_reply is None:
        return f"Follow-up sent {sent}; reply not given"
    if obs.follow_up_reply == "affirming":
        return f"They replied warmly to your {sent} follow-up"
    if obs.follow_up_reply == "acknowledged":
        return f"Your {sent} follow-up got a generic acknowledgement"
    if days.since_follow_up <= news_clock().follow_up_grace_days:
        return f"No reply yet to your {sent} follow-up; too early to read anything into it"
    return f"No answer to your {sent} follow-up"


def _silence_text(obs: Observation, days: ClockDays) -> str:
    """The wait for a decision: how long since the interview, and what made the news more urgent."""
    clock = news_clock()
    if days.waited <= clock.grace_days:
        return f"{_plural(days.waited, 'business day')} since the interview: too early for news"
    parts = [f"No decision {_plural(days.waited, 'business day')} after the interview"]
    if days.follow_up != NEVER and days.since_follow_up > clock.follow_up_grace_days:
        parts.append(f"{_plural(days.since_follow_up, 'business day')} after your follow-up")
    if obs.decision_expected_by is not None and days.decision != NEVER:
        promised = day_text(obs.decision_expected_by)
        if days.since_decision > 0:
            parts.append(f"{_plural(days.since_decision, 'business day')} past the promised {promised}")
        else:
            parts.append(f"the promised {promised} is still ahead")
    return "; ".join(parts)


def explain(model: Model, obs: Observation) -> Explanation:
    """Probability, plausible range, baseline and exact per-signal contributions for one observation.

    ``logit(baseline) + sum(contribution.log_odds) == logit(probability)``: each contribution is the
    signal's coefficients times its features, and an unknown signal's features are all 0.
    """
    days = clock_days(obs)
    x = np.array([1.0, *feature_row(obs, days)])
    baseline_log_odds, *moves = (model.parts @ x).tolist()
    texts = (
        _duration_text(obs),
        SELLING_TEXT[obs.role_selling],
        _reply_text(obs, days),
        _silence_text(obs, days),
    )
    contributions = tuple(map(Contribution, SIGNALS, moves, texts))
    log_odds = baseline_log_odds + math.fsum(moves)
    spread = float(model.spread(x))
    return Explanation(
        probability=logistic(log_odds),
        interval=Interval(logistic(log_odds - spread), logistic(log_odds + spread), model.level),
        baseline=logistic(baseline_log_odds),
        contributions=contributions,
    )


def percentage_points(explanation: Explanation) -> dict[Signal, float]:
    """Each signal's share of ``probability - baseline`` in percentage points (Shapley values).

    Log-odds add up exactly but probabilities do not, so each signal gets its contribution averaged
    over every order in which the signals could be added; the shares sum to the whole difference.
    """
    base = math.log(explanation.baseline / (1 - explanation.baseline))
    moves = {c.signal: c.log_odds for c in explanation.contributions}
    n = len(moves)
    shares: dict[Signal, float] = {}
    for signal, move in moves.items():
        others = [other for other in moves if other != signal]
        share = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for subset in itertools.combinations(others, size):
                before = base + sum(moves[other] for other in subset)
                share += weight * (logistic(before + move) - logistic(before))
        shares[signal] = 100.0 * share
    return shares


@dataclass(frozen=True)
class Effect:
    """One row of the points table: how far one unit of a feature moves the log-odds, with its range."""

    feature: str
    signal: str
    unit: str
    log_odds: float
    odds_ratio: float
    low: float
    high: float


def effects_table(model: Model) -> tuple[Effect, ...]:
    """Every fitted effect with its plausible range (same level as the estimate's interval).

    A range stops at 0 on the side the article rules out: the model never lets running long lower
    the odds, so its range does not either (the Laplace approximation alone would cross 0).
    """
    sd = [math.sqrt(v) for v in model.covariance.diagonal()[1:]]
    rows = []
    for feature, beta, s in zip(FEATURES, model.coefficients, sd, strict=True):
        low, high = float(beta - model.z * s), float(beta + model.z * s)
        if feature.sign > 0:
            low = max(low, 0.0)
        elif feature.sign < 0:
            high = min(high, 0.0)
        rows.append(
            Effect(feature.name, feature.signal or "stage", feature.unit, float(beta), math.exp(beta), low, high)
        )
    return tuple(rows)
