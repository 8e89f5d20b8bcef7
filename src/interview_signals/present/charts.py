"""Altair charts shared by the page and the notebooks; tables are aggregated before they are drawn."""

from __future__ import annotations

import copy
import math
from functools import cache
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from interview_signals.estimate.answer import Estimate
from interview_signals.estimate.explain import percentage_points
from interview_signals.estimate.features import FEATURE_NAMES
from interview_signals.evaluation.signal_rates import SIGNAL_LEVELS
from interview_signals.observation import STAGES
from interview_signals.present.wording import SIGNAL_LABELS, points

if TYPE_CHECKING:  # pandas and altair load on first use: the CLI's sentences should not pay for them
    import altair as alt
    import pandas as pd


def offline_charts() -> None:
    """Draw Altair charts in notebooks as static SVG, rendered here by vl-convert.

    Altair's default notebook renderer loads its JavaScript from a CDN; this tool sends nothing off
    the machine, so the notebooks render charts locally instead.
    """
    alt.renderers.enable("svg")


PERCENT = alt.Axis(format="%")


def _layer(*charts: alt.Chart, title: str, **properties: Any) -> alt.LayerChart:
    """Charts drawn on one another, titled.

    ``alt.layer`` is typed as returning a union; this is not.
    """
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
    """Lines of :func:`silence_curves`: the weight of silence by business day, one line per wait."""
    chart: alt.Chart = (
        alt.Chart(curves, width=420, height=240, title="One clock: the weight of waiting grows with each business day")
        .mark_line(point=True)
        .encode(
            x=alt.X("business_days:Q", title="business days since the interview"),
            y=alt.Y("weight:Q", title="weight (log-odds toward bad news)"),
            color=alt.Color("silence:N", title="wait"),
            tooltip=["silence", "business_days", alt.Tooltip("weight:Q", format=".2f")],
        )
    )
    return chart


def monte_carlo_chart(check: pd.DataFrame) -> alt.LayerChart:
    """:func:`silence_monte_carlo`: simulated P(offer | no decision yet), a 2-standard-error bar, and the formula."""
    base = alt.Chart(check, width=420, height=240).encode(
        x=alt.X("business_days:Q", title="business days since the interview"),
        color=alt.Color("silence:N", title="wait"),
    )
    formula = base.mark_line().encode(y=alt.Y("formula:Q", title="P(offer | no decision yet)", axis=PERCENT))
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


RAISES, LOWERS = "raises it", "lowers it"


CHART_DATASET = "contributions"


_COLOURS = {RAISES: "#2e7d32", LOWERS: "#c62828"}


def contribution_frame(estimate: Estimate) -> pd.DataFrame:
    """One row per signal, largest move first: the numbers and words of the reasons chart.

    Columns: ``signal``, ``label``, ``points``, ``direction`` (:data:`RAISES` or :data:`LOWERS`),
    ``text`` (the library's sentence), ``shown`` (the points as text) and ``rank`` (0 for the largest).
    The points are Shapley shares of ``probability - baseline`` (:func:`explain.percentage_points`),
    so they add up to the distance between the starting point and the estimate.
    """
    import pandas as pd

    shares = percentage_points(estimate.explanation)
    rows = [
        {
            "signal": c.signal,
            "label": SIGNAL_LABELS[c.signal],
            "points": shares[c.signal],
            "direction": RAISES if shares[c.signal] >= 0 else LOWERS,
            "text": c.text,
        }
        for c in estimate.contributions
    ]
    frame = pd.DataFrame(rows, columns=["signal", "label", "points", "direction", "text"])
    order = frame["points"].abs().sort_values(ascending=False, kind="stable").index
    frame = frame.loc[order].reset_index(drop=True)
    # The chart sorts its bars by "rank" and prints "shown", so its spec needs no per-call data.
    return frame.assign(shown=[points(value) for value in frame["points"]], rank=range(len(frame)))


def chart_reach(frame: pd.DataFrame) -> int:
    """Half-width of the symmetric points axis: the largest move plus room for its label, up to a multiple of 10.

    At least ±10 points, so a small move looks small and zero stays in the middle.
    """
    return max(10, math.ceil(float(frame["points"].abs().max()) * 1.25 / 10) * 10)


