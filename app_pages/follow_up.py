"""The follow-up note page: write a draft from what you observed, or paste your own, and see what to fix."""

import streamlit as st

from app_pages import _widgets as ui
from interview_signals.coach.check import InvalidDraft, check_draft
from interview_signals.present import drafts

obs = ui.observation_form()
st.markdown("### Your follow-up note")
write, check = st.columns(2, gap="large")
report = None
with write, ui.page_edge("writing or checking the draft"):
    details = ui.draft_details()
    ui.write_button(obs, details)
    text = st.text_area("Your draft", key=ui.DRAFT_KEY, height=300, placeholder="Paste your note here, or write one.")
    try:
        report = check_draft(text, details.interviewers if details else ()) if text.strip() else None
    except InvalidDraft as exc:
        st.error(str(exc), icon=":material/edit:")
with check:
    if report is None:
        st.info("Paste a draft or write one to see what to fix.", icon=":material/arrow_back:")
    else:
        st.markdown(f"**What to fix** ({len(report.findings)} found, {report.word_count} words)")
        st.html(drafts.highlight_html(text, report.findings))
        if report.findings:
            st.html(drafts.findings_html(report.findings))
        ui.checklist(report)
        st.markdown("**Final text** (copy it with the button at its top right)")
        st.code(text, language=None, wrap_lines=True)
