"""The estimate: exact contributions, an honest range, what-ifs that match re-estimates."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from interview_signals.assumptions import load_assumptions
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.explain import explain, percentage_points
from interview_signals.estimate.features import SIGNALS, clock_days
from interview_signals.estimate.model import Model
from interview_signals.estimate.silence import news_clock
from interview_signals.estimate.what_if import DECISION, what_if
from interview_signals.observation import Observation
from tests.strategies import observations


def logit(p: float) -> float:
    return math.log(p / (1 - p))


@settings(max_examples=200, deadline=None)
@given(obs=observations())
def test_contributions_add_up_exactly(model: Model, obs: Observation) -> None:
    result = explain(model, obs)
    total = logit(result.baseline) + math.fsum(c.log_odds for c in result.contributions)
    assert abs(total - logit(result.probability)) < 1e-9
    assert [c.signal for c in result.contributions] == list(SIGNALS)
    assert result.interval.low < result.probability < result.interval.high


@settings(max_examples=100, deadline=None)
@given(obs=observations())
def test_percentage_points_share_out_the_whole_difference(model: Model, obs: Observation) -> None:
    result = explain(model, obs)
    shares = percentage_points(result)
    assert math.isclose(sum(shares.values()), 100 * (result.probability - result.baseline), abs_tol=1e-9)
    for contribution in result.contributions:
        assert math.copysign(1, shares[contribution.signal]) == math.copysign(1, contribution.log_odds) or (
            contribution.log_odds == 0 and shares[contribution.signal] == 0
        )


def test_unknown_signals_contribute_nothing(model: Model, base_obs: Callable[..., Observation]) -> None:
    result = explain(model, base_obs(as_of=date(2026, 11, 2)))  # the interview day: no wait yet either
    assert all(c.log_odds == 0 for c in result.contributions)
    assert result.probability == result.baseline
    later = explain(model, base_obs())  # three weeks on, only the wait for news weighs
    assert [c.signal for c in later.contributions if c.log_odds != 0] == ["silence"]
    assert later.probability < later.baseline


def test_texts_say_what_was_observed(model: Model, base_obs: Callable[..., Observation]) -> None:
    obs = base_obs(
        actual_minutes=70,
        role_selling="strong",
        follow_up_sent_on=date(2026, 11, 12),
        follow_up_reply="none",
        decision_expected_by=date(2026, 11, 13),
    )
    texts = {c.signal: c.text for c in explain(model, obs).contributions}
    assert texts == {
        "duration": "Ran 25 min past the scheduled 45 min",
        "role_selling": "The interviewer sold the role strongly",
        "follow_up_reply": "No answer to your Nov 12 follow-up",
        "silence": (
            "No decision 13 business days after the interview; 6 business days after your follow-up; "
            "5 business days past the promised Nov 13"
        ),
    }


def test_what_if_covers_every_unknown_or_pending_signal(model: Model, base_obs: Callable[..., Observation]) -> None:
    obs = base_obs(decision_expected_by=date(2026, 11, 30))
    scenarios = what_if(model, obs)
    assert {s.signal for s in scenarios} == set(SIGNALS)
    by_outcome = {(s.signal, s.outcome): s for s in scenarios}
    assert {"ran_over", "on_time", "cut_short"} <= {outcome for signal, outcome in by_outcome if signal == "duration"}
    assert by_outcome["follow_up_reply", "affirming"].probability > explain(model, obs).probability
    assert by_outcome["follow_up_reply", "none"].probability < explain(model, obs).probability
    assert by_outcome["silence", "silent_until_2026-12-07"].probability < explain(model, obs).probability


def test_with_everything_known_only_the_wait_is_pending(model: Model, base_obs: Callable[..., Observation]) -> None:
    obs = base_obs(
        actual_minutes=45, role_selling="some", follow_up_sent_on=date(2026, 11, 12), follow_up_reply="affirming"
    )
    assert {s.signal for s in what_if(model, obs)} == {"silence"}  # time passes: the decision may come


@settings(max_examples=3000, deadline=None)
@given(obs=observations())
def test_not_sure_is_the_average_of_what_you_might_find_out(model: Model, obs: Observation) -> None:
    now = explain(model, obs).probability
    by_signal: dict[str, list[tuple[float, float]]] = {}
    for scenario in what_if(model, obs):
        assert 0 < scenario.chance <= 1
        by_signal.setdefault(scenario.signal, []).append((scenario.chance, scenario.probability))
    for signal, outcomes in by_signal.items():
        assert math.fsum(chance for chance, _ in outcomes) == pytest.approx(1, abs=1e-9), signal
        assert abs(math.fsum(chance * p for chance, p in outcomes) - now) <= 0.01, (signal, outcomes, now)


@settings(max_examples=40, deadline=None)
@given(obs=observations())
def test_each_what_if_is_the_estimate_of_that_world(model: Model, obs: Observation) -> None:
    for scenario in what_if(model, obs):
        if scenario.outcome == DECISION:  # the chance that the decision, when it comes, is an offer
            continue
        assert scenario.probability == pytest.approx(
            explain(model, _world(obs, scenario.signal, scenario.outcome, scenario.as_of, model)).probability
        )


def _world(obs: Observation, signal: str, outcome: str, as_of: date, model: Model) -> Observation:
    """Rebuild a scenario's observation independently of what_if's own code."""
    if signal == "duration":
        a = load_assumptions()
        share = {
            "ran_over": 1 + a.typical_share("ran_over"),
            "on_time": 1.0,
            "cut_short": 1 - a.typical_share("cut_short"),
        }
        return obs.model_copy(update={"actual_minutes": max(1, round(obs.scheduled_minutes * share[outcome]))})
    if signal == "role_selling":
        return obs.model_copy(update={"role_selling": outcome})
    if signal == "silence":
        days = clock_days(obs)
        pending = obs.follow_up_reply == "none" and days.since_follow_up <= news_clock().follow_up_grace_days
        return obs.model_copy(update={"as_of": as_of} | ({"follow_up_reply": None} if pending else {}))
    reply = outcome if outcome in ("affirming", "acknowledged") else "none"
    sent = obs.follow_up_sent_on
    if sent is None:
        sent = next(s for s in estimate(model, obs).next_steps if s.kind == "second_follow_up").date
        sent = max(sent, obs.as_of)
    return obs.model_copy(update={"follow_up_sent_on": sent, "follow_up_reply": reply, "as_of": as_of})


def test_the_estimate_reports_the_evidence_behind_it(model: Model, base_obs: Callable[..., Observation]) -> None:
    document: dict[str, Any] = estimate(model, base_obs()).to_dict()
    assert document["model"] == {"version": model.version, "prior_weight": 100.0, "real_outcomes": 0}
    assert set(document) == {
        "probability", "interval", "baseline", "contributions", "what_if", "next_steps", "model"
    }  # fmt: skip
    assert document["interval"]["level"] == 0.9
