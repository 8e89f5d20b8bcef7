"""Words, tables and charts for showing an estimate: shared by the page, the notebooks and the CLI.

Nothing here computes the model; every number comes from :mod:`interview_signals.explain`.
"""

from __future__ import annotations

import copy
import html
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_signals.explain import Effect, Estimate, Explanation, ModelInfo, percentage_points
from interview_signals.features import SIGNALS, Signal
from interview_signals.paths import DATA_CARD
from interview_signals.silence import AFTER_FOLLOW_UP, PAST_DECISION_DATE
from interview_signals.timeline import SECOND_FOLLOW_UP_BUSINESS_DAYS, NextStep

if TYPE_CHECKING:  # pandas and altair load on first use: the CLI's sentences should not pay for them
    import altair as alt
    import pandas as pd

    from interview_signals.draft_check import DraftReport, Finding

__all__ = [
    "CHART_DATASET",
    "DRAFT_KIND_LABELS",
    "FOLLOW_UP_REPLY_LABELS",
    "LOWERS",
    "PLAIN_LIMITS",
    "RAISES",
    "ROLE_SELLING_LABELS",
    "SIGNAL_LABELS",
    "STAGE_LABELS",
    "assumptions",
    "business_days_note",
    "chart_reach",
    "checklist_lines",
    "contribution_chart",
    "contribution_frame",
    "contribution_spec",
    "country_names",
    "data_card_limits",
    "effects_frame",
    "findings_html",
    "headline",
    "highlight_html",
    "limits",
    "percent",
    "points",
    "range_line",
    "read_data_card_limits",
    "source_line",
    "step_line",
    "what_if_lines",
]

SIGNAL_LABELS: dict[Signal, str] = {
    "duration": "Length",
    "role_selling": "Role talked up",
    "follow_up_reply": "Reply to follow-up",
    "decision_date": "Decision date",
}
STAGE_LABELS = {"phone_screen": "Phone screen", "interview": "Interview", "final_round": "Final round"}
# ``None`` is "not known": always a real answer, and it moves the estimate by exactly nothing.
ROLE_SELLING_LABELS: dict[str | None, str] = {
    None: "Not sure",
    "none": "No, not at all",
    "some": "Somewhat",
    "strong": "Strongly",
}
FOLLOW_UP_REPLY_LABELS: dict[str | None, str] = {
    None: "Not sure / not recorded",
    "none": "No reply yet",
    "acknowledged": "A generic acknowledgement",
    "affirming": "A warm, affirming reply",
}
RAISES, LOWERS = "raises it", "lowers it"
CHART_DATASET = "contributions"
_COLOURS = {RAISES: "#2e7d32", LOWERS: "#c62828"}


def percent(probability: float) -> str:
    """A probability as a whole percentage; never "0%" or "100%", which would claim certainty.

    Examples
    --------
    >>> percent(0.6249), percent(0.001), percent(0.9996)
    ('62%', '<1%', '>99%')
    """
    if probability < 0.005:
        return "<1%"
    if probability >= 0.995:
        return ">99%"
    return f"{math.floor(100 * probability + 0.5)}%"  # half up: round() would show 0.5% as "0%"


def points(value: float) -> str:
    """Signed percentage points with one decimal: "+12.3 pts", "−4.0 pts", "0 pts".

    Examples
    --------
    >>> points(12.34), points(-4.0), points(0.004)
    ('+12.3 pts', '−4.0 pts', '0 pts')
    """
    if abs(value) < 0.05:
        return "0 pts"
    return f"{'+' if value > 0 else '−'}{abs(value):.1f} pts"


def headline(estimate: Estimate) -> str:
    """The one sentence the page leads with: "62% chance this leads to an offer or a next round"."""
    return f"{percent(estimate.probability)} chance this leads to an offer or a next round"


def range_line(estimate: Estimate) -> str:
    """The plausible range and its level: "plausible range 41–79% (90% level)"."""
    interval = estimate.interval
    low, high = percent(interval.low).rstrip("%"), percent(interval.high)
    return f"plausible range {low}–{high} ({interval.level:.0%} level)"


