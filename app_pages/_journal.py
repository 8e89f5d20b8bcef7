"""UI pieces of the journal: the "Save to journal" box of the Estimate page and the Journal page's sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _widgets as ui
from interview_signals.config import today
from interview_signals.estimate.answer import Estimate
from interview_signals.estimate.model import Model
from interview_signals.journal.pipeline import Pipeline, as_of, history, pipeline
from interview_signals.journal.store import Interview, Journal, Shown
from interview_signals.journal.track_record import TrackRecord, track_record
from interview_signals.observation import Observation
from interview_signals.present import charts, wording

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
    name, button = st.columns([3, 1], vertical_alignment="bottom")
    label = name.text_input("Label", key="journal.label", placeholder="Acme, data analyst, round 2")
    clicked = button.button(
        "Save to journal", key="journal.save", icon=":material/bookmark_add:", disabled=not label.strip()
    )
    if clicked:
        interview_id = Journal().add(label.strip(), obs, Shown.of(result))
        st.success(f"Saved as #{interview_id}. Follow it on the Journal page.", icon=":material/check_circle:")


@dataclass(frozen=True)
class State:
    """What the Journal page draws, computed once per journal version, model and day."""

    interviews: list[Interview]
    pipeline: Pipeline
    table: pd.DataFrame
    record: TrackRecord
    record_chart: dict[str, Any]  # a Vega-Lite spec: Altair's own validation would cost every rerun 100+ ms
    key: tuple[Any, ...]


@st.cache_resource(show_spinner=False, max_entries=4)
def _state(path: str, version: tuple[int, int, int], _model: Model, model_version: str, day: date) -> State:
    # Keyed by the journal's version (it changes with every write), the model's version and the day, so a
    # rerun that changed none of them (picking another interview, say) re-scores and redraws nothing.
    interviews = Journal().interviews()
    current = pipeline(interviews, _model, day)
    record = track_record(interviews)
    chart = charts.track_record_chart(record.reliability).to_dict()
    return State(interviews, current, pipeline_table(current), record, chart, (path, version, model_version, day))


def state(model: Model) -> State:
    """The journal, its pipeline today, its table and its track record."""
    journal = Journal()
    return _state(str(journal.path), journal.version(), model, model.version, today())


@st.cache_resource(show_spinner=False, max_entries=64)
def _history_spec(key: tuple[Any, ...], interview_id: int, _interview: Interview) -> dict[str, Any]:
    return charts.history_chart(pd.DataFrame(history(_interview))).to_dict()


def history_spec(current: State, interview: Interview) -> dict[str, Any]:
    """The Vega-Lite spec of one interview's estimate history, drawn once per journal version."""
    return _history_spec(current.key, interview.id, interview)


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
    ui.put_in_form(as_of(interview.latest.observation, today()))
    st.session_state[EDITING] = interview.id
