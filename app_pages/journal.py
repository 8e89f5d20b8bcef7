"""The journal page: your pipeline, each interview's history and outcome, the track record, learning, your data."""

import streamlit as st

from app_pages import _journal as jui
from app_pages import _widgets as ui
from interview_signals.estimate.answer import estimate
from interview_signals.journal import learn
from interview_signals.journal.pipeline import NO_RESPONSE_AFTER_BUSINESS_DAYS, outcome_reminder
from interview_signals.journal.records import InvalidImport, export_csv, read_csv
from interview_signals.journal.store import OUTCOMES, Journal, Shown
from interview_signals.journal.track_record import summary_lines
from interview_signals.present import wording

OUTCOME_LABELS = wording.OUTCOME_LABELS

obs = ui.observation_form()
model = ui.load_model()
st.markdown("### Your journal")
jui.show_flash()
if model is None:
    st.stop()
journal = Journal()
state = jui.state(model)
interviews, current, record = state.interviews, state.pipeline, state.record

# --- The pipeline ---------------------------------------------------------------------------------
chance = current.at_least_one
if current.rows:
    st.metric(
        "Chance at least one open interview leads to an offer or a next round",
        wording.percent(chance.probability),
        help=chance.assumption,
    )
    st.caption(
        f"{wording.plausible_range(chance.low, chance.high, chance.level).capitalize()} "
        f"over {chance.interviews} open interview{'s' if chance.interviews != 1 else ''}. {chance.assumption}"
    )
    st.dataframe(state.table, hide_index=True)
    silent = [row for row in current.rows if row.suggest_no_response]
    if silent:
        ask, pick, act = st.columns([3, 2, 1], vertical_alignment="bottom")
        names = ", ".join(row.interview.label for row in silent[:3]) + (" …" if len(silent) > 3 else "")
        ask.info(
            f"No news for {NO_RESPONSE_AFTER_BUSINESS_DAYS}+ business days on {len(silent)} interview"
            f"{'s' if len(silent) != 1 else ''} ({names}). Record “no response”? You can reopen it if they write.",
            icon=":material/schedule:",
        )
        quiet = {row.interview.id: row for row in silent}
        chosen_silent = pick.selectbox(
            "Silent interview",
            list(quiet),
            format_func=lambda i: f"#{i} {quiet[i].interview.label} ({quiet[i].silent_days} business days)",
            key="journal.silent",
        )
        if act.button("Record no response", key="journal.no_response"):
            journal.record_outcome(chosen_silent, "no_response")
            jui.flash(f"Recorded “no response” for {quiet[chosen_silent].interview.label}.")
            st.rerun()
elif interviews:
    st.info("No open interviews: every saved one has an outcome.", icon=":material/task_alt:")
else:
    st.info("Nothing saved yet. On the Estimate page, fill in an interview and press “Save to journal”.")

# --- One interview ----------------------------------------------------------------------------------
if interviews:
    by_id = {interview.id: interview for interview in interviews}
    chosen = st.selectbox(
        "Interview",
        list(reversed(by_id)),
        format_func=lambda i: f"#{i} {by_id[i].label}" + ("" if by_id[i].is_open else f" ({by_id[i].outcome})"),
        key="journal.selected",
    )
    interview = by_id[chosen]
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.vega_lite_chart(spec=jui.history_spec(state, interview), width="stretch")
    with right:
        latest = interview.latest.shown
        st.markdown(
            f"**Last saved:** {wording.percent(latest.probability)} (range {wording.percent(latest.low)}–"
            f"{wording.percent(latest.high)}), model `{latest.model_version}`, "
            f"{len(interview.snapshots)} save{'s' if len(interview.snapshots) != 1 else ''}."
        )
        status = "open" if interview.is_open else OUTCOME_LABELS[interview.outcome or "offer"]
        st.markdown(f"**Outcome:** {status}")
        outcome = st.selectbox("How it went", OUTCOMES, format_func=OUTCOME_LABELS.__getitem__, key="journal.outcome")
        record_col, reopen_col = st.columns(2)
        if record_col.button("Record outcome", key="journal.record", icon=":material/flag:"):
            journal.record_outcome(interview.id, outcome)
            jui.flash(f"Recorded “{OUTCOME_LABELS[outcome]}” for {interview.label}.")
            st.rerun()
        if reopen_col.button("Reopen", key="journal.reopen", disabled=interview.is_open):
            journal.record_outcome(interview.id, None)
            jui.flash(f"Reopened {interview.label}; its recorded outcomes stay in its history.")
            st.rerun()
        reminder = outcome_reminder(interview)
        if reminder is not None:
            st.download_button(
                "Reminder: record how it went",
                data=reminder,
                file_name=f"record-outcome-{interview.id}.ics",
                mime="text/calendar",
                key="journal.reminder",
                icon=":material/event:",
                on_click="ignore",
                help="A calendar reminder (.ics) on the promised decision date",
            )
        st.button(
            "Load into the form",
            key="journal.load",
            on_click=jui.load_into_form,
            args=(interview,),
            help="Put this interview's latest details in the sidebar, change what is new, then save the update",
        )
        editing = st.session_state.get(jui.EDITING) == interview.id
        clicked = st.button(
            "Save the form as an update",
            key="journal.update",
            disabled=obs is None or not editing,
            help="Adds a save to this interview's history" if editing else "Load this interview into the form first",
        )
        if clicked and obs is not None:
            journal.update(interview.id, obs, Shown.of(estimate(model, obs)))
            jui.flash(f"Updated {interview.label}.")
            st.rerun()

