"""The notebooks' helpers: faithful to the data card, honest about sampling error, and fine on a journal."""

from __future__ import annotations

import doctest
from datetime import date

import numpy as np
import pandas as pd
import pytest

from interview_signals.assumptions import assumption_entries, load_assumptions
from interview_signals.config import DATA_CARD
from interview_signals.estimate.batch import columns_from_frame
from interview_signals.estimate.csv_rows import OUTCOME, InvalidRow
from interview_signals.estimate.explain import explain
from interview_signals.estimate.features import FEATURE_NAMES
from interview_signals.estimate.model import Model
from interview_signals.estimate.silence import news_clock
from interview_signals.evaluation import signal_rates, silence_study, studies
from interview_signals.observation import FollowUpReply, Observation
from interview_signals.present import charts, data_card
from interview_signals.prior.simulate import TRUE_PROBABILITY, simulate, true_coefficients


@pytest.fixture(scope="module")
def interviews() -> pd.DataFrame:
    return simulate(8_000, seed=31)


def test_the_data_card_is_generated_from_the_assumptions_file() -> None:
    card = DATA_CARD.read_text(encoding="utf-8")
    assert data_card.render(card) == card, "run: python -m interview_signals.present.data_card"
    for name, entry in assumption_entries().items():
        assert f"| `{name}` | {data_card._number(entry['value'])} |" in card, name
    assert len(data_card.BLOCK.findall(card)) == len(data_card.BLOCKS)


def test_an_unknown_generated_block_is_refused_by_name() -> None:
    with pytest.raises(LookupError, match="'nonsense'"):
        data_card.render("<!-- generated: nonsense -->\n<!-- end generated -->")


def test_the_claims_table_states_exactly_the_simulators_effects() -> None:
    table = data_card.claims_table()
    assert sorted(table["feature"]) == sorted(load_assumptions().effects())
    for row in table.to_dict("records"):
        assert row["effect"] == load_assumptions().effects()[row["feature"]], row["feature"]
    assert table["source"].str.len().gt(0).all()


def test_the_base_rates_table_states_exactly_the_simulators_rates() -> None:
    table = data_card.base_rates_table()
    assert list(table["stage"]) == list(load_assumptions().base_rate)
    for row in table.to_dict("records"):
        assert row["rate"] == load_assumptions().base_rate[row["stage"]]
        assert row["source"].startswith("published"), row["stage"]


def test_each_signals_shares_sum_to_one_and_match_the_priors_unknown_rates(interviews: pd.DataFrame) -> None:
    shares = signal_rates.level_shares(interviews)
    np.testing.assert_allclose(shares.groupby("signal")["share"].sum(), 1.0)
    assert (shares.groupby("signal")["interviews"].sum() == len(interviews)).all()
    unknown = shares[shares["order"] == 0].set_index("signal")["share"]
    a = load_assumptions()
    assert abs(unknown["duration"] - a.length_unknown) < 0.015
    assert abs(unknown["role_selling"] - a.selling_unknown) < 0.015
    # A promised date brings an offer's news sooner, so it is rarer among interviews still waiting later on;
    # before news could come at all, its share is the drawn one.
    early = interviews[columns_from_frame(interviews).waited_days <= news_clock().grace_days]
    unknown_early = signal_rates.level_shares(early).query("order == 0").set_index("signal")["share"]
    assert abs(unknown_early["decision_date"] - a.decision_date_unknown) < 0.05


def _journal() -> pd.DataFrame:
    """Four interviews as a CSV journal holds them: every cell text, empty where not known, no country column."""
    return pd.DataFrame(
        {
            "interview_date": ["2026-11-02"] * 4,
            "as_of": ["2026-11-20"] * 4,
            "stage": ["interview", "final_round", "", "phone_screen"],
            "scheduled_minutes": ["45", "60", "30", "45"],
            "actual_minutes": ["60", "", "20", "45"],
            "role_selling": ["strong", "", "none", "some"],
            "decision_expected_by": ["2026-11-12", "", "2026-11-30", "2026-11-19"],
            "follow_up_sent_on": ["2026-11-12", "2026-11-18", "", "2026-11-12"],
            "follow_up_reply": ["affirming", "none", "", ""],
            OUTCOME: ["1", "0", "0", "1"],
        }
    ).replace("", np.nan)


