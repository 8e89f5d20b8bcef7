"""UI pieces the pages share: the observation form, the cached model, and how an estimate is drawn."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from interview_signals.coach.check import DraftReport
from interview_signals.coach.write import DRAFT_KINDS, DraftDetails, write_draft
from interview_signals.config import active_model, today
from interview_signals.estimate.answer import Estimate
from interview_signals.estimate.explain import effects_table
from interview_signals.estimate.model import Model, ModelUnavailable, load, sidecar_of
from interview_signals.estimate.next_steps import NextStep
from interview_signals.observation import (
    ACTUAL_MINUTES,
    DATE_FIELDS,
    DAY_EXAMPLE,
    DAY_FORMAT,
    FOLLOW_UP_REPLIES,
    ROLE_SELLING,
    SCHEDULED_MINUTES,
    STAGES,
    InvalidObservation,
    Observation,
    default_of,
    errors_from,
    observation_from_mapping,
)
from interview_signals.present import charts, data_card, drafts, wording
from interview_signals.present.reminders import reminder_day, reminder_ics

KEY = "obs."  # session-state prefix of the form's widgets: "obs.interview_date", ...

log = logging.getLogger(__name__)


# --- The model: loaded once per artifact path --------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, written: int) -> Model:
    # ``written`` (the description's mtime) is part of the key, so a model retrained while the page
    # runs is picked up on the next rerun; a ModelUnavailable is raised, not cached.
    return load(Path(path))


def load_model() -> Model | None:
    """The model to serve (:func:`~interview_signals.config.active_model`), or None after saying why not."""
    path = active_model()
    try:
        written = sidecar_of(path).stat().st_mtime_ns
    except OSError:
        written = 0
    try:
        return _load(str(path), written)
    except ModelUnavailable as exc:
        st.error(f"**The model can't be used.** {exc}.", icon=":material/error:")
        return None


# --- The form: every unknown is a real answer -------------------------------------------------


# A selectbox treats None as "nothing chosen yet", so "not sure" needs a value of its own.
NOT_SURE = "not_sure"


CHOICES = ("role_selling", "follow_up_reply")  # the selectboxes whose "not sure" is None to the library


def form_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Observation values as the form's widgets hold them, which the library reads back as they were.

    A day becomes YYYY-MM-DD text ("" when unknown) and an unknown choice :data:`NOT_SURE`; the rest stays.
    """
    shown = dict(values)
    for field in DATE_FIELDS:
        if field in shown:
            shown[field] = "" if shown[field] is None else shown[field].isoformat()
    for field in CHOICES:
        if field in shown and shown[field] is None:
            shown[field] = NOT_SURE
    return shown


def put_in_form(obs: Observation) -> None:
    """Fill the form with an observation (call it from a button's callback: before the widgets are drawn)."""
    for field, value in form_values(obs.model_dump()).items():
        st.session_state[KEY + field] = value


def _defaults() -> dict[str, Any]:
    day = today()
    return form_values(
        {
            "stage": default_of("stage"),
            "interview_date": day,
            "scheduled_minutes": 45,
            "actual_minutes": None,
            "role_selling": None,
            "decision_expected_by": None,
            "thank_you_sent_on": None,
            "follow_up_sent_on": None,
            "follow_up_reply": None,
            "country": default_of("country"),
            "as_of": day,
        }
    )


def _keep(defaults: dict[str, Any]) -> None:
    """Carry widget values across pages: Streamlit forgets a widget's value on a page that lacks it."""
    for key, default in defaults.items():
        st.session_state[key] = st.session_state.get(key, default)


LABELS = wording.FIELD_LABELS


def _date(field: str, help: str, empty: str | None = None) -> None:
    """A day as typed text; ``empty`` says in a few words what an empty box means, for the optional days."""
    # A text box, read by the library (observation.parse_day): a date picker corrects an impossible typed day
    # in the browser (Feb 30 became Feb 28) before the server sees it, so it could never be refused (issue 12).
    st.text_input(
        LABELS[field],
        key=KEY + field,
        placeholder=DAY_FORMAT if empty is None else f"{DAY_FORMAT}, or empty if {empty}",
        help=f"{help} Write it as {DAY_FORMAT}, such as {DAY_EXAMPLE}.",
        autocomplete="off",
    )