# --- How the estimates held up ----------------------------------------------------------------------
st.markdown("#### How the estimates held up")
st.markdown("\n".join(f"- {line}" for line in summary_lines(record)))
if record.outcomes:
    chart, table = st.columns([1, 1], gap="large")
    chart.vega_lite_chart(spec=state.record_chart)
    table.dataframe(record.reliability, hide_index=True)

# --- Learning -------------------------------------------------------------------------------------
st.markdown("#### Learn from my outcomes")
st.caption(f"Model in use: `{model.version}` ({wording.source_line(model.info)})")
learn_col, back_col = st.columns(2)
if learn_col.button("Learn from my outcomes", key="journal.learn", disabled=record.outcomes == 0, type="primary"):
    bar = st.progress(0.0, text="starting")
    with ui.page_edge("learning from your outcomes"):

        def show(share: float, text: str) -> None:
            """Move the bar to ``share`` with the step's words."""
            bar.progress(share, text=text)

        learned = learn.learn(journal, progress=show)
        st.session_state["journal.learned"] = learn.summary_lines(learned)
        st.rerun()
if back_col.button(
    "Switch back to the previous model", key="journal.switch_back", disabled=not learn.can_switch_back()
):
    learn.switch_back()
    jui.flash("Switched back to the previous model.")
    st.rerun()
for line in st.session_state.get("journal.learned", []):
    st.markdown(f"- {line}")

# --- Your data ------------------------------------------------------------------------------------
st.markdown("#### Your data")
st.caption(f"Kept on this computer only, in `{journal.path}`.")
export_col, delete_col = st.columns(2)
export_col.download_button(
    "Export everything (CSV)",
    data=lambda: export_csv(Journal().interviews()),  # built on click, not on every rerun
    file_name="interview-journal.csv",
    mime="text/csv",
    key="journal.export",
    icon=":material/download:",
    on_click="ignore",
    disabled=not interviews,
)


CONFIRMING = "journal.confirming_delete"  # the dialog stays open across reruns until it is answered


def _close_dialog() -> None:
    st.session_state[CONFIRMING] = False


def _delete_confirmed() -> None:
    # In the button's callback: it runs before the rerun draws anything, so the page comes back empty.
    removed = learn.delete_everything(Journal())
    st.session_state.pop("journal.learned", None)
    st.session_state[CONFIRMING] = False
    jui.flash(f"Deleted {len(removed)} file{'s' if len(removed) != 1 else ''}: the journal is empty.")


@st.dialog("Delete everything?", on_dismiss=_close_dialog)
def confirm_delete() -> None:
    """Ask before deleting: the journal, its history and the models learned from it go for good."""
    if not st.session_state.get(CONFIRMING):  # answered: leave the dialog and redraw the whole page
        st.rerun()
    st.markdown(
        "This removes every saved interview, estimate and outcome, and every model learned from them, for good. "
        "Export first if you want a copy."
    )
    yes, no = st.columns(2)
    yes.button("Delete everything", type="primary", key="journal.delete.confirm", on_click=_delete_confirmed)
    no.button("Cancel", key="journal.delete.cancel", on_click=_close_dialog)


if delete_col.button("Delete everything…", key="journal.delete", icon=":material/delete_forever:"):
    st.session_state[CONFIRMING] = True
if st.session_state.get(CONFIRMING):
    confirm_delete()

uploaded = st.file_uploader("Import a CSV (your export, or one from a career coach)", type="csv", key="journal.file")
if uploaded is not None and st.button("Import", key="journal.import"):
    try:
        new = read_csv(uploaded.getvalue(), model)
    except InvalidImport as exc:
        st.error(f"Nothing was imported. {exc}", icon=":material/error:")
    else:
        ids = journal.add_many(new)
        jui.flash(f"Imported {len(ids)} interview{'s' if len(ids) != 1 else ''}.")
        st.rerun()
