"""The documented prior: reproducible, valid, and faithful to the data card's numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from interview_signals.estimate.batch import frame_features
from interview_signals.estimate.csv_rows import OUTCOME, validate_rows
from interview_signals.prior.simulate import TRUE_PROBABILITY, PriorAssumptions, simulate


def test_the_same_seed_gives_the_same_interviews() -> None:
    pd.testing.assert_frame_equal(simulate(500, seed=3), simulate(500, seed=3))
    assert not simulate(500, seed=3).equals(simulate(500, seed=4))


def test_every_simulated_row_is_a_valid_observation() -> None:
    frame = simulate(3_000, seed=5)
    as_text = frame.drop(columns=[OUTCOME, TRUE_PROBABILITY]).astype(object)
    as_text = as_text.where(as_text.notna(), None)
    for name in ("interview_date", "as_of", "decision_expected_by", "thank_you_sent_on", "follow_up_sent_on"):
        as_text[name] = frame[name].dt.strftime("%Y-%m-%d").where(frame[name].notna(), None)
    validate_rows(as_text, first_line=2)  # raises InvalidRow on the first bad one


def test_unknown_rates_match_the_data_card() -> None:
    frame, a = simulate(40_000, seed=6), PriorAssumptions()
    assert abs(frame["actual_minutes"].isna().mean() - a.length_unknown) < 0.01
    assert abs(frame["role_selling"].isna().mean() - a.selling_unknown) < 0.01
    assert abs(frame["decision_expected_by"].isna().mean() - a.decision_date_unknown) < 0.01


def test_outcomes_follow_the_stated_probabilities() -> None:
    frame = simulate(40_000, seed=7)
    intercept, coefficients = PriorAssumptions().true_coefficients()
    expected = 1 / (1 + np.exp(-(intercept[0] + frame_features(frame) @ coefficients)))
    np.testing.assert_allclose(frame[TRUE_PROBABILITY], expected)
    assert abs(frame[OUTCOME].mean() - frame[TRUE_PROBABILITY].mean()) < 0.01


def test_with_nothing_known_the_rate_is_the_stages_base_rate() -> None:
    a = PriorAssumptions()
    intercept, coefficients = a.true_coefficients()
    for stage, stage_features in {"phone_screen": [1, 0], "interview": [0, 0], "final_round": [0, 1]}.items():
        row = np.zeros(len(coefficients))
        row[:2] = stage_features
        assert abs(1 / (1 + np.exp(-(intercept[0] + row @ coefficients))) - a.base_rate[stage]) < 1e-12
