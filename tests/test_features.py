"""Observation -> features: unknown stays unknown (all zeros), and both paths agree."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.fast_scoring import linear_predictor, score_frame
from interview_signals.estimate.batch import columns_from_frame, frame_features, observation_records
from interview_signals.estimate.features import (
    FEATURE_NAMES,
    SIGNAL_INDEX,
    feature_matrix,
    feature_row,
    features,
)
from interview_signals.estimate.model import Model
from interview_signals.estimate.silence import NEVER, news_clock
from interview_signals.evaluation import silence_study
from interview_signals.observation import Observation
from interview_signals.prior.simulate import simulate
from tests.strategies import observations


def test_nothing_known_on_the_interview_day_is_all_zeros(base_obs: Callable[..., Observation]) -> None:
    assert not features(base_obs(as_of=date(2026, 11, 2))).any()


def test_later_only_the_wait_for_news_weighs(base_obs: Callable[..., Observation]) -> None:
    row = dict(zip(FEATURE_NAMES, features(base_obs()), strict=True))  # 14 business days after the interview
    assert row["silence"] > 0
    assert sum(value != 0 for value in row.values()) == 1


def test_a_long_interview_sets_only_ran_over(base_obs: Callable[..., Observation]) -> None:
    row = dict(zip(FEATURE_NAMES, features(base_obs(actual_minutes=60, as_of=date(2026, 11, 3))), strict=True))
    assert row["ran_over"] == pytest.approx(15 / 45)
    assert sum(value != 0 for value in row.values()) == 1


def test_an_unanswered_follow_up_counts_only_when_its_reply_is_known(base_obs: Callable[..., Observation]) -> None:
    unknown = features(base_obs(follow_up_sent_on=date(2026, 11, 10)))
    silent = features(base_obs(follow_up_sent_on=date(2026, 11, 10), follow_up_reply="none"))
    index = FEATURE_NAMES.index("no_reply")
    assert unknown[index] == 0 < silent[index]
    clock = FEATURE_NAMES.index("silence")  # the clock runs faster after any follow-up, whatever its answer
    assert unknown[clock] == silent[clock] > features(base_obs())[clock]


def test_the_clock_weighs_nothing_in_its_grace_period_then_grows_until_its_cap() -> None:
    clock = news_clock()
    days = np.arange(0, clock.cap_days + 20)
    for follow_up, decision in ((NEVER, NEVER), (7, NEVER), (NEVER, 5), (7, 5)):
        weights = clock.weight(days, follow_up, decision)
        assert not weights[: clock.grace_days + 1].any()
        assert (np.diff(weights[: clock.cap_days + 1])[clock.grace_days :] > 0).all()
        assert (weights[clock.cap_days :] == weights[clock.cap_days]).all()
        assert [clock.weight_of(int(d), follow_up, decision) for d in days] == pytest.approx(weights, abs=1e-12)


def test_news_arrives_once_two_reasons_to_expect_it_weigh_as_one() -> None:
    table = silence_study.combined_silence()
    assert (table["both"] >= table[["follow_up_alone", "decision_alone"]].max(axis=1) - 1e-12).all()
    worst = table.iloc[int(table["ratio"].to_numpy().argmax())]
    print("clock: largest combined / larger alone:", worst.to_dict())
    assert worst["ratio"] <= 1.25


def test_the_whole_estimate_counts_two_silences_on_the_same_days_at_most_a_quarter_more_than_one(
    model: Model,
) -> None:
    # The estimate, not only the clock: an unanswered follow-up also weighs by its own reply level.
    table = silence_study.combined_silence(model=model)
    assert (table[["follow_up_alone", "decision_alone", "both"]] <= 1e-12).all(axis=None)  # every silence is bad news
    worst = table.iloc[int(table["ratio"].to_numpy().argmax())]
    print("estimate: largest combined / larger alone:", worst.to_dict())
    assert worst["ratio"] <= 1.25


def test_no_reply_within_two_business_days_carries_no_information(base_obs: Callable[..., Observation]) -> None:
    # Sent Thu 12 Nov; Fri 13 and Mon 16 are the first two business days after it.
    obs = base_obs(follow_up_sent_on=date(2026, 11, 12), follow_up_reply="none", as_of=date(2026, 11, 16))
    assert not features(obs)[SIGNAL_INDEX["follow_up_reply"]].any()


@settings(max_examples=300, deadline=None)
@given(observations())
def test_the_fast_row_equals_the_vectorised_matrix(obs: Observation) -> None:
    matrix = frame_features(observation_records([obs]))
    np.testing.assert_allclose(matrix[0], feature_row(obs), rtol=0, atol=1e-12)


@settings(max_examples=300, deadline=None)
@given(st.lists(observations(), min_size=1, max_size=5))
def test_the_contracted_look_ups_equal_the_matrix_product_for_any_observations(
    model: Model, batch: list[Observation]
) -> None:
    cols = columns_from_frame(observation_records(batch))
    direct = linear_predictor(cols, model.intercept, model.coefficients)
    np.testing.assert_allclose(direct, model.log_odds(feature_matrix(cols)), rtol=0, atol=1e-12)


def test_batch_scoring_without_the_matrix_equals_the_matrix_product(model: Model) -> None:
    frame = simulate(5_000, seed=31)
    cols = columns_from_frame(frame)
    direct = linear_predictor(cols, model.intercept, model.coefficients)
    np.testing.assert_allclose(direct, model.log_odds(feature_matrix(cols)), rtol=0, atol=1e-12)
    np.testing.assert_allclose(score_frame(model, frame), model.probability(feature_matrix(cols)), rtol=0, atol=1e-12)


def test_text_and_datetime_columns_give_the_same_features() -> None:
    frame = simulate(300, seed=32).drop(columns=["outcome", "true_probability"])
    as_text = pd.read_csv(io.StringIO(frame.to_csv(index=False, date_format="%Y-%m-%d")), dtype=str)
    np.testing.assert_array_equal(frame_features(frame), frame_features(as_text))


def test_the_clocks_weight_table_equals_its_formula_everywhere() -> None:
    # The table covers every capped day; past the cap, before the grace period and for NEVER it must agree too.
    from interview_signals.assumptions import NO_OFFER, OFFER

    clock, rng = news_clock(), np.random.default_rng(11)
    n = 50_000
    days = rng.integers(0, 3 * clock.cap_days, n)
    follow_up = np.where(rng.random(n) < 0.3, NEVER, rng.integers(0, 2 * clock.cap_days, n))
    decision = np.where(rng.random(n) < 0.3, NEVER, rng.integers(0, 2 * clock.cap_days, n))
    formula = clock.log_survival(NO_OFFER, days, follow_up, decision) - clock.log_survival(
        OFFER, days, follow_up, decision
    )
    np.testing.assert_array_equal(clock.weight(days, follow_up, decision), formula)
    for day, sent, promised in zip(days[:500], follow_up[:500], decision[:500], strict=True):
        assert clock.weight(day, sent, promised) == pytest.approx(clock.weight_of(int(day), int(sent), int(promised)))