def test_a_journal_of_text_cells_gets_the_levels_a_person_would_read_off_it() -> None:
    levels = signal_rates.signal_levels(_journal())
    assert list(levels["duration"]) == ["ran over", "not given", "cut short", "on time"]
    assert list(levels["role_selling"]) == ["strong", "not sure", "none", "some"]
    assert list(levels["follow_up_reply"]) == [
        "affirming",
        "no reply yet (not due)",  # sent Wednesday the 18th, read on Friday the 20th
        "no follow-up yet",
        "reply not recorded",
    ]
    assert list(levels["decision_date"]) == [
        "passed, 2-9 business days",
        "not given",
        "not passed yet",
        "passed, ≤1 business day (grace)",
    ]


def test_outcome_rates_of_a_journal_carry_honest_ranges() -> None:
    rates = signal_rates.outcome_rates(_journal())
    assert ((rates["low"] <= rates["rate"]) & (rates["rate"] <= rates["high"])).all()
    assert rates["low"].ge(0).all()
    assert rates["high"].le(1).all()
    one = rates[(rates["signal"] == "role_selling") & (rates["level"] == "strong")].iloc[0]
    assert (one["interviews"], one["rate"]) == (1, 1.0)
    assert one["high"] - one["low"] > 0.5  # one interview says little


def test_outcome_rates_need_an_outcome_column(interviews: pd.DataFrame) -> None:
    with pytest.raises(InvalidRow, match="outcome"):
        signal_rates.outcome_rates(interviews.drop(columns=OUTCOME))


def test_rates_by_stage_count_every_interview_once_per_signal(interviews: pd.DataFrame) -> None:
    rates = signal_rates.outcome_rates(interviews, by_stage=True)
    assert "stage" not in set(rates["signal"])
    per_stage = rates.groupby(["signal", "stage"])["interviews"].sum().unstack()
    expected = interviews["stage"].astype(str).value_counts()
    for signal, counts in per_stage.iterrows():
        assert counts.to_dict() == expected[counts.index].to_dict(), signal


def test_simulated_rates_follow_the_true_probabilities(interviews: pd.DataFrame) -> None:
    rates = signal_rates.outcome_rates(interviews, level=0.999).set_index(["signal", "level"])
    levels = signal_rates.signal_levels(interviews)
    for row in rates.reset_index().to_dict("records"):
        signal, level = row["signal"], row["level"]
        truth = interviews.loc[levels[signal] == level, TRUE_PROBABILITY].mean()
        assert row["low"] <= truth <= row["high"], (signal, level)


def test_silence_curves_start_at_the_prior_and_only_fall() -> None:
    curves = silence_study.silence_curves(prior=0.4)
    grace = news_clock().grace_days
    for silence in silence_study.WAITS:
        one = curves[curves["silence"] == silence]
        assert (one["weight"].iloc[: grace + 1] == 0).all()
        assert one["weight"].is_monotonic_increasing
        assert one["weight"].iloc[-1] > 1
        assert one["p_offer"].iloc[0] == pytest.approx(0.4)
        assert one["p_offer"].is_monotonic_decreasing


def test_simulated_news_arrival_agrees_with_the_closed_form() -> None:
    check = silence_study.silence_monte_carlo(interviews=100_000, seed=3)
    z = (check["simulated"] - check["formula"]) / check["standard_error"]
    assert z.abs().max() < 4.5, check.iloc[int(z.abs().to_numpy().argmax())]
    assert (check.groupby("silence")["silent"].diff().dropna() <= 0).all()  # nobody becomes silent again


def test_the_effects_frame_is_the_points_table_with_the_truth_beside_it(model: Model) -> None:
    table = studies.effects_frame(model, load_assumptions())
    assert list(table["feature"]) == list(FEATURE_NAMES)
    assert ((table["low"] <= table["log_odds"]) & (table["log_odds"] <= table["high"])).all()
    np.testing.assert_array_equal(table["true_log_odds"], true_coefficients()[1])
    assert "true_log_odds" not in studies.effects_frame(model)


def test_the_bundled_model_is_nearly_bayes_optimal_on_fresh_interviews(model: Model) -> None:
    fresh = simulate(10_000, seed=32)
    summary = studies.calibration_summary(model, fresh)
    scores = summary.to_dict()
    assert scores["model"]["log loss"] <= 1.02 * scores["bayes_optimal"]["log loss"]
    assert scores["model"]["ECE (10 bins)"] <= 0.03
    assert list(studies.calibration_summary(model, fresh.drop(columns=TRUE_PROBABILITY)).columns) == ["model"]
    assert studies.reliability(model, fresh)["interviews"].sum() == len(fresh)