def source_line(model: ModelInfo) -> str:
    """Where the number comes from, in one honest sentence."""
    outcomes = "no real outcomes yet" if model.real_outcomes == 0 else f"{model.real_outcomes:,} real outcomes"
    return (
        f"Where this comes from: a documented prior worth {model.prior_weight:g} interviews, plus {outcomes}. "
        "A structured second opinion, not a verdict."
    )


def contribution_frame(estimate: Estimate) -> pd.DataFrame:
    """One row per signal, largest move first: the numbers and words of the reasons chart.

    Columns: ``signal``, ``label``, ``points``, ``direction`` (:data:`RAISES` or :data:`LOWERS`),
    ``text`` (the library's sentence), ``shown`` (the points as text) and ``rank`` (0 for the largest).
    The points are Shapley shares of ``probability - baseline`` (:func:`explain.percentage_points`),
    so they add up to the distance between the starting point and the estimate.
    """
    import pandas as pd

    explanation = Explanation(estimate.probability, estimate.interval, estimate.baseline, estimate.contributions)
    shares = percentage_points(explanation)
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
    base = alt.Chart().encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("rank", op="min", order="ascending"), title=None),
        tooltip=[alt.Tooltip("label:N", title="Signal"), alt.Tooltip("shown:N", title="Move"), "text:N"],
    )
    bars = base.mark_bar(cornerRadius=2).encode(
        x=alt.X("points:Q", title="Percentage points it moves the estimate", scale=alt.Scale(domain=[-reach, reach])),
        color=alt.Color(
            "direction:N", scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())), legend=None
        ),
    )
    # Each figure sits just beyond its bar's end, on the side the bar points to.
    right = base.transform_filter(alt.datum.points >= 0).mark_text(align="left", dx=4)
    left = base.transform_filter(alt.datum.points < 0).mark_text(align="right", dx=-4)
    labels = [layer.encode(x="points:Q", text="shown:N") for layer in (right, left)]
    zero = alt.Chart().mark_rule(color="#666").encode(x=alt.datum(0))
    data = alt.NamedData(CHART_DATASET) if frame is None else frame
    return alt.LayerChart(layer=[bars, zero, *labels], data=data, height=height)


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


def what_if_lines(estimate: Estimate) -> list[tuple[str, str]]:
    """(signal label, one sentence) per pending signal: the estimate under each of its outcomes.

    The words the outcomes share are said once: "If you follow up on Dec 2 and they reply warmly, **78%**;
    they send a generic reply, **57%**; …".
    """
    by_signal: dict[Signal, list[tuple[str, float]]] = {}
    for scenario in estimate.what_if:
        by_signal.setdefault(scenario.signal, []).append((scenario.text, scenario.probability))
    return [(SIGNAL_LABELS[signal], _outcomes_sentence(by_signal[signal])) for signal in SIGNALS if signal in by_signal]


def _outcomes_sentence(outcomes: list[tuple[str, float]]) -> str:
    """ "If X a, 40%; b, 50%" from ("if X a", 0.4), ("if X b", 0.5): the shared words once, at the start.

    Examples
    --------
    >>> _outcomes_sentence([("if it ran over", 0.48), ("if it ran to time", 0.40)])
    'If it ran over, **48%**; to time, **40%**'
    """
    words = [text.split(" ") for text, _ in outcomes]
    shared = 0  # leading words every outcome shares, leaving each at least one of its own
    if len(words) > 1:
        while shared < min(map(len, words)) - 1 and len({tuple(w[: shared + 1]) for w in words}) == 1:
            shared += 1
    parts = [
        f"{' '.join(w if index == 0 else w[shared:])}, **{percent(probability)}**"
        for index, (w, (_, probability)) in enumerate(zip(words, outcomes, strict=True))
    ]
    return _capitalised("; ".join(parts))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(day: date) -> str:
    return f"{day:%a} {day:%b} {day.day}"


