"""Words for showing an estimate: percentages, points, sentences and labels shared by the page, CLI and notebooks."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from interview_signals.calendar import day_text
from interview_signals.estimate.answer import Estimate
from interview_signals.estimate.explain import Effect
from interview_signals.estimate.features import SIGNALS, Signal
from interview_signals.estimate.model import ModelInfo
from interview_signals.estimate.next_steps import SECOND_FOLLOW_UP_BUSINESS_DAYS, NextStep
from interview_signals.estimate.silence import news_clock

if TYPE_CHECKING:  # pandas and altair load on first use: the CLI's sentences should not pay for them
    import pandas as pd


SIGNAL_LABELS: dict[Signal, str] = {
    "duration": "Length",
    "role_selling": "Role talked up",
    "follow_up_reply": "Reply to follow-up",
    "silence": "Waiting for a decision",
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


def plausible_range(low: float, high: float, level: float) -> str:
    """A range of probabilities and its level in words.

    Examples
    --------
    >>> plausible_range(0.412, 0.79, 0.9)
    'plausible range 41–79% (90% level)'
    """
    return f"plausible range {percent(low).rstrip('%')}–{percent(high)} ({level:.0%} level)"


def range_line(estimate: Estimate) -> str:
    """The estimate's plausible range and its level: "plausible range 41–79% (90% level)"."""
    interval = estimate.interval
    return plausible_range(interval.low, interval.high, interval.level)


# What became of an interview, as the journal's page and commands name it.
OUTCOME_LABELS = {
    "offer": "Offer",
    "next_round": "Next round",
    "rejected": "Rejected",
    "withdrawn": "I withdrew",
    "no_response": "No response",
}


def source_line(model: ModelInfo) -> str:
    """Where the number comes from, in one honest sentence."""
    outcomes = "no real outcomes yet" if model.real_outcomes == 0 else f"{model.real_outcomes:,} real outcomes"
    return (
        f"Where this comes from: a documented prior worth {model.prior_weight:g} interviews, plus {outcomes}. "
        "A structured second opinion, not a verdict."
    )


def what_if_lines(estimate: Estimate) -> list[tuple[str, str]]:
    """(signal label, one sentence) per pending signal: each outcome, how likely it is, and the estimate then.

    The words the outcomes share are said once: "If you follow up on Dec 2 and they reply warmly (about
    1 in 6): **78%**; they send a generic reply (about 1 in 5): **57%**; …".
    """
    by_signal: dict[Signal, list[tuple[str, float, float]]] = {}
    for scenario in estimate.what_if:
        by_signal.setdefault(scenario.signal, []).append((scenario.text, scenario.probability, scenario.chance))
    return [(SIGNAL_LABELS[signal], _outcomes_sentence(by_signal[signal])) for signal in SIGNALS if signal in by_signal]


def chance_words(chance: float) -> str:
    """How likely an outcome is, in words people read at a glance.

    Examples
    --------
    >>> chance_words(0.17), chance_words(0.5), chance_words(0.72), chance_words(0.004)
    ('about 1 in 6', 'about 1 in 2', 'about 7 in 10', 'less than 1 in 100')
    """
    if chance < 0.01:
        return "less than 1 in 100"
    if chance <= 0.5:
        return f"about 1 in {round(1 / chance)}"
    return f"about {min(round(10 * chance), 9 if chance < 0.95 else 10)} in 10"


def _outcomes_sentence(outcomes: Sequence[tuple[str, float] | tuple[str, float, float]]) -> str:
    """The outcomes of one signal in one sentence, the shared words once: "If X a, 40%; b, 50%".

    A third number in each outcome is its chance, said in brackets before the estimate.

    Examples
    --------
    >>> _outcomes_sentence([("if it ran over", 0.48), ("if it ran to time", 0.40)])
    'If it ran over, **48%**; to time, **40%**'
    >>> _outcomes_sentence([("if they reply warmly", 0.78, 0.17), ("if they send a generic reply", 0.57, 0.2)])
    'If they reply warmly (about 1 in 6): **78%**; send a generic reply (about 1 in 5): **57%**'
    """
    words = [outcome[0].split(" ") for outcome in outcomes]
    shared = 0  # leading words every outcome shares, leaving each at least one of its own
    if len(words) > 1:
        while shared < min(map(len, words)) - 1 and len({tuple(w[: shared + 1]) for w in words}) == 1:
            shared += 1
    parts = []
    for index, (w, outcome) in enumerate(zip(words, outcomes, strict=True)):
        text, probability = " ".join(w if index == 0 else w[shared:]), outcome[1]
        said = f"{text} ({chance_words(outcome[2])}):" if len(outcome) == 3 else f"{text},"
        parts.append(f"{said} **{percent(probability)}**")
    return _capitalised("; ".join(parts))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def step_line(step: NextStep) -> str:
    """Where one next step stands, with its real dates: "Send a thank-you note …: due by Tue Nov 3."."""
    if step.latest is None:  # the thank-you note: a deadline
        when = {
            "done": "done",
            "due": f"due by {day_text(step.date, weekday=True)}",
            "overdue": f"overdue: it was due by {day_text(step.date, weekday=True)}; a short note now still helps",
            "upcoming": f"due by {day_text(step.date, weekday=True)}",
        }[step.status]
        return f"{step.action}: {when}."
    window = f"{day_text(step.date, weekday=True)} – {day_text(step.latest, weekday=True)}"
    when = {
        "done": f"done (window {window})",
        "due": f"the window is open now, until {day_text(step.latest, weekday=True)}",
        "overdue": f"the window closed {day_text(step.latest, weekday=True)}: if you still have no word, send it now",
        "upcoming": f"window {window}",
    }[step.status]
    return f"{step.action}: {when}."


