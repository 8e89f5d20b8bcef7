"""The documented prior: reproducible, valid, coherent by construction, and faithful to its assumptions file."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from interview_signals.assumptions import OFFER, load_assumptions
from interview_signals.estimate.batch import columns_from_frame, frame_features
from interview_signals.estimate.csv_rows import OUTCOME, validate_rows
from interview_signals.estimate.silence import news_clock
from interview_signals.observation import STAGES
from interview_signals.prior.simulate import TRUE_PROBABILITY, simulate, true_coefficients


def test_the_same_seed_gives_the_same_interviews() -> None:
    pd.testing.assert_frame_equal(simulate(500, seed=3), simulate(500, seed=3))
    assert not simulate(500, seed=3).equals(simulate(500, seed=4))
    assert len(simulate(500, seed=3)) == 500


def test_every_simulated_row_is_a_valid_observation() -> None:
    frame = simulate(3_000, seed=5)
    as_text = frame.drop(columns=[OUTCOME, TRUE_PROBABILITY]).astype(object)
    as_text = as_text.where(as_text.notna(), None)
    for name in ("interview_date", "as_of", "decision_expected_by", "thank_you_sent_on", "follow_up_sent_on"):
        as_text[name] = frame[name].dt.strftime("%Y-%m-%d").where(frame[name].notna(), None)
    validate_rows(as_text, first_line=2)  # raises InvalidRow on the first bad one


def test_interviews_fall_on_business_days_and_follow_ups_come_after_the_thank_you() -> None:
    frame = simulate(5_000, seed=8)
    assert (frame["interview_date"].dt.day_of_week < 5).all()
    both = frame["follow_up_sent_on"].notna() & frame["thank_you_sent_on"].notna()
    assert (frame.loc[both, "follow_up_sent_on"] > frame.loc[both, "thank_you_sent_on"]).all()
    minutes = frame["actual_minutes"].dropna() / frame.loc[frame["actual_minutes"].notna(), "scheduled_minutes"]
    high = load_assumptions().share_range[1]
    assert minutes.between(1 - high - 0.02, 1 + high + 0.02).all()  # drawn inside the range: nothing clipped


def test_unknown_rates_match_the_assumptions() -> None:
    frame, a = simulate(60_000, seed=6), load_assumptions()
    assert abs(frame["actual_minutes"].isna().mean() - a.length_unknown) < 0.01
    assert abs(frame["role_selling"].isna().mean() - a.selling_unknown) < 0.01
    # A promised date makes an offer's news come sooner, so fewer such interviews are still waiting later on:
    # the drawn share shows where no news could have come yet.
    early = columns_from_frame(frame).waited_days <= news_clock().grace_days
    assert abs(frame.loc[early, "decision_expected_by"].isna().mean() - a.decision_date_unknown) < 0.02


def test_the_true_probability_is_the_model_familys_truth_exactly() -> None:
    frame = simulate(40_000, seed=7)
    intercept, coefficients = true_coefficients()
    expected = 1 / (1 + np.exp(-(intercept + frame_features(frame) @ coefficients)))
    np.testing.assert_allclose(frame[TRUE_PROBABILITY], expected, rtol=0, atol=1e-9)
    assert abs(frame[OUTCOME].mean() - frame[TRUE_PROBABILITY].mean()) < 0.01


def test_with_nothing_known_the_truth_is_the_stages_base_rate() -> None:
    a = load_assumptions()
    intercept, coefficients = true_coefficients()
    for stage, stage_features in {"phone_screen": [1, 0], "interview": [0, 0], "final_round": [0, 1]}.items():
        row = np.zeros(len(coefficients))
        row[:2] = stage_features
        assert abs(1 / (1 + np.exp(-(intercept + row @ coefficients))) - a.base_rate[stage]) < 1e-12


def test_each_signals_distributions_given_the_outcome_are_what_the_file_says() -> None:
    frame, a = simulate(80_000, seed=9), load_assumptions()
    early = columns_from_frame(frame).waited_days <= news_clock().grace_days  # before any news could come
    for outcome_code, outcome in ((1, OFFER), (0, "no_offer")):
        rows = frame[early & (frame[OUTCOME] == outcome_code)]
        shares = rows["role_selling"].value_counts(normalize=True)
        for level, share in a.selling_given[outcome].items():
            assert abs(shares[level] - share) < 0.03, (outcome, level)


def test_the_log_likelihood_ratios_are_the_effects() -> None:
    a = load_assumptions()
    effects = a.effects()
    sell = a.selling_given
    assert math.isclose(effects["selling_none"], math.log(sell[OFFER]["none"] / sell["no_offer"]["none"]))
    lengths = {o: a.length_kind_given(o) for o in (OFFER, "no_offer")}
    assert all(math.isclose(sum(k.values()), 1) for k in lengths.values())
    assert lengths[OFFER]["on_time"] == lengths["no_offer"]["on_time"]  # running to time says nothing
    assert set(a.base_rate) == set(STAGES)
