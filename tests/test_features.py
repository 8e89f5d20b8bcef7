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

from interview_signals.estimate.batch import columns_from_frame, frame_features, observation_records, score_frame
from interview_signals.estimate.features import (
    FEATURE_NAMES,
    SIGNAL_INDEX,
    feature_matrix,
    feature_row,
    features,
    linear_predictor,
)
from interview_signals.estimate.model import Model
from interview_signals.estimate.silence import AFTER_FOLLOW_UP, PAST_DECISION_DATE
from interview_signals.observation import Observation
from interview_signals.prior.simulate import simulate
from tests.strategies import observations


def test_nothing_known_is_all_zeros(base_obs: Callable[..., Observation]) -> None:
    assert not features(base_obs()).any()


def test_a_long_interview_sets_only_ran_over(base_obs: Callable[..., Observation]) -> None:
    row = dict(zip(FEATURE_NAMES, features(base_obs(actual_minutes=60)), strict=True))
    assert row["ran_over"] == pytest.approx(15 / 45)
    assert sum(value != 0 for value in row.values()) == 1


def test_reply_not_given_means_no_silence_is_counted(base_obs: Callable[..., Observation]) -> None:
    unknown = features(base_obs(follow_up_sent_on=date(2026, 11, 10)))
    silent = features(base_obs(follow_up_sent_on=date(2026, 11, 10), follow_up_reply="none"))
    index = FEATURE_NAMES.index("silence_after_follow_up")
    assert unknown[index] == 0 < silent[index]


def test_silence_weighs_nothing_in_the_grace_period_then_grows() -> None:
    for model in (AFTER_FOLLOW_UP, PAST_DECISION_DATE):
        days = np.arange(0, 45)
        weights = model.weight(days)
        assert not weights[: model.grace_days + 1].any()
        assert (np.diff(weights[: model.cap_days + 1])[model.grace_days :] > 0).all()
        assert (weights[model.cap_days :] == weights[model.cap_days]).all()


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