def _minutes(field: str, help: str, placeholder: str) -> None:
    # Float-typed with no bounds: 47.5 and 0 reach the library and come back as messages, not truncated or
    # clamped, and an emptied box is None ("is required"), not a silent 0.
    st.number_input(
        LABELS[field], value=None, key=KEY + field, step=5.0, format="%g", placeholder=placeholder, help=help
    )


def _whole(value: Any) -> Any:
    """A float widget's whole number as the int the library wants; anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _choice(field: str, levels: tuple[str, ...], labels: dict[str | None, str]) -> None:
    options = (NOT_SURE, *levels)
    st.selectbox(LABELS[field], options, key=KEY + field, format_func=lambda v: labels[None if v == NOT_SURE else v])


def observation_form() -> Observation | None:
    """Draw the form in the sidebar and return a validated observation, or None after marking each bad field.

    Each field's message appears right under its widget, in the library's words (they say how to fix it).
    """
    # Both pages draw this form, so it keeps every value the pages share: the form's and the draft's.
    _keep({KEY + field: default for field, default in _defaults().items()})
    _keep({DRAFT_KEY: "", KIND_KEY: DRAFT_KINDS[0]} | {DETAIL_KEY + field: "" for field in _DETAILS})
    slots: dict[str, Any] = {}
    with st.sidebar:
        st.markdown("**What you observed**")
        slots[""] = st.empty()
        st.selectbox(LABELS["stage"], STAGES, key=KEY + "stage", format_func=wording.STAGE_LABELS.__getitem__)
        slots["stage"] = st.empty()
        _date("interview_date", "The day of the interview.")
        slots["interview_date"] = st.empty()
        # One per row: each message sits full-width right under its own field.
        first, last = SCHEDULED_MINUTES
        _minutes("scheduled_minutes", f"How long it was scheduled for, {first} to {last} minutes.", "Required")
        slots["scheduled_minutes"] = st.empty()
        first, last = ACTUAL_MINUTES
        _minutes(
            "actual_minutes",
            f"How long it really ran, {first} to {last} minutes. Leave empty if you're not sure.",
            "Not sure",
        )
        slots["actual_minutes"] = st.empty()
        _choice("role_selling", ROLE_SELLING, wording.ROLE_SELLING_LABELS)
        slots["role_selling"] = st.empty()
        _date("decision_expected_by", "The date they said you'd hear. Empty: not told.", empty="not told")
        slots["decision_expected_by"] = st.empty()
        _date("thank_you_sent_on", "The day you sent it. Empty: not sent yet.", empty="not sent")
        slots["thank_you_sent_on"] = st.empty()
        _date("follow_up_sent_on", "The day you sent a follow-up. Empty: not sent yet.", empty="not sent")
        slots["follow_up_sent_on"] = st.empty()
        _choice("follow_up_reply", FOLLOW_UP_REPLIES, wording.FOLLOW_UP_REPLY_LABELS)
        slots["follow_up_reply"] = st.empty()
        st.selectbox(
            LABELS["country"],
            tuple(wording.country_names()),
            key=KEY + "country",
            format_func=wording.country_label,
            help="Type any name of the country: United Kingdom, UK, Britain and England all find GB.",
        )
        slots["country"] = st.empty()
        _date("as_of", "Today, or another day to see how the estimate would stand then.")
        slots["as_of"] = st.empty()

    values = {field: st.session_state[KEY + field] for field in _defaults()}
    values = {field: None if value == NOT_SURE else _whole(value) for field, value in values.items()}
    try:
        return observation_from_mapping(values)
    except InvalidObservation as exc:
        for field, message in exc.errors.items():
            slots.get(field, slots[""]).error(wording.form_message(field, message), icon=":material/edit:")
        return None


# --- Drawing an estimate ------------------------------------------------------------------------

_STATUS_BADGE = {
    "done": ":green-badge[Done]",
    "due": ":orange-badge[Due]",
    "overdue": ":red-badge[Overdue]",
    "upcoming": ":blue-badge[Upcoming]",
}


def likelihood(result: Estimate) -> None:
    """The headline: the likelihood, large, its range, and where the number comes from."""
    number, _, rest = wording.headline(result).partition(" ")
    st.markdown(
        f'<p class="likelihood" style="font-size:1.6rem;line-height:1.2;margin:0">'
        f'<span style="font-size:3.4rem;font-weight:700">{number}</span> {rest}</p>',
        unsafe_allow_html=True,
    )
    st.markdown(f"**{wording.range_line(result).capitalize()}** · {wording.source_line(result.model)}")


def reasons(result: Estimate) -> None:
    """The chart of each signal's pull in points, with each signal's sentence beside it."""
    frame = charts.contribution_frame(result)
    chart, sentences = st.columns([1, 1], gap="medium")
    with chart:
        st.markdown("**Why: how far each signal moves the estimate**")
        st.vega_lite_chart(spec=charts.contribution_spec(frame), width="stretch")
    with sentences:
        st.markdown(
            "\n".join(f"- **{row.label}** ({row.shown}): {row.text}" for row in frame.itertuples())
            + f"\n\nStarting point when nothing is known: **{wording.percent(result.baseline)}**."
        )


def what_could_change(result: Estimate) -> None:
    """Each pending signal, and what the estimate becomes under each of its outcomes."""
    st.markdown("**What could still change**")
    lines = wording.what_if_lines(result)
    st.markdown(
        "\n".join(f"- **{label}:** {sentence}" for label, sentence in lines)
        or "Nothing is pending: every signal is known."
    )


def next_steps(result: Estimate, obs: Observation) -> None:
    """The thank-you note and the second follow-up, with real dates and a calendar reminder each."""
    st.markdown("**Next steps**")
    for step in result.next_steps:
        text, button = st.columns([5, 2], vertical_alignment="center")
        text.markdown(f"{_STATUS_BADGE[step.status]} {wording.step_line(step)}")
        with button:
            _reminder_button(step, obs)
    now = wording.after_the_last_step(result.next_steps, obs.follow_up_reply)
    if now is not None:
        st.markdown(f"**What to do now:** {now}")
    st.caption(wording.business_days_note(obs.country, obs.decision_expected_by))


def _reminder_button(step: NextStep, obs: Observation) -> None:
    day = reminder_day(step, today())
    st.download_button(
        "Reminder",
        data=reminder_ics(step, obs.interview_date, today=today()),
        file_name=f"{step.kind.replace('_', '-')}-{day.isoformat()}.ics",
        mime="text/calendar",
        key=f"ics.{step.kind}",
        icon=":material/event:",
        on_click="ignore",  # a download changes nothing on the page: no rerun
        disabled=step.status == "done",
        help="Already done" if step.status == "done" else "A calendar reminder (.ics) for this step",
    )


@st.cache_data(show_spinner=False)
def _about(_model: Model, version: str) -> tuple[list[str], pd.DataFrame, list[str]]:
    """What the About section shows: it changes with the model (keyed by its version), never with the form."""
    return wording.assumptions(_model.info), wording.effects_frame(effects_table(_model)), data_card.limits()


def about(model: Model) -> None:
    """Model version, the data card's assumptions, the effects table and the limits, in an expander."""
    assumptions, effects, limits = _about(model, model.version)
    with st.expander("About this estimate"):
        st.markdown(f"Model version `{model.version}`. The data card, `data/README.md`, gives every number's source.")
        st.markdown("**Assumptions**\n" + "\n".join(f"- {line}" for line in assumptions))
        st.markdown(f"**Each signal's effect** (log-odds and odds, with the {model.level:.0%} plausible range)")
        st.dataframe(effects, hide_index=True, height="content")  # every row, no inner scrolling
        st.markdown("**Limits**\n" + "\n".join(f"- {line}" for line in limits))


