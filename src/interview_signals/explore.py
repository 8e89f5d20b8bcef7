"""The tables and charts behind ``notebooks/``: where the numbers come from, and how well the model does.

Every function takes plain inputs (a frame of raw observation columns, with an ``outcome`` column
where outcomes are needed, a model, an observation) and returns a small pandas frame or an Altair
chart, so the notebooks hold no logic and a journal of real interviews works as well as a simulated one.
Tables are aggregated before charting: a few dozen rows, far below Altair's 5,000-row limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Any

import altair as alt
import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.evaluate import (
    calibration_slope_intercept,
    expected_calibration_error,
    log_loss,
    reliability_table,
)
from interview_signals.explain import effects_table, explain
from interview_signals.features import FEATURE_NAMES
from interview_signals.frame import OUTCOME, columns_from_frame, frame_features, outcomes
from interview_signals.model import DEFAULT_PRIOR_WEIGHT, INTERVAL_LEVEL, Model, fit
from interview_signals.observation import ROLE_SELLING, STAGES, Observation
from interview_signals.paths import DATA_CARD
from interview_signals.silence import AFTER_FOLLOW_UP, PAST_DECISION_DATE, SilenceModel
from interview_signals.simulate import TRUE_PROBABILITY, PriorAssumptions, simulate, true_probability

__all__ = [
    "SIGNAL_LEVELS",
    "SILENCES",
    "base_rates_table",
    "calibration_summary",
    "card_table",
    "claims_table",
    "coverage_chart",
    "day_by_day",
    "effects_chart",
    "effects_frame",
    "interval_coverage",
    "interval_narrowing",
    "level_shares",
    "monte_carlo_chart",
    "narrowing_chart",
    "offline_charts",
    "outcome_rates",
    "probe_interviews",
    "rates_chart",
    "reliability",
    "reliability_chart",
    "shares_chart",
    "signal_levels",
    "silence_chart",
    "silence_curves",
    "silence_monte_carlo",
    "true_probability",
    "walk_chart",
]

SILENCES: dict[str, SilenceModel] = {
    "after the follow-up": AFTER_FOLLOW_UP,
    "past the decision date": PAST_DECISION_DATE,
}
# Fitting a few hundred rows gains nothing from BLAS threads, and on a busy two-core machine their
# spin-waits made the coverage study ten times slower; the loops below fit with one thread.
LONG_SILENCE_BUSINESS_DAYS = 10  # silences this long or longer are one level in the tables below


def _silence_levels(what: str, model: SilenceModel) -> tuple[str, str, str]:
    grace, long_ = model.grace_days, LONG_SILENCE_BUSINESS_DAYS
    return (
        f"{what}, ≤{grace} business day{'s' if grace != 1 else ''} (grace)",
        f"{what}, {grace + 1}-{long_ - 1} business days",
        f"{what}, {long_}+ business days",
    )


# The levels each signal is tabulated by, in display order; "not known" comes first (a stage is always known).
SIGNAL_LEVELS: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "duration": ("not given", "cut short", "on time", "ran over"),
    "role_selling": ("not sure", *ROLE_SELLING),
    "follow_up_reply": (
        "no follow-up yet",
        "reply not recorded",
        *_silence_levels("no reply", AFTER_FOLLOW_UP),
        "acknowledged",
        "affirming",
    ),
    "decision_date": ("not given", "not passed yet", *_silence_levels("passed", PAST_DECISION_DATE)),
}


# --- The data card --------------------------------------------------------------------------------------


def _plain(cell: str) -> str:
    """A markdown table cell as plain text: no bold markers, no backticks, straight minus signs."""
    return cell.replace("**", "").replace("`", "").replace("\N{MINUS SIGN}", "-").strip()


def card_table(heading: str, path: Path = DATA_CARD) -> pd.DataFrame:
    """The first markdown table under the data card's heading that starts with ``heading``, as plain text.

    Raises
    ------
    LookupError
        When the card has no such heading, or no table under it.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.lstrip("#").strip().startswith(heading) and line[:1] == "#"]
    if not starts:
        raise LookupError(f"{path.name} has no heading starting with {heading!r}")
    rows: list[list[str]] = []
    for line in lines[starts[0] + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([_plain(cell) for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    if len(rows) < 3:
        raise LookupError(f"{path.name} has no table under {heading!r}")
    header, body = rows[0], rows[2:]  # rows[1] is the |---| rule
    return pd.DataFrame(body, columns=header)


def _first_name(cell: str) -> str:
    return cell.split()[0]


def claims_table(path: Path = DATA_CARD, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """Each claim of the advice, the feature that encodes it, its effect in the simulator and its sources.

    ``effect`` is the simulator's number (log-odds per unit of the feature); ``as_stated`` is how the
    data card states it, so the two can be compared at a glance (a test holds them equal).
    """
    effects = (assumptions or PriorAssumptions()).effects
    card = card_table("Effect of each signal", path)
    feature = card["feature"].map(_first_name)
    return pd.DataFrame(
        {
            "feature": feature,
            "claim (direction source)": card["direction source"],
            "effect": feature.map(effects),
            "as_stated": card["effect"],
            "size source": card["size source"],
        }
    )


def base_rates_table(path: Path = DATA_CARD, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """P(offer or next round) by stage when nothing else is known: the simulator's number and its source."""
    rates = (assumptions or PriorAssumptions()).base_rate
    card = card_table("Base rates by stage", path)
    stage = card["stage"].map(_first_name)
    return pd.DataFrame({"stage": stage, "rate": stage.map(rates), "as_stated": card["rate"], "source": card["source"]})


# --- Signals and outcomes in a frame of observations ------------------------------------------------------


def _silence_level(days: npt.NDArray[np.intp], model: SilenceModel) -> npt.NDArray[np.intp]:
    """0, 1 or 2: inside the grace period, after it, or ten business days and more."""
    return np.where(days <= model.grace_days, 0, np.where(days < LONG_SILENCE_BUSINESS_DAYS, 1, 2))


def _given(frame: pd.DataFrame, name: str) -> npt.NDArray[np.bool_]:
    """Where a column holds a value (an empty cell of a journal read as text counts as not given)."""
    if name not in frame:
        return np.zeros(len(frame), dtype=bool)
    column = frame[name]
    return np.asarray(column.notna() & (column.astype(str).str.strip() != ""), dtype=bool)


def _levelled(signal: str, codes: npt.NDArray[np.integer[Any]]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes, categories=pd.Index(SIGNAL_LEVELS[signal]), ordered=True)


def signal_levels(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The level of every signal of every interview in a frame of raw observation columns.

    Columns are the keys of :data:`SIGNAL_LEVELS`, each an ordered categorical; the index is the frame's.
    ``today`` stands in for a missing ``as_of``, as in :func:`~interview_signals.frame.columns_from_frame`.
    """
    cols = columns_from_frame(frame, today)
    ratio = cols.actual_minutes / cols.scheduled_minutes
    duration = np.select([np.isnan(ratio), ratio < 1, ratio == 1], [0, 1, 2], 3)
    reply = cols.follow_up_reply.astype(np.intp)
    silent = 2 + _silence_level(cols.follow_up_silence_days, AFTER_FOLLOW_UP)
    follow_up = np.select([~_given(frame, "follow_up_sent_on"), reply < 0, reply == 0], [0, 1, silent], reply + 4)
    days = cols.decision_silence_days
    passed = 2 + _silence_level(days, PAST_DECISION_DATE)
    decision = np.select([~_given(frame, "decision_expected_by"), days <= 0], [0, 1], passed)
    return pd.DataFrame(
        {
            "stage": _levelled("stage", cols.stage),
            "duration": _levelled("duration", duration),
            "role_selling": _levelled("role_selling", cols.role_selling + 1),
            "follow_up_reply": _levelled("follow_up_reply", follow_up),
            "decision_date": _levelled("decision_date", decision),
        },
        index=frame.index,
    )


def _long(levels: pd.DataFrame) -> pd.DataFrame:
    """One row per (interview, signal): signal, level, and the level's display order."""
    parts = [
        pd.DataFrame({"signal": name, "level": levels[name].astype(str), "order": levels[name].cat.codes})
        for name in SIGNAL_LEVELS
    ]
    return pd.concat(parts)


def level_shares(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """How often each signal takes each level, "not known" included: signal, level, order, interviews, share.

    Levels nobody reached are listed with 0 interviews, so the shares of every signal sum to 1.

    Examples
    --------
    >>> shares = level_shares(simulate(2_000, seed=1))
    >>> shares.groupby("signal")["share"].sum().round(6).unique().tolist()
    [1.0]
    """
    every = pd.DataFrame(
        [(signal, level, order) for signal, levels in SIGNAL_LEVELS.items() for order, level in enumerate(levels)],
        columns=["signal", "level", "order"],
    )
    counts = _long(signal_levels(frame, today)).groupby(["signal", "level"]).size().rename("interviews")
    table = every.merge(counts.reset_index(), on=["signal", "level"], how="left").fillna({"interviews": 0})
    table["interviews"] = table["interviews"].astype(int)
    table["share"] = table["interviews"] / max(len(frame), 1)
    return table


def _wilson(
    successes: npt.NDArray[np.float64], trials: npt.NDArray[np.float64], level: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Wilson score interval of a binomial rate: honest for the handful of interviews in a journal."""
    z = NormalDist().inv_cdf((1 + level) / 2)
    rate = successes / trials
    centre = (rate + z**2 / (2 * trials)) / (1 + z**2 / trials)
    half = z * np.sqrt(rate * (1 - rate) / trials + z**2 / (4 * trials**2)) / (1 + z**2 / trials)
    return centre - half, centre + half


def outcome_rates(
    frame: pd.DataFrame, by_stage: bool = False, level: float = INTERVAL_LEVEL, today: date | None = None
) -> pd.DataFrame:
    """Share of interviews that led to an offer or a next round, by level of each signal (and by stage).

    Columns: signal, level, order, [stage,] interviews, rate, low, high; ``low``/``high`` are the
    Wilson interval at ``level``. Only levels that some interview reached are listed.

    Raises
    ------
    interview_signals.frame.InvalidRow
        When the frame has no ``outcome`` column or an outcome is neither 0 nor 1.
    """
    levels = signal_levels(frame, today)
    long = _long(levels)
    long[OUTCOME] = np.tile(outcomes(frame, first_line=2), len(SIGNAL_LEVELS))
    keys = ["signal", "level", "order"]
    if by_stage:
        long["stage"] = np.tile(levels["stage"].astype(str).to_numpy(), len(SIGNAL_LEVELS))
        long = long[long["signal"] != "stage"]
        keys.append("stage")
    table = long.groupby(keys, observed=True)[OUTCOME].agg(interviews="size", rate="mean").reset_index()
    low, high = _wilson(
        (table["rate"] * table["interviews"]).to_numpy(), table["interviews"].to_numpy(dtype=float), level
    )
    table = table.assign(low=low, high=high, signal_order=table["signal"].map(list(SIGNAL_LEVELS).index))
    return table.sort_values(["signal_order", "order"], ignore_index=True).drop(columns="signal_order")


# --- Silence ----------------------------------------------------------------------------------------------


def _good_given_silent(model: SilenceModel, days: npt.NDArray[np.int64], prior: float) -> npt.NDArray[np.float64]:
    """P(the news is good | no news after ``days`` business days): the closed form, by Bayes' rule."""
    good, bad = prior * model.survival_good(days), (1 - prior) * model.survival_bad(days)
    return np.asarray(good / (good + bad), dtype=np.float64)


def _interview_base_rate() -> float:
    return PriorAssumptions().base_rate["interview"]


def silence_curves(prior: float | None = None) -> pd.DataFrame:
    """Weight of silence and P(good news | silent) by business day, for each kind of silence in :data:`SILENCES`.

    ``prior`` is P(good news) before any silence; the default is the base rate of an interview.

    Examples
    --------
    >>> curves = silence_curves(prior=0.5)
    >>> after = curves[curves["silence"] == "after the follow-up"].set_index("business_days")
    >>> after.loc[[2, 10], "weight"].round(2).tolist()
    [0.0, 1.26]
    """
    prior = _interview_base_rate() if prior is None else prior
    parts = []
    for silence, model in SILENCES.items():
        days = np.arange(model.cap_days + 1)
        parts.append(
            pd.DataFrame(
                {
                    "silence": silence,
                    "business_days": days,
                    "weight": model.weight(days),
                    "p_good": _good_given_silent(model, days, prior),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _news_arrival(
    model: SilenceModel, good: npt.NDArray[np.bool_], rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """The business day on which each interview's news arrives (``inf``: never), drawn from the model's story."""
    n = len(good)
    hazard = np.where(rng.random(n) < model.slow_share, model.slow_hazard, model.fast_hazard)
    good_day = model.grace_days + rng.geometric(hazard)
    bad_day = np.where(rng.random(n) < model.never, np.inf, model.grace_days + rng.geometric(model.bad_hazard, n))
    return np.where(good, good_day, bad_day)


def silence_monte_carlo(interviews: int = 100_000, seed: int = 0, prior: float | None = None) -> pd.DataFrame:
    """Travers's check: simulate when news arrives, and read P(good | silent d days) off the simulations.

    For each kind of silence, ``interviews`` interviews get good news with probability ``prior`` and a
    day of arrival drawn from the model's own story (grace, fast and slow good news, bad news late or
    never). Columns: silence, business_days, silent (interviews still without news), simulated,
    formula (the closed form of :mod:`interview_signals.silence`) and standard_error of ``simulated``.
    """
    prior = _interview_base_rate() if prior is None else prior
    rng = np.random.default_rng(seed)
    parts = []
    for silence, model in SILENCES.items():
        good = rng.random(interviews) < prior
        arrival = _news_arrival(model, good, rng)
        days = np.arange(model.cap_days + 1)
        waiting = arrival[None, :] > days[:, None]  # silent after d business days: no news on days 1..d
        silent = waiting.sum(axis=1)
        simulated = (waiting & good[None, :]).sum(axis=1) / silent
        parts.append(
            pd.DataFrame(
                {
                    "silence": silence,
                    "business_days": days,
                    "silent": silent,
                    "simulated": simulated,
                    "formula": _good_given_silent(model, days, prior),
                    "standard_error": np.sqrt(simulated * (1 - simulated) / silent),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def offline_charts() -> None:
    """Draw Altair charts in notebooks as static SVG, rendered here by vl-convert.

    Altair's default notebook renderer loads its JavaScript from a CDN; this tool sends nothing off
    the machine, so the notebooks render charts locally instead.
    """
    alt.renderers.enable("svg")


# --- The model --------------------------------------------------------------------------------------------


def effects_frame(model: Model, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """The points table (:func:`~interview_signals.explain.effects_table`) as a frame.

    With ``assumptions``, a ``true_log_odds`` column holds the simulator's own effect of each feature,
    to compare with the fitted one.
    """
    table = pd.DataFrame([vars(effect) for effect in effects_table(model)])
    if assumptions is not None:
        table["true_log_odds"] = assumptions.true_coefficients()[1]
    return table


def _metrics(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> dict[str, float]:
    slope, intercept = calibration_slope_intercept(y, p)
    return {
        "ECE (10 bins)": expected_calibration_error(y, p),
        "Brier score": float(np.mean((p - y) ** 2)),
        "log loss": log_loss(y, p),
        "calibration slope (ideal 1)": slope,
        "calibration intercept (ideal 0)": intercept,
    }


def calibration_summary(model: Model, frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """Calibration metrics of the model on a labelled frame, one row per metric.

    When the frame has a ``true_probability`` column (simulated interviews), a ``bayes_optimal``
    column gives the same metrics for the true probabilities: the best any model could do.
    """
    y = outcomes(frame, first_line=2)
    table = pd.DataFrame({"model": _metrics(y, model.probability(frame_features(frame, today)))})
    if TRUE_PROBABILITY in frame:
        table["bayes_optimal"] = _metrics(y, frame[TRUE_PROBABILITY].to_numpy(dtype=np.float64))
    return table.rename_axis(f"{len(y):,} interviews")


def reliability(model: Model, frame: pd.DataFrame, bins: int = 10, today: date | None = None) -> pd.DataFrame:
    """The data of a reliability diagram: per bin of prediction, mean prediction, observed rate, interviews."""
    y = outcomes(frame, first_line=2)
    return pd.DataFrame(reliability_table(y, model.probability(frame_features(frame, today)), bins))


def probe_interviews() -> dict[str, Observation]:
    """A fixed set of named interviews spanning the signals, all seen three weeks after a Monday interview."""
    first = {"interview_date": date(2026, 11, 2), "as_of": date(2026, 11, 20), "scheduled_minutes": 45}
    variants: dict[str, dict[str, Any]] = {
        "nothing known": {},
        "typical": {"actual_minutes": 55, "role_selling": "some", "decision_expected_by": date(2026, 11, 12)},
        "ran over, strong selling": {"actual_minutes": 75, "role_selling": "strong"},
        "cut short, no selling": {"actual_minutes": 25, "role_selling": "none"},
        "warm reply": {"follow_up_sent_on": date(2026, 11, 12), "follow_up_reply": "affirming"},
        "silent after follow-up": {"follow_up_sent_on": date(2026, 11, 10), "follow_up_reply": "none"},
        "final round, date passed": {"stage": "final_round", "decision_expected_by": date(2026, 11, 9)},
        "phone screen, acknowledged": {
            "stage": "phone_screen",
            "follow_up_sent_on": date(2026, 11, 12),
            "follow_up_reply": "acknowledged",
        },
    }
    return {name: Observation.model_validate(first | changes) for name, changes in variants.items()}


def _labelled(frame: pd.DataFrame) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    return frame_features(frame), outcomes(frame, first_line=2)


def interval_coverage(
    probes: Mapping[str, Observation],
    datasets: int = 200,
    rows: int = 300,
    seed: int = 0,
    assumptions: PriorAssumptions | None = None,
) -> pd.DataFrame:
    """How often the stated range holds the true probability, over many datasets of real outcomes only.

    Each of ``datasets`` datasets is ``rows`` interviews simulated from ``assumptions``; a model is fitted
    on it with no prior (``prior_weight=0``), and each probe's range, as :func:`explain` states it, is
    checked against the probe's true probability. Columns: probe, true_probability, mean_estimate,
    coverage (share of datasets whose range held the truth), its standard_error, mean_width, level
    and datasets.
    """
    truth = {name: true_probability(obs, assumptions) for name, obs in probes.items()}
    no_prior = np.empty((0, len(FEATURE_NAMES))), np.empty(0)
    hits = dict.fromkeys(probes, 0)
    estimates = dict.fromkeys(probes, 0.0)
    widths = dict.fromkeys(probes, 0.0)
    level = INTERVAL_LEVEL
    for i in range(datasets):
        real = _labelled(simulate(rows, seed=seed + i, assumptions=assumptions))
        model = fit(*no_prior, *real, prior_weight=0.0)
        level = model.level
        for name, obs in probes.items():
            said = explain(model, obs)
            hits[name] += said.interval.low <= truth[name] <= said.interval.high
            estimates[name] += said.probability / datasets
            widths[name] += (said.interval.high - said.interval.low) / datasets
    coverage = np.array([hits[name] / datasets for name in probes])
    return pd.DataFrame(
        {
            "probe": list(probes),
            "true_probability": list(truth.values()),
            "mean_estimate": list(estimates.values()),
            "coverage": coverage,
            "standard_error": np.sqrt(coverage * (1 - coverage) / datasets),
            "mean_width": list(widths.values()),
            "level": level,
            "datasets": datasets,
        }
    )


def interval_narrowing(
    prior: pd.DataFrame,
    real: pd.DataFrame,
    counts: Sequence[int],
    obs: Observation,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
) -> pd.DataFrame:
    """The estimate and range for ``obs`` as the first ``n`` real outcomes are added to the prior, for each n.

    ``prior`` and ``real`` are labelled frames of raw observation columns; ``real`` is taken in its
    order (a journal's, oldest first). Columns: real_outcomes, probability, low, high, width.

    Raises
    ------
    ValueError
        When a count asks for more real outcomes than ``real`` holds.
    """
    if max(counts, default=0) > len(real):
        raise ValueError(f"counts: {max(counts)} real outcomes asked for, but the frame holds {len(real)}")
    prior_x, prior_y = _labelled(prior)
    real_x, real_y = _labelled(real)
    rows = []
    for n in counts:
        model = fit(prior_x, prior_y, real_x[:n], real_y[:n], prior_weight=prior_weight)
        said = explain(model, obs)
        low, high = said.interval.low, said.interval.high
        rows.append(
            {"real_outcomes": n, "probability": said.probability, "low": low, "high": high, "width": high - low}
        )
    return pd.DataFrame(rows)


def _as_known_on(obs: Observation, day: date) -> Observation:
    """The observation as it stood on ``day``: what was sent later was not sent yet, nor was its reply."""
    update: dict[str, Any] = {"as_of": day}
    if obs.thank_you_sent_on is not None and obs.thank_you_sent_on > day:
        update["thank_you_sent_on"] = None
    if obs.follow_up_sent_on is not None and obs.follow_up_sent_on > day:
        update |= {"follow_up_sent_on": None, "follow_up_reply": None}
    return obs.model_copy(update=update)


def day_by_day(model: Model, obs: Observation) -> pd.DataFrame:
    """Replay an interview from its day to ``obs.as_of``: the estimate and its range on every calendar day.

    ``obs`` is the interview as it stands on its last day; earlier days see only what had been sent
    by then, and the decision date as promised at the interview. Columns: as_of, days_since_interview,
    probability, low, high, event (what happened that day, if anything).
    """
    reply = f" (reply: {obs.follow_up_reply})" if obs.follow_up_reply else ""
    events: dict[date | None, list[str]] = {}
    for day, event in (
        (obs.interview_date, "interview"),
        (obs.thank_you_sent_on, "thank-you sent"),
        (obs.follow_up_sent_on, "follow-up sent" + reply),
        (obs.decision_expected_by, "decision date"),
    ):
        events.setdefault(day, []).append(event)
    rows = []
    for offset in range((obs.as_of - obs.interview_date).days + 1):
        day = obs.interview_date + timedelta(days=offset)
        said = explain(model, _as_known_on(obs, day))
        rows.append(
            {
                "as_of": pd.Timestamp(day),
                "days_since_interview": offset,
                "probability": said.probability,
                "low": said.interval.low,
                "high": said.interval.high,
                "event": ", ".join(events.get(day, [])),
            }
        )
    return pd.DataFrame(rows)


# --- Charts -----------------------------------------------------------------------------------------------

PERCENT = alt.Axis(format="%")


def _layer(*charts: alt.Chart, title: str, **properties: Any) -> alt.LayerChart:
    """Charts drawn on one another, titled. (``alt.layer`` is typed as returning a union; this is not.)"""
    return alt.LayerChart(layer=list(charts)).properties(title=title, **properties)


def shares_chart(shares: pd.DataFrame) -> alt.FacetChart:
    """Bars of :func:`level_shares`: how often each signal takes each level, one panel per signal."""
    chart: alt.FacetChart = (
        alt.Chart(shares, width=360, height=alt.Step(16))
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of interviews", axis=PERCENT),
            y=alt.Y("level:N", title=None, sort=alt.SortField("order")),
            color=alt.condition(alt.datum.order == 0, alt.value("#bbbbbb"), alt.value("#4c78a8")),
            tooltip=["signal", "level", "interviews", alt.Tooltip("share:Q", format=".1%")],
        )
        .facet(row=alt.Row("signal:N", title=None, sort=list(SIGNAL_LEVELS)))
        .resolve_scale(y="independent")
        .properties(title="How often each signal takes each level (grey: not known)")
    )
    return chart


def rates_chart(rates: pd.DataFrame) -> alt.FacetChart:
    """Points and ranges of :func:`outcome_rates`, one panel per signal, one colour per stage if present."""
    by_stage = "stage" in rates
    tooltip: list[str | alt.Tooltip] = ["signal", "level", "interviews", alt.Tooltip("rate:Q", format=".1%")]
    base = alt.Chart(rates, width=360, height=alt.Step(8 if by_stage else 16)).encode(
        y=alt.Y("level:N", title=None, sort=alt.SortField("order")), tooltip=tooltip + (["stage"] if by_stage else [])
    )
    if by_stage:
        base = base.encode(
            yOffset=alt.YOffset("stage:N", sort=list(STAGES)),
            color=alt.Color("stage:N", sort=list(STAGES), title="stage"),
        )
    ranges = base.mark_rule().encode(
        x=alt.X("low:Q", title="offer or next round (90% range)", axis=PERCENT), x2="high:Q"
    )
    chart: alt.FacetChart = (
        alt.LayerChart(data=rates, layer=[ranges, base.mark_point(filled=True).encode(x="rate:Q")])
        .facet(row=alt.Row("signal:N", title=None, sort=list(SIGNAL_LEVELS)))
        .resolve_scale(y="independent")
        .properties(title="How often an interview led to an offer or next round, by level of each signal")
    )
    return chart


def silence_chart(curves: pd.DataFrame) -> alt.Chart:
    """Lines of :func:`silence_curves`: the weight of silence by business day, one line per kind."""
    chart: alt.Chart = (
        alt.Chart(curves, width=420, height=240, title="The weight of silence grows with each business day")
        .mark_line(point=True)
        .encode(
            x=alt.X("business_days:Q", title="business days of silence"),
            y=alt.Y("weight:Q", title="weight (log-odds toward bad news)"),
            color=alt.Color("silence:N", title="silence"),
            tooltip=["silence", "business_days", alt.Tooltip("weight:Q", format=".2f")],
        )
    )
    return chart


def monte_carlo_chart(check: pd.DataFrame) -> alt.LayerChart:
    """:func:`silence_monte_carlo`: simulated P(good | silent) with a 2-standard-error bar, and the formula."""
    base = alt.Chart(check, width=420, height=240).encode(
        x=alt.X("business_days:Q", title="business days of silence"),
        color=alt.Color("silence:N", title="silence"),
    )
    formula = base.mark_line().encode(y=alt.Y("formula:Q", title="P(good news | still silent)", axis=PERCENT))
    bars = (
        base.transform_calculate(
            low="datum.simulated - 2 * datum.standard_error", high="datum.simulated + 2 * datum.standard_error"
        )
        .mark_rule()
        .encode(y="low:Q", y2="high:Q")
    )
    simulated = base.mark_point().encode(y="simulated:Q", tooltip=["silence", "business_days", "simulated", "formula"])
    return _layer(formula, bars, simulated, title="Simulated news arrival (points) against the closed form (lines)")


def effects_chart(effects: pd.DataFrame) -> alt.LayerChart:
    """:func:`effects_frame` as points with their range; the simulator's effect as a black tick if known."""
    base = alt.Chart(effects, width=420, height=alt.Step(20)).encode(
        y=alt.Y("feature:N", title=None, sort=list(FEATURE_NAMES))
    )
    layers = [
        base.mark_rule().encode(x=alt.X("low:Q", title="effect on the log-odds (90% range)"), x2="high:Q"),
        base.mark_point(filled=True, size=60).encode(x="log_odds:Q", tooltip=["feature", "unit", "log_odds"]),
    ]
    if "true_log_odds" in effects:
        layers.append(base.mark_tick(color="black", thickness=2).encode(x="true_log_odds:Q"))
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 4], color="grey").encode(x="zero:Q")
    return _layer(*layers, zero, title="Fitted effects (points, 90% range) and the simulator's own (ticks)")


def reliability_chart(table: pd.DataFrame, title: str = "Reliability: predicted vs observed") -> alt.LayerChart:
    """:func:`reliability` as a diagram: bins on the diagonal are calibrated; point size is the bin's count."""
    unit = alt.Scale(domain=[0, 1])
    diagonal = (
        alt.Chart(pd.DataFrame({"p": [0.0, 1.0]})).mark_line(color="grey", strokeDash=[4, 4]).encode(x="p:Q", y="p:Q")
    )
    points = (
        alt.Chart(table)
        .mark_circle()
        .encode(
            x=alt.X("predicted:Q", title="predicted probability", axis=PERCENT, scale=unit),
            y=alt.Y("observed:Q", title="observed rate", axis=PERCENT, scale=unit),
            size=alt.Size("interviews:Q", title="interviews"),
            tooltip=["bin", "predicted", "observed", "interviews"],
        )
    )
    return _layer(diagonal, points, title=title, width=300, height=300)


def coverage_chart(coverage: pd.DataFrame) -> alt.LayerChart:
    """:func:`interval_coverage` per probe with a 2-standard-error bar; the stated level is the dashed line."""
    level, observed = float(coverage["level"].iloc[0]), float(coverage["coverage"].mean())
    base = alt.Chart(coverage, width=420, height=alt.Step(22)).encode(y=alt.Y("probe:N", title=None, sort=None))
    x = alt.X("low:Q", title="share of datasets whose range held the truth", axis=PERCENT, scale=alt.Scale(zero=False))
    bars = (
        base.transform_calculate(
            low="max(0, datum.coverage - 2 * datum.standard_error)",
            high="min(1, datum.coverage + 2 * datum.standard_error)",
        )
        .mark_rule()
        .encode(x=x, x2="high:Q")
    )
    points = base.mark_point(filled=True, size=60).encode(
        x="coverage:Q", tooltip=["probe", "true_probability", "coverage", "mean_width"]
    )
    stated = alt.Chart(pd.DataFrame({"level": [level]})).mark_rule(color="black", strokeDash=[4, 4]).encode(x="level:Q")
    datasets, probes = int(coverage["datasets"].iloc[0]), len(coverage)
    title = f"The {level:.0%} range held the truth {observed:.1%} of the time ({datasets} datasets, {probes} probes)"
    return _layer(bars, points, stated, title=title)


def narrowing_chart(narrowing: pd.DataFrame, truth: float | None = None) -> alt.LayerChart:
    """:func:`interval_narrowing`: the estimate and its range for each number of real outcomes.

    ``truth``, when known (a simulated interview), is drawn as a dashed line.
    """
    base = alt.Chart(narrowing, width=320, height=240).encode(
        x=alt.X("real_outcomes:O", title="real outcomes added to the prior", axis=alt.Axis(labelAngle=0))
    )
    ranges = base.mark_rule(strokeWidth=3).encode(
        y=alt.Y("low:Q", title="probability (90% range)", axis=PERCENT), y2="high:Q"
    )
    points = base.mark_point(filled=True, size=60, color="black").encode(
        y="probability:Q", tooltip=["real_outcomes", "probability", "low", "high", "width"]
    )
    layers = [ranges, points]
    if truth is not None:
        line = alt.Chart(pd.DataFrame({"truth": [truth]})).mark_rule(color="grey", strokeDash=[4, 4])
        layers.append(line.encode(y="truth:Q"))
    title = "The range narrows as real outcomes are added" + (" (dashed: the true probability)" if truth else "")
    return _layer(*layers, title=title)


def walk_chart(walk: pd.DataFrame) -> alt.LayerChart:
    """:func:`day_by_day`: the estimate, its range as a band, and a labelled rule on each event's day."""
    base = alt.Chart(walk, width=520, height=260).encode(x=alt.X("as_of:T", title="as of"))
    band = base.mark_area(opacity=0.25).encode(
        y=alt.Y("low:Q", title="probability (90% range)", axis=PERCENT, scale=alt.Scale(domain=[0, 1])), y2="high:Q"
    )
    line = base.mark_line(point=True).encode(y="probability:Q", tooltip=["as_of:T", "probability", "low", "high"])
    events = base.transform_filter(alt.datum.event != "")
    rules = events.mark_rule(color="grey", strokeDash=[3, 3])
    labels = events.mark_text(align="left", angle=270, dx=4, dy=-4, baseline="bottom").encode(
        y=alt.value(250), text="event:N"
    )
    return _layer(band, line, rules, labels, title="Day by day: the estimate as the days pass")