def step_line(step: NextStep) -> str:
    """Where one next step stands, with its real dates: "Send a thank-you note …: due by Tue Nov 3."."""
    if step.latest is None:  # the thank-you note: a deadline
        when = {
            "done": "done",
            "due": f"due by {_day(step.date)}",
            "overdue": f"overdue: it was due by {_day(step.date)}; a short note now still helps",
            "upcoming": f"due by {_day(step.date)}",
        }[step.status]
        return f"{step.action}: {when}."
    window = f"{_day(step.date)} – {_day(step.latest)}"
    when = {
        "done": f"done (window {window})",
        "due": f"the window is open now, until {_day(step.latest)}",
        "overdue": f"the window closed {_day(step.latest)}: if you still have no word, send it now",
        "upcoming": f"window {window}",
    }[step.status]
    return f"{step.action}: {when}."


def business_days_note(country: str) -> str:
    """How the follow-up window is counted, naming the country whose public holidays are skipped."""
    first, last = SECOND_FOLLOW_UP_BUSINESS_DAYS
    name = country_names().get(country, country)
    return (
        f"Business days {first}–{last} after the interview (opened early by a promised decision date that "
        f"passed), skipping weekends and public holidays in {name}."
    )


def effects_frame(effects: Iterable[Effect]) -> pd.DataFrame:
    """The effects table for people: signal, what one unit means, log-odds and odds with their range."""
    import pandas as pd

    labels = {str(signal): label for signal, label in SIGNAL_LABELS.items()} | {"stage": "Stage"}
    return pd.DataFrame(
        [
            {
                "Signal": labels.get(effect.signal, effect.signal),
                "One unit is": effect.unit,
                "Log-odds": round(effect.log_odds, 2),
                "Odds ×": round(effect.odds_ratio, 2),
                "Range (odds ×)": f"{math.exp(effect.low):.2f}–{math.exp(effect.high):.2f}",
            }
            for effect in effects
        ]
    )


def assumptions(model: ModelInfo) -> list[str]:
    """The data card's main assumptions in a few plain sentences (numbers read from the code that uses them)."""
    from interview_signals.simulate import PriorAssumptions

    base = PriorAssumptions().base_rate
    rates = ", ".join(f"{STAGE_LABELS[stage].lower()} {percent(rate)}" for stage, rate in base.items())
    return [
        "No public data links these signals to outcomes, so the model starts from a simulated, documented prior. "
        'The directions come from one career article (K. Heisler, "The Right Way to Follow Up After an Interview", '
        "2024); most effect sizes are our own assumptions.",
        f"Starting points when nothing else is known: {rates} (recruiting-funnel benchmarks).",
        "Signals act independently, and a signal you are not sure about adds nothing: not knowing is never bad news.",
        f"Silence counts only after a grace period ({AFTER_FOLLOW_UP.grace_days} business days after a follow-up, "
        f"{PAST_DECISION_DATE.grace_days} past a promised decision date), then weighs a little more each day "
        '(after E. Travers, "Prediction through Simulation", 2020).',
        f"The whole prior counts as {model.prior_weight:g} interviews; each real outcome you record counts once "
        f"({model.real_outcomes:,} so far). That is why the range is wide.",
    ]


def data_card_limits(markdown: str) -> list[str]:
    """The bullet points under the data card's "Known limits" heading, each joined onto one line.

    Examples
    --------
    >>> data_card_limits("# Card\\n## Known limits\\n\\n- One,\\n  wrapped.\\n- Two.\\n## Next\\n- no")
    ['One, wrapped.', 'Two.']
    """
    section = re.search(r"^## Known limits\s*$(.*?)(?=^## |\Z)", markdown, flags=re.MULTILINE | re.DOTALL)
    if section is None:
        return []
    items: list[str] = []
    for line in section.group(1).splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def read_data_card_limits(path: Path = DATA_CARD) -> list[str]:
    """:func:`data_card_limits` of the data card file; empty when the file is missing."""
    try:
        return data_card_limits(path.read_text(encoding="utf-8"))
    except OSError:
        return []


# What no model of these signals can know, whatever its data: said first, in plain words.
PLAIN_LIMITS = (
    "It is not a verdict. It can't see how well you answered, who else is in the running, "
    "or the company's budget and timing.",
    "It knows only the signals on this page; anything else you noticed is not in the number.",
)


