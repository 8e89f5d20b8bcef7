"""The estimate page: what you observed -> the likelihood, the reasons, what could change, what to do next."""

import streamlit as st

from app_pages import _journal as journal
from app_pages import _widgets as ui
from interview_signals.estimate.answer import estimate

obs = ui.observation_form()
model = ui.load_model()
if obs is None:
    # No estimate rather than the last one: a number that doesn't match the form would mislead.
    st.warning("Fix the field marked in the sidebar to see the estimate.", icon=":material/arrow_back:")
elif model is not None:
    with ui.page_edge("computing the estimate"):
        result = estimate(model, obs)
        ui.likelihood(result)
        ui.reasons(result)
        change, steps = st.columns(2, gap="large")
        with change:
            ui.what_could_change(result)
        with steps:
            ui.next_steps(result, obs)
        journal.save_box(obs, result)
if model is not None:
    ui.about(model)
