"""The page's words and chart: every figure is the library's, and the sentences read right."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from interview_signals.assumptions import known_limits
from interview_signals.config import DATA_CARD
from interview_signals.estimate.answer import Estimate, estimate
from interview_signals.estimate.explain import effects_table, percentage_points
from interview_signals.estimate.features import SIGNALS
from interview_signals.estimate.model import Model
from interview_signals.estimate.next_steps import NextStep
from interview_signals.estimate.what_if import Scenario
from interview_signals.observation import FOLLOW_UP_REPLIES, ROLE_SELLING, STAGES, supported_countries
from interview_signals.present import charts, data_card, wording
from tests.conftest import make_obs


@pytest.fixture(scope="module")
def busy(model: Model) -> Estimate:
    """An interview with every kind of signal: ran long, some selling, a missed decision date, a silent follow-up."""
    obs = make_obs(
        actual_minutes=70,
        role_selling="some",
        decision_expected_by=date(2026, 11, 13),
        follow_up_sent_on=date(2026, 11, 12),
        follow_up_reply="none",
    )
    return estimate(model, obs)


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (0.0, "<1%"),
        (0.004, "<1%"),
        (0.005, "1%"),
        (0.5, "50%"),
        (0.6249, "62%"),
        (0.625, "63%"),
        (0.994, "99%"),
        (0.995, ">99%"),
    ],
)
def test_percent_never_claims_certainty(probability: float, shown: str) -> None:
    assert wording.percent(probability) == shown


def test_headline_range_and_source_say_the_estimates_numbers(busy: Estimate) -> None:
    assert (
        wording.headline(busy) == f"{wording.percent(busy.probability)} chance this leads to an offer or a next round"
    )
    assert abs(float(wording.percent(busy.probability)[:-1]) - 100 * busy.probability) <= 0.5
    low, high = round(100 * busy.interval.low), round(100 * busy.interval.high)
    assert wording.range_line(busy) == f"plausible range {low}–{high}% (90% level)"
    source = wording.source_line(busy.model)
    assert "worth 100 interviews" in source
    assert "no real outcomes yet" in source
    assert "not a verdict" in source
    assert "12 real outcomes" in wording.source_line(replace(busy.model, real_outcomes=12))


def test_the_contribution_frame_holds_the_shapley_points_largest_first(busy: Estimate) -> None:
    frame = charts.contribution_frame(busy)
    shares = percentage_points(busy.explanation)
    assert set(frame["signal"]) == set(SIGNALS)
    assert dict(zip(frame["signal"], frame["points"], strict=True)) == pytest.approx(shares)
    sizes = frame["points"].abs().tolist()
    assert sizes == sorted(sizes, reverse=True)
    assert list(frame["rank"]) == list(range(len(SIGNALS)))
    # The points add up to the distance from the starting point to the estimate.
    assert frame["points"].sum() == pytest.approx(100 * (busy.probability - busy.baseline))
    for row in frame.to_dict("records"):
        assert row["direction"] == (charts.RAISES if row["points"] >= 0 else charts.LOWERS)
        assert row["label"] == wording.SIGNAL_LABELS[row["signal"]]


def test_the_chart_is_a_valid_diverging_bar_chart_of_the_frame(busy: Estimate) -> None:
    frame = charts.contribution_frame(busy)
    spec = charts.contribution_chart(frame).to_dict()  # to_dict validates against the Vega-Lite schema
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "points"
    assert bars["encoding"]["x"]["title"] == "Percentage points it moves the estimate"
    assert bars["encoding"]["y"]["sort"] == {"field": "rank", "op": "min", "order": "ascending"}
    reach = charts.chart_reach(frame)
    assert bars["encoding"]["x"]["scale"]["domain"] == [-reach, reach]
    assert reach >= frame["points"].abs().max()
    assert reach % 10 == 0
    (dataset,) = spec["datasets"].values()
    assert [row["points"] for row in dataset] == pytest.approx(list(frame["points"]))


def test_the_cached_spec_carries_this_frames_data_and_is_a_fresh_copy(busy: Estimate, model: Model) -> None:
    frame = charts.contribution_frame(busy)
    spec = charts.contribution_spec(frame)
    assert spec["data"] == {"name": charts.CHART_DATASET}
    assert spec["datasets"][charts.CHART_DATASET] is frame
    spec["layer"].clear()
    quiet = charts.contribution_frame(estimate(model, make_obs(as_of=date(2026, 11, 2))))
    assert charts.contribution_spec(quiet)["layer"], "a caller's change must not leak into the cache"
    assert charts.chart_reach(quiet) == 10  # nothing known: all zeros, the narrowest axis


def test_what_if_lines_say_each_outcome_once_with_its_probability(busy: Estimate) -> None:
    lines = dict(wording.what_if_lines(busy))
    assert list(lines) == ["Waiting for a decision"]  # the only pending signal: its follow-up went unanswered
    sentence = lines["Waiting for a decision"]
    assert sentence.startswith("If there is still no decision by Nov 30 (about ")  # Thanksgiving skipped
    for scenario in busy.what_if:
        assert f"({wording.chance_words(scenario.chance)}): **{wording.percent(scenario.probability)}**" in sentence
    assert sentence.count("if ") == 0  # the shared "if" is said once, capitalised


def test_what_if_keeps_the_shared_words_once_and_every_distinct_word() -> None:
    outcomes = [("if you follow up on Dec 2 and they reply warmly", 0.75), ("if you follow up on Dec 2 and no", 0.2)]
    assert (
        wording._outcomes_sentence(outcomes) == "If you follow up on Dec 2 and they reply warmly, **75%**; no, **20%**"
    )
    assert wording._outcomes_sentence([("if it ran to time", 0.4)]) == "If it ran to time, **40%**"


def test_what_if_lines_follow_the_signal_order(busy: Estimate) -> None:
    scenarios = (
        Scenario("silence", "x", "if a", 0.3, date(2026, 11, 20), 1.0),
        Scenario("duration", "y", "if b", 0.6, date(2026, 11, 20), 1.0),
    )
    labels = [label for label, _ in wording.what_if_lines(replace(busy, what_if=scenarios))]
    assert labels == ["Length", "Waiting for a decision"]
    assert wording.what_if_lines(replace(busy, what_if=())) == []


@pytest.mark.parametrize(
    ("step", "words"),
    [
        (NextStep("thank_you", "Send it", date(2026, 11, 3), None, "due"), "Send it: due by Tue Nov 3."),
        (NextStep("thank_you", "Send it", date(2026, 11, 3), None, "done"), "Send it: done."),
        (NextStep("thank_you", "Send it", date(2026, 11, 3), None, "overdue"), "overdue: it was due by Tue Nov 3"),
        (
            NextStep("second_follow_up", "Follow up", date(2026, 11, 12), date(2026, 11, 17), "upcoming"),
            "Follow up: window Thu Nov 12 – Tue Nov 17.",
        ),
        (
            NextStep("second_follow_up", "Follow up", date(2026, 11, 12), date(2026, 11, 17), "due"),
            "open now, until Tue Nov 17",
        ),
        (
            NextStep("second_follow_up", "Follow up", date(2026, 11, 12), date(2026, 11, 17), "overdue"),
            "closed Tue Nov 17",
        ),
    ],
)
def test_step_lines_give_the_status_with_real_dates(step: NextStep, words: str) -> None:
    assert words in wording.step_line(step)


def test_the_business_days_note_names_the_country() -> None:
    assert "public holidays in Germany" in wording.business_days_note("DE")
    assert "7–10" in wording.business_days_note("US")


def test_every_allowed_value_has_a_label() -> None:
    assert set(wording.STAGE_LABELS) == set(STAGES)
    assert set(wording.ROLE_SELLING_LABELS) == {None, *ROLE_SELLING}
    assert set(wording.FOLLOW_UP_REPLY_LABELS) == {None, *FOLLOW_UP_REPLIES}
    assert set(wording.SIGNAL_LABELS) == set(SIGNALS)
    names = wording.country_names()
    assert set(names) == supported_countries()
    assert names["US"] == "United States"
    assert names["GB"] == "United Kingdom"
    assert list(names.values()) == sorted(names.values())


def test_the_effects_frame_has_one_row_per_effect_with_its_range(model: Model) -> None:
    effects = effects_table(model)
    frame = wording.effects_frame(effects)
    assert len(frame) == len(effects)
    assert list(frame.columns) == ["Signal", "One unit is", "Log-odds", "Odds ×", "Range (odds ×)"]
    assert set(frame["Signal"]) == {"Stage", *wording.SIGNAL_LABELS.values()}
    for (_, row), effect in zip(frame.iterrows(), effects, strict=True):
        low, high = (float(x) for x in row["Range (odds ×)"].split("–"))
        assert low <= row["Odds ×"] <= high or effect.low == effect.high


def test_assumptions_quote_the_numbers_the_code_uses(busy: Estimate) -> None:
    text = " ".join(wording.assumptions(busy.model))
    assert "interview 40%" in text
    assert "phone screen 50%" in text
    assert "final round 55%" in text
    assert "100 interviews" in text
    assert "2 business days after a follow-up" in text


def test_limits_come_from_the_package_after_the_plain_ones() -> None:
    # Package data, not data/README.md: an installed wheel shows the same limits as a checkout.
    limits = data_card.limits()
    assert limits[: len(data_card.PLAIN_LIMITS)] == list(data_card.PLAIN_LIMITS)
    assert limits[len(data_card.PLAIN_LIMITS) :] == known_limits()
    assert any("assumptions" in line for line in known_limits())


def test_the_data_card_shows_the_packages_limits() -> None:
    card = DATA_CARD.read_text(encoding="utf-8")
    assert all(f"- {limit}\n" in card for limit in known_limits())


def test_the_chart_has_no_text_mark_whose_colour_no_theme_sets(busy: Estimate) -> None:
    # A text mark is drawn black on Streamlit's dark theme (issue 12); axis labels follow the theme, so each
    # figure is part of its bar's axis label instead.
    spec = charts.contribution_chart(charts.contribution_frame(busy)).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert "text" not in marks
    (calculate,) = spec["transform"]
    assert calculate["as"] == "axis_label"
    assert "datum.shown" in calculate["calculate"]
    assert spec["layer"][0]["encoding"]["y"]["field"] == "axis_label"
