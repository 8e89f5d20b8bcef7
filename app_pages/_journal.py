"""UI pieces of the journal: the "Save to journal" box of the Estimate page and the Journal page's sections."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _widgets as ui
from interview_signals.config import today
from interview_signals.estimate.answer import Estimate
from interview_signals.estimate.model import Model
from interview_signals.journal.pipeline import Pipeline, as_of, pipeline
from interview_signals.journal.store import Interview, Journal, Shown
from interview_signals.journal.track_record import TrackRecord, track_record
from interview_signals.observation import Observation
from interview_signals.present import wording

FLASH = "journal.flash"  # a message that survives the rerun after an action
EDITING = "journal.editing"  # id of the interview loaded into the form


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def save_box(obs: Observation, result: Estimate) -> None:
    """The Estimate page's "Save to journal": a label and a button; the saved estimate is the one on screen."""
    with st.expander("Save to journal", icon=":material/bookmark_add:"):
        label = st.text_input("Label", key="journal.label", placeholder="Acme, data analyst, round 2")
        if st.button("Save to journal", key="journal.save", disabled=not label.strip()):
            interview_id = Journal().add(label.strip(), obs, Shown.of(result))
            st.success(f"Saved as #{interview_id}. Follow it on the Journal page.", icon=":material/check_circle:")


@st.cache_resource(show_spinner=False, max_entries=4)
def _state(path: str, version: tuple[int, int, int], _model: Model, model_version: str, day: date) -> Any:
    # Keyed by the journal's version (it changes with every write), the model's version and the day, so a
    # rerun that changed none of them (picking another interview, say) does not re-score the pipeline.
    interviews = Journal().interviews()
    return interviews, pipeline(interviews, _model, day), track_record(interviews)


def state(model: Model) -> tuple[list[Interview], Pipeline, TrackRecord]:
    """The journal, its pipeline today and its track record."""
    journal = Journal()
    interviews, current, record = _state(str(journal.path), journal.version(), model, model.version, today())
    return interviews, current, record


def pipeline_table(current: Pipeline) -> pd.DataFrame:
    """One row per open interview: today's estimate, its range and the next due step."""
    return pd.DataFrame(
        [
            {
                "#": row.interview.id,
                "interview": row.interview.label,
                "stage": wording.STAGE_LABELS[row.interview.latest.observation.stage],
                "interviewed": row.interview.latest.observation.interview_date,
                "estimate today": wording.percent(row.today.probability),
                "range": f"{wording.percent(row.today.low)}–{wording.percent(row.today.high)}",
                "next step": "nothing due" if row.next_step is None else row.next_step.action,
                "due": None if row.next_step is None else row.next_step.date,
                "status": None if row.next_step is None else row.next_step.status,
            }
            for row in current.rows
        ],
        columns=["#", "interview", "stage", "interviewed", "estimate today", "range", "next step", "due", "status"],
    )


def load_into_form(interview: Interview) -> None:
    """Put an interview's latest observation into the sidebar form (a button callback: before the widgets)."""
    obs = as_of(interview.latest.observation, today())
    for field, value in obs.model_dump().items():
        st.session_state[ui.KEY + field] = ui.NOT_SURE if value is None and field in _CHOICES else value
    st.session_state[EDITING] = interview.id


_CHOICES = ("role_selling", "follow_up_reply")