# --- The follow-up note -------------------------------------------------------------------------

DRAFT_KEY = "draft.text"
KIND_KEY = "draft.kind"
DETAIL_KEY = "detail."  # "detail.interviewers", "detail.role", ...
_DETAILS = {
    "interviewers": ("Interviewers' names", "Separate names with commas, e.g. Dana Okafor, Li Wei."),
    "role": ("Role", "e.g. Data Analyst"),
    "company": ("Company", "e.g. Northwind"),
    "detail": ("One thing you talked about", "e.g. the churn dashboard the team rebuilt"),
    "skill": ("A skill of yours that fits", "e.g. SQL"),
    "company_value": ("A value of theirs it fits", "e.g. clear reporting"),
    "your_name": ("Your name", "For the sign-off."),
}


def draft_details() -> DraftDetails | None:
    """The optional details that personalise a draft; None after marking each field the library refused."""
    slots: dict[str, Any] = {}
    with st.expander("Details to personalise it (all optional)"):
        columns = st.columns(2)
        for index, (field, (label, help)) in enumerate(_DETAILS.items()):
            with columns[index % 2]:
                st.text_input(label, key=DETAIL_KEY + field, help=help)
                slots[field] = st.empty()
    values: dict[str, Any] = {field: st.session_state[DETAIL_KEY + field] for field in _DETAILS}
    values["interviewers"] = [name.strip() for name in values["interviewers"].split(",") if name.strip()]
    try:
        return DraftDetails.model_validate(values)
    except ValidationError as exc:
        for field, message in errors_from(exc, tuple(DraftDetails.model_fields)).errors.items():
            slots.get(field.split(".")[0], slots["interviewers"]).error(message, icon=":material/edit:")
        return None