def limits(path: Path = DATA_CARD) -> list[str]:
    """The estimate's limits: the plain ones, then the data card's "Known limits"."""
    card = read_data_card_limits(path)
    if not card:
        return [*PLAIN_LIMITS, f"The data card ({path.name}) could not be read, so its own list of limits is missing."]
    return [*PLAIN_LIMITS, *card]


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English name, for every country with a public-holiday calendar, sorted by name."""
    from holidays.registry import COUNTRIES

    from interview_signals.observation import supported_countries

    supported = supported_countries()
    names = {codes[1]: module.replace("_", " ").title() for module, codes in COUNTRIES.items() if codes[1] in supported}
    return dict(sorted(names.items(), key=lambda item: item[1]))


# --- The follow-up note --------------------------------------------------------------------------

DRAFT_KIND_LABELS = {"thank_you": "Thank-you note", "second_follow_up": "Second follow-up"}
_MARK_STYLE = "background:#ffe08a;border-radius:3px;padding:0 2px"
_DRAFT_STYLE = (
    "white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6;"
    "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem"
)


def _clusters(findings: Sequence[Finding]) -> list[tuple[int, int, list[int]]]:
    """Overlapping findings (of different rules) as one span: (start, end, their 1-based numbers)."""
    clusters: list[tuple[int, int, list[int]]] = []
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, -findings[i].end))
    for index in order:
        finding = findings[index]
        if clusters and finding.start < clusters[-1][1]:
            start, end, numbers = clusters[-1]
            clusters[-1] = (start, max(end, finding.end), [*numbers, index + 1])
        else:
            clusters.append((finding.start, finding.end, [index + 1]))
    return clusters


def highlight_html(text: str, findings: Sequence[Finding]) -> str:
    """The draft as HTML, each finding's span in a ``<mark>`` whose tooltip gives the reason and the fix.

    Every piece of the draft is escaped, so a draft that contains markup shows that markup as text.
    A mark is followed by the finding's number in :func:`findings_html`'s list.

    Examples
    --------
    >>> from interview_signals.draft_check import Finding
    >>> found = Finding("negative_language", 5, 14, "anxiously", "Reads as negative.", "Delete it.")
    >>> shown = highlight_html("I am anxiously <waiting>", [found])
    >>> shown.split(">", 1)[1]  # doctest: +ELLIPSIS
    'I am <mark title="1. Reads as negative. Delete it." data-rules="negative_language" ...>anxiously</mark>...'
    >>> shown.endswith("<sup>1</sup> &lt;waiting&gt;</div>")
    True
    """
    parts: list[str] = []
    done = 0
    for start, end, numbers in _clusters(findings):
        members = [findings[number - 1] for number in numbers]
        title = " ".join(f"{number}. {f.message} {f.suggestion}" for number, f in zip(numbers, members, strict=True))
        rules = " ".join(dict.fromkeys(f.rule for f in members))
        parts.append(html.escape(text[done:start]))
        parts.append(
            f'<mark title="{html.escape(title)}" data-rules="{html.escape(rules)}" style="{_MARK_STYLE}">'
            f"{html.escape(text[start:end])}</mark><sup>{','.join(map(str, numbers))}</sup>"
        )
        done = end
    parts.append(html.escape(text[done:]))
    return f'<div class="draft-check" style="{_DRAFT_STYLE}">{"".join(parts)}</div>'


def findings_html(findings: Sequence[Finding]) -> str:
    """A numbered list of the findings: the words, why they hurt, and what to write instead (escaped HTML).

    A finding of the learned layer also names the words that weighed most toward it.
    """
    items = "".join(
        f"<li><b>“{html.escape(f.excerpt)}”</b>: {html.escape(f.message)} <i>{html.escape(f.suggestion)}</i>"
        + (f" <small>(mostly because of: {html.escape(', '.join(f.evidence))})</small>" if f.evidence else "")
        + "</li>"
        for f in findings
    )
    return f'<ol class="draft-findings" style="margin:0;padding-left:1.5rem">{items}</ol>'


def checklist_lines(report: DraftReport) -> list[tuple[bool, str, str]]:
    """(present, label, hint) for each item a good note has, in the rules file's order."""
    from interview_signals.draft_check import load_rules

    return [(report.checklist[item.id], item.label, item.hint) for item in load_rules().checklist]