def test_the_stated_range_holds_the_truth_about_as_often_as_it_says() -> None:
    coverage = studies.interval_coverage(studies.probe_interviews(), datasets=40, rows=300, seed=0)
    assert (coverage["level"] == 0.9).all()
    assert abs(coverage["coverage"].mean() - 0.9) <= 0.05, coverage


def test_the_range_narrows_as_real_outcomes_are_added() -> None:
    prior, real = simulate(5_000, seed=33), simulate(1_000, seed=34)
    typical = studies.probe_interviews()["typical"]
    narrowing = studies.interval_narrowing(prior, real, (0, 50, 200, 1_000), typical)
    assert narrowing["width"].is_monotonic_decreasing
    assert narrowing["width"].is_unique
    assert narrowing["width"].iloc[0] > 2 * narrowing["width"].iloc[-1]
    with pytest.raises(ValueError, match="1001 real outcomes"):
        studies.interval_narrowing(prior, real, (1_001,), typical)


def _waiting(reply: FollowUpReply) -> Observation:
    return Observation(
        interview_date=date(2026, 11, 2),
        as_of=date(2026, 12, 4),
        scheduled_minutes=45,
        thank_you_sent_on=date(2026, 11, 2),
        decision_expected_by=date(2026, 11, 13),
        follow_up_sent_on=date(2026, 11, 12),
        follow_up_reply=reply,
    )


def test_the_day_by_day_walk_only_falls_while_nobody_answers(model: Model) -> None:
    walk = studies.day_by_day(model, _waiting("none"))
    assert len(walk) == 33
    assert walk["as_of"].iloc[-1] == pd.Timestamp(2026, 12, 4)
    assert walk["probability"].is_monotonic_decreasing
    first_silent_weight = walk["as_of"] == pd.Timestamp(2026, 11, 17)  # 3 business days after both events
    assert walk.loc[first_silent_weight, "probability"].item() < walk["probability"].iloc[0]
    on_the_day = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 2), scheduled_minutes=45)
    assert walk["probability"].iloc[0] == pytest.approx(explain(model, on_the_day).probability)
    assert walk["event"].iloc[0] == "interview, thank-you sent"
    assert walk.set_index("as_of").loc[pd.Timestamp(2026, 11, 12), "event"] == "follow-up sent (reply: none)"


def test_a_warm_reply_lifts_the_walk_on_the_day_of_the_follow_up(model: Model) -> None:
    walk = studies.day_by_day(model, _waiting("affirming")).set_index("as_of")["probability"]
    assert walk[pd.Timestamp(2026, 11, 12)] > walk[pd.Timestamp(2026, 11, 11)] + 0.1


def test_every_chart_builds_from_its_table(model: Model, interviews: pd.DataFrame) -> None:
    small, typical = interviews.head(500), studies.probe_interviews()["typical"]
    drawn = [
        charts.shares_chart(signal_rates.level_shares(small)),
        charts.rates_chart(signal_rates.outcome_rates(small)),
        charts.rates_chart(signal_rates.outcome_rates(small, by_stage=True)),
        charts.silence_chart(silence_study.silence_curves()),
        charts.monte_carlo_chart(silence_study.silence_monte_carlo(interviews=2_000)),
        charts.effects_chart(studies.effects_frame(model, load_assumptions())),
        charts.reliability_chart(studies.reliability(model, small)),
        charts.coverage_chart(studies.interval_coverage(studies.probe_interviews(), datasets=2)),
        charts.narrowing_chart(studies.interval_narrowing(small, small, (0, 100), typical), truth=0.35),
        charts.walk_chart(studies.day_by_day(model, _waiting("none"))),
    ]
    for chart in drawn:
        spec = chart.to_dict()
        assert spec.get("title"), spec
        rows = sum(len(values) for values in spec.get("datasets", {}).values())
        assert 0 < rows < 5_000


def test_the_docstring_examples_run() -> None:
    for module in (signal_rates, silence_study, studies, charts, data_card):
        assert doctest.testmod(module, raise_on_error=False).failed == 0, module.__name__