WRITTEN_KEY = "draft.written"  # the text the last "Write a draft" put in the box: replacing it loses nothing
CONFIRM_KEY = "draft.confirm"  # the note a click asked to write, waiting for "Replace" over the user's own text


def write_button(obs: Observation | None, details: DraftDetails | None) -> None:
    """Choose the kind of note and, on a click, write it into the draft box from the form and the details.

    Text the user typed or pasted is never replaced without asking: the click then offers "Replace my
    draft" or "Keep mine". Call it before the draft box is drawn: the box takes the new text in the same run.
    """
    kind, button = st.columns([3, 2], vertical_alignment="bottom")
    chosen = kind.radio(
        "Write a", DRAFT_KINDS, format_func=drafts.DRAFT_KIND_LABELS.__getitem__, horizontal=True, key=KIND_KEY
    )
    ready = obs is not None and details is not None
    clicked = button.button(
        "Write a draft",
        icon=":material/edit_note:",
        disabled=not ready,
        help="From the sidebar and the details above" if ready else "Fix the fields marked in red first",
        key="draft.write",
    )
    if clicked and obs is not None and details is not None:
        written = write_draft(obs, details, chosen)
        typed = st.session_state[DRAFT_KEY]
        if typed.strip() and typed != st.session_state.get(WRITTEN_KEY):
            st.session_state[CONFIRM_KEY] = written
        else:
            _put_draft(written)
    if st.session_state.get(CONFIRM_KEY) is not None:
        with st.container(border=True):
            st.markdown("**Replace your draft?** The box holds text you wrote; a new draft would overwrite it.")
            replace, keep = st.columns(2)
            replace.button("Replace my draft", key="draft.replace", on_click=_put_draft, args=(None,))
            keep.button("Keep mine", key="draft.keep", on_click=st.session_state.__setitem__, args=(CONFIRM_KEY, None))


def _put_draft(text: str | None) -> None:
    """Put a written draft in the box (``None``: the one waiting for confirmation) and remember it was ours."""
    text = st.session_state.pop(CONFIRM_KEY, None) if text is None else text
    if text is not None:
        st.session_state[DRAFT_KEY] = st.session_state[WRITTEN_KEY] = text
    st.session_state[CONFIRM_KEY] = None


def checklist(report: DraftReport) -> None:
    """What a good note has: ticked when the draft has it, with a hint when it doesn't."""
    lines = [
        f"- :green[:material/check_circle:] {label}" if present else f"- :gray[:material/circle:] {label}: {hint}"
        for present, label, hint in drafts.checklist_lines(report)
    ]
    st.markdown("**A good note has**\n" + "\n".join(lines))


@contextmanager
def page_edge(doing: str) -> Iterator[None]:
    """The page's edge: an unexpected library error ends the block with a message, never a traceback.

    Streamlit's own control flow (``st.stop``, reruns) derives from BaseException and passes through.
    """
    try:
        yield
    except Exception:
        log.exception("the page failed while %s", doing)
        st.error(f"Something went wrong while {doing}. The details are in the server's log.", icon=":material/error:")
