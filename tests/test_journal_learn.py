"""The pipeline, the track record and learning: honest numbers from the saved estimates and the user's outcomes."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from icalendar import Calendar

from interview_signals import config
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.batch import frame_features
from interview_signals.estimate.model import Model, ModelUnavailable, load, sha256_of
from interview_signals.evaluation.metrics import log_loss
from interview_signals.journal import learn, simulated
from interview_signals.journal.pipeline import (
    NO_RESPONSE_AFTER_BUSINESS_DAYS,
    estimates,
    outcome_reminder,
    pipeline,
    silent_business_days,
)
from interview_signals.journal.store import Journal, NewInterview, OutcomeEvent, Shown, Snapshot
from interview_signals.journal.track_record import track_record
from interview_signals.prior.simulate import simulate
from tests.conftest import make_obs

MOMENT = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Journal:
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path))  # learned models and the model choice go here too
    return Journal()


def _closed(probability: float, outcome: str | None) -> NewInterview:
    snapshot = Snapshot.of(make_obs(), Shown("old", probability, probability / 2, (1 + probability) / 2, 0.9), MOMENT)
    events = () if outcome is None else (OutcomeEvent(outcome, MOMENT + timedelta(days=9)),)  # type: ignore[arg-type]
    return NewInterview(f"p={probability}", (snapshot,), events)


def test_the_track_record_scores_the_saved_probabilities_and_leaves_out_withdrawn(journal: Journal) -> None:
    cases = [(0.9, "offer"), (0.7, "rejected"), (0.2, "no_response"), (0.35, "next_round"), (0.5, "withdrawn")]
    journal.add_many([_closed(p, outcome) for p, outcome in cases] + [_closed(0.6, None)])
    record = track_record(journal.interviews())
    p, y = np.array([0.9, 0.7, 0.2, 0.35]), np.array([1.0, 0.0, 0.0, 1.0])
    assert (record.outcomes, record.withdrawn) == (4, 1)
    assert record.brier == pytest.approx(np.mean((p - y) ** 2))
    assert record.log_loss == pytest.approx(log_loss(y, p))
    bins = record.reliability
    assert len(bins) == 10
    assert bins["interviews"].sum() == 4
    assert bins.loc[bins["interviews"] == 0, "observed"].isna().all()
    filled = bins[bins["interviews"] > 0]
    assert ((filled["low"] <= filled["observed"]) & (filled["observed"] <= filled["high"])).all()
    assert filled["mean_estimate"].tolist() == pytest.approx([0.2, 0.35, 0.7, 0.9])
    assert record.too_little


def test_the_track_record_is_of_the_estimate_shown_before_the_outcome_not_a_later_one(journal: Journal) -> None:
    first = journal.add("Acme", make_obs(), Shown("old", 0.8, 0.6, 0.9, 0.9), MOMENT)
    journal.record_outcome(first, "rejected", MOMENT + timedelta(days=3))
    journal.update(first, make_obs(actual_minutes=10), Shown("old", 0.1, 0.05, 0.2, 0.9), MOMENT + timedelta(days=4))
    assert track_record(journal.interviews()).brier == pytest.approx(0.8**2)


def test_the_pipeline_rescores_today_and_combines_open_interviews_assuming_independence(
    journal: Journal, model: Model
) -> None:
    observations = [make_obs(actual_minutes=70), make_obs(stage="final_round"), make_obs(role_selling="none")]
    for index, obs in enumerate(observations):
        journal.add(f"#{index}", obs, Shown.of(estimate(model, obs)))
    journal.record_outcome(3, "offer")  # closed: not in the pipeline
    day = date(2026, 11, 24)
    state = pipeline(journal.interviews(), model, day)
    assert [row.interview.label for row in state.rows] == ["#0", "#1"]
    for row, obs in zip(state.rows, observations, strict=False):
        expected = estimate(model, obs.model_copy(update={"as_of": day}))
        assert row.today.probability == pytest.approx(expected.probability, abs=1e-12)
    chance = state.at_least_one
    assert chance.probability == pytest.approx(1 - math.prod(1 - row.today.probability for row in state.rows))
    assert chance.low < chance.probability < chance.high
    assert "independent" in chance.assumption


def test_no_response_is_suggested_after_15_silent_business_days_and_can_be_reopened(
    journal: Journal, model: Model
) -> None:
    obs = make_obs(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 3))
    interview_id = journal.add("Acme", obs, Shown.of(estimate(model, obs)))
    # Nov 2 plus 15 business days, skipping Veterans Day (Nov 11), is Nov 24.
    assert silent_business_days(obs, date(2026, 11, 23)) == NO_RESPONSE_AFTER_BUSINESS_DAYS - 1
    assert not pipeline(journal.interviews(), model, date(2026, 11, 23)).rows[0].suggest_no_response
    assert pipeline(journal.interviews(), model, date(2026, 11, 24)).rows[0].suggest_no_response
    journal.record_outcome(interview_id, "no_response")
    assert pipeline(journal.interviews(), model, date(2026, 11, 24)).rows == ()
    journal.record_outcome(interview_id, "open")
    assert journal.interview(interview_id).is_open
    replied = obs.model_copy(update={"follow_up_sent_on": date(2026, 11, 3), "follow_up_reply": "acknowledged"})
    assert silent_business_days(replied, date(2026, 12, 30)) == 0


def test_the_reminder_to_record_the_outcome_falls_on_the_promised_date(journal: Journal) -> None:
    journal.add("Acme", make_obs(decision_expected_by=date(2026, 11, 25)), Shown("t", 0.5, 0.3, 0.7, 0.9))
    journal.add("Globex", make_obs(), Shown("t", 0.5, 0.3, 0.7, 0.9))
    acme, globex = journal.interviews()
    ics = outcome_reminder(acme)
    assert ics is not None
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2026, 11, 25)
    assert "Record how it went: Acme" in str(event["summary"])
    assert outcome_reminder(globex) is None


def test_learning_writes_a_new_hash_checked_version_switches_to_it_and_back(journal: Journal, model: Model) -> None:
    bundled_hash = sha256_of(config.BUNDLED_MODEL)
    simulated.fill(journal, model, 8, seed=3)
    shares: list[float] = []
    learned = learn.learn(journal, progress=lambda share, text: shares.append(share))
    assert shares[0] == 0.0
    assert shares[-1] == 1.0
    assert shares == sorted(shares)
    assert learned.path.parent == config.learned_models()
    assert learned.path.is_file()
    assert config.active_model() == learned.path
    assert load().version == learned.model.version
    assert learned.model.real_outcomes == 8
    assert learned.too_little
    assert any("too little data" in line for line in learn.summary_lines(learned))
    assert sha256_of(config.BUNDLED_MODEL) == bundled_hash  # never written over

    again = learn.learn(journal, switch=False)  # the model in use has seen these outcomes: scored against the prior
    assert again.out_of_sample is not None
    assert again.out_of_sample.old == "the prior alone"
    assert config.active_model() == learned.path

    assert learn.switch_back()
    assert config.active_model() == config.BUNDLED_MODEL
    assert learn.switch_back()
    assert config.active_model() == learned.path
    learned.path.write_bytes(learned.path.read_bytes() + b"tampered")
    with pytest.raises(ModelUnavailable, match="SHA-256"):
        load()


def test_learning_in_a_world_unlike_the_prior_beats_the_prior_by_5_percent_after_200_outcomes(
    journal: Journal, model: Model
) -> None:
    world = simulated.different_world()
    simulated.fill(journal, model, 200, seed=11, world=world)
    learned = learn.learn(journal)
    assert learned.before.real_outcomes == 0
    assert learned.model.real_outcomes == 200
    fresh = simulate(20_000, seed=2027, assumptions=world)  # interviews the journal never saw
    x, y = frame_features(fresh), fresh["outcome"].to_numpy(dtype=float)
    prior_only, refit = log_loss(y, learned.before.probability(x)), log_loss(y, learned.model.probability(x))
    scores = learned.out_of_sample
    assert scores is not None
    print(
        f"log loss in the user's world: prior only {prior_only:.4f}, refit {refit:.4f} "
        f"({1 - refit / prior_only:.1%} better); on the journal out of sample ({scores.folds}-fold): "
        f"{scores.old_log_loss:.4f} -> {scores.learned_log_loss:.4f}"
    )
    assert refit <= 0.95 * prior_only
    assert scores.old == "the model in use before"
    assert scores.learned_log_loss < scores.old_log_loss


def test_bulk_estimates_match_the_single_estimate(model: Model) -> None:
    observations = [
        make_obs(),
        make_obs(actual_minutes=20, follow_up_sent_on=date(2026, 11, 10), follow_up_reply="none"),
    ]
    for shown, obs in zip(estimates(model, observations), observations, strict=True):
        single = estimate(model, obs)
        assert (shown.probability, shown.low, shown.high) == pytest.approx(
            (single.probability, single.interval.low, single.interval.high), abs=1e-12
        )