def business_days_note(country: str, decision_expected_by: date | None = None) -> str:
    """How the follow-up window is counted, naming the country whose public holidays are skipped.

    The window opens early once a promised decision date has passed; the note says so only when one was
    given.
    """
    first, last = SECOND_FOLLOW_UP_BUSINESS_DAYS
    name = country_names().get(country, country)
    early = (
        ""
        if decision_expected_by is None
        else f" (opened early, the business day after the promised decision date of "
        f"{day_text(decision_expected_by, weekday=True)}, if that comes first)"
    )
    return f"Business days {first}–{last} after the interview{early}, skipping weekends and public holidays in {name}."


def after_the_last_step(steps: Iterable[NextStep], reply: str | None) -> str | None:
    """What to do once every step is done and the follow-up has had no answer; None while a step is left.

    The article's advice: after the second follow-up, stop writing and keep your search going.
    """
    if not all(step.status == "done" for step in steps) or reply not in (None, "none"):
        return None
    return (
        "Both notes are sent, so the next move is theirs: don't send a third. Keep applying and interviewing "
        "elsewhere, and if they do reply, answer within a day."
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
    """The prior's main assumptions in a few plain sentences, with the numbers of the bundled assumptions file."""
    from interview_signals.assumptions import load_assumptions

    prior, clock = load_assumptions(), news_clock()
    rates = ", ".join(f"{STAGE_LABELS[stage].lower()} {percent(rate)}" for stage, rate in prior.base_rate.items())
    return [
        "No public data links these signals to outcomes, so the model starts from a simulated, documented prior. "
        'The directions come from one career article (K. Heisler, "The Right Way to Follow Up After an Interview", '
        "2024); most effect sizes are our own assumptions.",
        f"On the day of the interview, with nothing else known: {rates} (recruiting-funnel benchmarks), the rates "
        "over all interviews of each kind.",
        "Each signal is drawn given the outcome, independently of the others, so a signal you are not sure about "
        "adds nothing: not knowing is never bad news, and it is the average of what you might find out.",
        f"One clock for news: no decision is expected in the first {clock.grace_days} business days, then every "
        f"silent business day weighs a little more, and more still once {clock.follow_up_grace_days} business days "
        f"after a follow-up or {clock.decision_grace_days} past a promised decision date have passed, whichever "
        'comes first; the two count as one wait, not two (after E. Travers, "Prediction through Simulation", 2020).',
        f"The whole prior counts as {model.prior_weight:g} interviews; each real outcome you record counts once "
        f"({model.real_outcomes:,} so far). That is why the range is wide.",
    ]


# The names of the form's fields, as the page shows them; its messages use these, never the field names.
FIELD_LABELS: dict[str, str] = {
    "stage": "Stage",
    "interview_date": "Interview date",
    "scheduled_minutes": "Minutes booked",
    "actual_minutes": "Minutes it ran",
    "role_selling": "Did the interviewer talk up the role?",
    "decision_expected_by": "Decision promised by",
    "thank_you_sent_on": "Thank-you note sent on",
    "follow_up_sent_on": "Follow-up sent on",
    "follow_up_reply": "Reply to your follow-up",
    "country": "Country (for public holidays)",
    "as_of": "Estimate as of",
}
_VALUE_LABELS: dict[str, Mapping[Any, str]] = {
    "stage": STAGE_LABELS,
    "role_selling": ROLE_SELLING_LABELS,
    "follow_up_reply": FOLLOW_UP_REPLY_LABELS,
}


def form_message(field: str, message: str) -> str:
    """A library message about ``field`` in the form's words: its label first, other fields by label too.

    Examples
    --------
    >>> form_message("as_of", "2026-11-01 is before interview_date 2026-11-02; pick a later day")
    '**Estimate as of**: 2026-11-01 is before "Interview date" 2026-11-02; pick a later day'
    >>> form_message("follow_up_reply", "'affirming' needs follow_up_sent_on: a reply comes to a follow-up")
    '**Reply to your follow-up**: "A warm, affirming reply" needs "Follow-up sent on": a reply comes to a follow-up'
    """
    for name, label in FIELD_LABELS.items():
        message = re.sub(rf"\b{name}\b", f'"{label}"', message)
    for value, label in _VALUE_LABELS.get(field, {}).items():  # the field's own values: 'none' differs by field
        if value is not None:
            message = message.replace(f"'{value}'", f'"{label}"')
    return f"**{FIELD_LABELS[field]}**: {message}" if field in FIELD_LABELS else message


# Other names people search for; the country list matches what is typed against each option's label.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "US": ("USA", "America"),
    "AE": ("UAE",),
    "NL": ("Holland",),
    "CZ": ("Czech Republic",),
    "KR": ("Korea",),
    "CI": ("Côte d'Ivoire",),
    "MK": ("Macedonia",),
}


def country_label(code: str) -> str:
    """A country as the form lists it: "United Kingdom (GB) · UK, Great Britain, …", so any name finds it.

    Examples
    --------
    >>> country_label("DE")
    'Germany (DE)'
    """
    aliases = COUNTRY_ALIASES.get(code, ())
    shown = f"{country_names()[code]} ({code})"
    return f"{shown} · {', '.join(aliases)}" if aliases else shown


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English name, for every country with a public-holiday calendar, sorted by name."""
    from holidays.registry import COUNTRIES

    from interview_signals.observation import supported_countries

    supported = supported_countries()
    names = {codes[1]: module.replace("_", " ").title() for module, codes in COUNTRIES.items() if codes[1] in supported}
    return dict(sorted(names.items(), key=lambda item: item[1]))