def contribution_chart(
    frame: pd.DataFrame | None = None, *, reach: int | None = None, height: int = 170
) -> alt.LayerChart:
    """Diverging bars, one per signal, sorted by size: how far each moves the estimate, in points.

    Parameters
    ----------
    frame
        :func:`contribution_frame`'s output. ``None`` leaves the data as a reference to the dataset
        named :data:`CHART_DATASET` (see :func:`contribution_spec`).
    reach
        Half-width of the points axis; :func:`chart_reach` of ``frame`` when not given.
    height
        Pixels; about 40 per bar keeps the labels readable.
    """
    import altair as alt

    if reach is None:
        reach = 10 if frame is None else chart_reach(frame)
    # Each bar's figure is part of its axis label ("Length  +10.6 pts"), not a text mark beside the bar: the
    # page's theme colours axis labels, but a text mark is black whatever the theme, unreadable on dark.
    base = alt.Chart().encode(
        y=alt.Y(
            "axis_label:N",
            sort=alt.EncodingSortField("rank", op="min", order="ascending"),
            title=None,
            axis=alt.Axis(labelLimit=320),  # the whole label and its figure, never cut with an ellipsis
        ),
        tooltip=[alt.Tooltip("label:N", title="Signal"), alt.Tooltip("shown:N", title="Move"), "text:N"],
    )
    bars = base.mark_bar(cornerRadius=2).encode(
        x=alt.X("points:Q", title="Percentage points it moves the estimate", scale=alt.Scale(domain=[-reach, reach])),
        color=alt.Color(
            "direction:N", scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())), legend=None
        ),
    )
    zero = alt.Chart().mark_rule(color="#888").encode(x=alt.datum(0))  # mid-grey: visible on light and dark
    data = alt.NamedData(CHART_DATASET) if frame is None else frame
    chart = alt.LayerChart(layer=[bars, zero], data=data, height=height)
    return chart.transform_calculate(axis_label=alt.datum.label + "  " + alt.datum.shown)


def contribution_spec(frame: pd.DataFrame, height: int = 170) -> dict[str, Any]:
    """:func:`contribution_chart` of ``frame`` as a Vega-Lite spec, its data under ``datasets``.

    Building and validating an Altair chart takes tens of milliseconds, far longer than the estimate;
    the spec without data depends only on the axis width, so it is built once per width and copied.
    """
    spec = copy.deepcopy(_contribution_template(chart_reach(frame), height))
    spec["datasets"] = {CHART_DATASET: frame}
    return spec


@cache
def _contribution_template(reach: int, height: int) -> dict[str, Any]:
    spec: dict[str, Any] = contribution_chart(reach=reach, height=height).to_dict()
    return spec


def history_chart(history: pd.DataFrame) -> alt.LayerChart:
    """An interview's estimate at each save (``saved_at``, ``probability``, ``low``, ``high``), range as a band."""
    # Python dates and datetimes as pandas timestamps: Altair 5.0, the floor, cannot write them into a spec.
    history = history.assign(saved_at=pd.to_datetime(history["saved_at"]), as_of=pd.to_datetime(history["as_of"]))
    time = alt.X("saved_at:T", title="saved")
    unit = alt.Scale(domain=[0, 1])
    band = alt.Chart(history).mark_area(opacity=0.2).encode(x=time, y=alt.Y("low:Q", scale=unit), y2="high:Q")
    line = (
        alt.Chart(history)
        .mark_line(point=True)
        .encode(
            x=time,
            y=alt.Y("probability:Q", title="estimate", axis=PERCENT, scale=unit),
            tooltip=["saved_at:T", "as_of:T", alt.Tooltip("probability:Q", format=".0%"), "model_version"],
        )
    )
    return _layer(band, line, title="The estimate at each save (band: its plausible range)", height=220)


def track_record_chart(bins: pd.DataFrame) -> alt.LayerChart:
    """Reliability of the saved estimates: each bin at its mean estimate, its Wilson range, and its count."""
    unit = alt.Scale(domain=[0, 1])
    filled = bins[bins["interviews"] > 0]
    diagonal = (
        alt.Chart(pd.DataFrame({"p": [0.0, 1.0]})).mark_line(color="grey", strokeDash=[4, 4]).encode(x="p:Q", y="p:Q")
    )
    x = alt.X("mean_estimate:Q", title="estimate shown (bin mean)", axis=PERCENT, scale=unit)
    ranges = alt.Chart(filled).mark_rule().encode(x=x, y=alt.Y("low:Q", scale=unit), y2="high:Q")
    points = (
        alt.Chart(filled)
        .mark_circle(size=60)
        .encode(
            x=x,
            y=alt.Y("observed:Q", title="share that led to an offer or next round", axis=PERCENT, scale=unit),
            tooltip=["from", "to", "interviews", "mean_estimate", "observed", "low", "high"],
        )
    )
    counts = alt.Chart(filled).mark_text(dy=-12).encode(x=x, y="observed:Q", text="interviews:Q")
    return _layer(
        diagonal, ranges, points, counts, title="How the estimates held up (n per bin)", width=320, height=320
    )
