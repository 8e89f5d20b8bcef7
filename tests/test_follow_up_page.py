"""The follow-up note page under AppTest: drafts written and checked by the library, findings marked in place."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element

from app_pages import _widgets
from interview_signals import config
from interview_signals.coach.check import MAX_DRAFT_CHARS, InvalidDraft, check_draft, load_rules
from interview_signals.coach.write import DraftDetails, write_draft
from interview_signals.observation import Observation
from interview_signals.present import drafts
from tests.test_page import sibling_after

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 20)
FAULTY = (
    "Dear Hiring Manager,\n\nSorry again for joining late. I am anxiously awaiting your decision. "
    "I know you have other candidates but I really need this job.\n"
)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app switched to its follow-up page, with "today" pinned."""
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    return at.switch_page("app_pages/follow_up.py").run()


def paste(at: AppTest, text: str) -> AppTest:
    at.text_area(key=_widgets.DRAFT_KEY).set_value(text)
    return at.run()


def details(at: AppTest, **values: str) -> AppTest:
    for field, value in values.items():
        at.text_input(key=_widgets.DETAIL_KEY + field).set_value(value)
    return at.run()


def marked(at: AppTest) -> list[tuple[str, str, str]]:
    """(rules, tooltip, marked text) of every highlight, unescaped, in the order shown."""
    (draft,) = [h.value for h in at.html if 'class="draft-check"' in h.value]
    marks = re.findall(r'<mark title="([^"]*)" data-rules="([^"]*)"[^>]*>(.*?)</mark>', draft, flags=re.DOTALL)
    return [(rules, html.unescape(title), html.unescape(text)) for title, rules, text in marks]


def test_the_page_opens_with_the_shared_form_and_an_empty_draft(app: AppTest) -> None:
    assert not app.exception
    assert app.text_area(key=_widgets.DRAFT_KEY).value == ""
    assert "Paste a draft or write one" in app.info[0].value
    assert not app.html
    assert not app.code
    assert app.sidebar.text_input(key="obs.interview_date").value == TODAY.isoformat()
    assert not app.button(key="draft.write").disabled


def test_a_pasted_draft_gets_each_finding_marked_at_its_span_with_reason_and_fix(app: AppTest) -> None:
    paste(app, FAULTY)
    report = check_draft(FAULTY)
    assert {f.rule for f in report.findings} >= {"generic_greeting", "excuse_or_apology", "negative_language"}
    shown = marked(app)
    assert [text for _, _, text in shown] == [f.excerpt for f in report.findings]
    for (rules, tooltip, _), finding in zip(shown, report.findings, strict=True):
        assert rules == finding.rule
        assert finding.message in tooltip
        assert finding.suggestion in tooltip
    (listing,) = [h.value for h in app.html if 'class="draft-findings"' in h.value]
    for finding in report.findings:
        assert html.escape(finding.message) in listing
        assert html.escape(finding.suggestion) in listing
    assert f"({len(report.findings)} found, {report.word_count} words)" in app.main.markdown[1].value
    assert app.code[0].value == FAULTY.rstrip("\n")  # the copy-friendly final text (st.code drops the last newline)


def test_the_checklist_ticks_what_the_draft_has_and_hints_at_the_rest(app: AppTest) -> None:
    text = "Hi Dana,\n\nThank you for meeting with me today. I remain very interested in the role.\n\nBest,\nJordan\n"
    paste(app, text)
    report = check_draft(text)
    (checklist,) = [m.value for m in app.main.markdown if m.value.startswith("**A good note has**")]
    for item in load_rules().checklist:
        if report.checklist[item.id]:
            assert f":material/check_circle:] {item.label}" in checklist
        else:
            assert f"{item.label}: {item.hint}" in checklist
    assert any(report.checklist.values())
    assert not all(report.checklist.values())


def test_markup_in_a_draft_is_shown_as_text(app: AppTest) -> None:
    paste(app, "Dear Dana,\n\n<script>alert('hi')</script> I am anxiously <b>waiting</b> & hoping.\n")
    (draft,) = [h.value for h in app.html if 'class="draft-check"' in h.value]
    assert "<script>" not in draft
    assert "<b>" not in draft
    assert "&lt;script&gt;" in draft
    assert "&amp; hoping" in draft
    assert [text for _, _, text in marked(app)] == ["anxiously"]


def test_overlapping_findings_share_one_mark_with_both_reasons(app: AppTest) -> None:
    details(app, interviewers="Dana Okafor")
    paste(app, FAULTY)
    rules, tooltip, text = marked(app)[0]
    assert rules == "generic_greeting missing_interviewer_name"
    assert text == "Dear Hiring Manager,"
    assert tooltip.startswith("1. ")
    assert " 2. " in tooltip


def test_interviewer_names_switch_on_the_name_check(app: AppTest) -> None:
    text = "Hello,\n\nThank you for meeting with me today.\n\nBest,\nJordan\n"
    paste(app, text)
    assert not any("missing_interviewer_name" in rules for rules, _, _ in marked(app))
    details(app, interviewers="Dana Okafor, Li Wei")
    assert any("missing_interviewer_name" in rules for rules, _, _ in marked(app))
    assert check_draft(text, ["Dana Okafor", "Li Wei"]).findings[0].rule == "missing_interviewer_name"


# What a person types into the details, besides the interviewers' names.
DETAILS = {
    "role": "Data Analyst",
    "company": "Northwind",
    "detail": "the churn dashboard",
    "skill": "SQL",
    "company_value": "clear reporting",
    "your_name": "Jordan Lee",
}


@pytest.mark.parametrize("kind", ["thank_you", "second_follow_up"])
def test_write_a_draft_uses_the_form_and_the_details_and_passes_the_check(app: AppTest, kind: str) -> None:
    app.text_input(key="obs.interview_date").input("2026-11-09")
    app.text_input(key="obs.decision_expected_by").input("2026-11-18")
    app.selectbox(key="obs.stage").set_value("final_round")
    details(app, interviewers="Dana Okafor", **DETAILS)
    app.radio(key=_widgets.KIND_KEY).set_value(kind)
    app.button(key="draft.write").click().run()
    assert not app.exception
    obs = Observation(
        interview_date=date(2026, 11, 9),
        as_of=TODAY,
        stage="final_round",
        scheduled_minutes=45,
        decision_expected_by=date(2026, 11, 18),
    )
    written = write_draft(
        obs,
        DraftDetails(interviewers=("Dana Okafor",), **DETAILS),
        kind,  # type: ignore[arg-type]
    )
    assert app.text_area(key=_widgets.DRAFT_KEY).value == written
    assert "(0 found," in app.main.markdown[1].value
    assert marked(app) == []
    assert app.code[0].value == written.rstrip("\n")


def test_a_refused_detail_is_explained_beside_it_and_writing_waits(app: AppTest) -> None:
    details(app, interviewers="Hiring Manager")
    with pytest.raises(ValueError, match="looks like a title") as raised:
        DraftDetails(interviewers=("Hiring Manager",))
    beside = sibling_after(app.main, _widgets.DETAIL_KEY + "interviewers")
    assert isinstance(beside, Element)
    assert beside.type == "error"
    assert "looks like a title" in beside.value
    assert str(raised.value).count("Hiring Manager")
    assert app.button(key="draft.write").disabled
    paste(app, FAULTY)  # checking a pasted draft still works
    assert marked(app)
    assert not app.exception


def test_an_impossible_observation_is_marked_here_too_and_writing_waits(app: AppTest) -> None:
    app.number_input(key="obs.actual_minutes").set_value(0).run()
    beside = sibling_after(app.sidebar, "obs.actual_minutes")
    assert isinstance(beside, Element)
    assert beside.type == "error"
    assert app.button(key="draft.write").disabled
    paste(app, FAULTY)
    assert marked(app)
    assert not app.exception


def test_a_draft_too_long_to_check_says_so(app: AppTest) -> None:
    text = "word " * (MAX_DRAFT_CHARS // 5 + 1)
    with pytest.raises(InvalidDraft) as raised:
        check_draft(text)
    paste(app, text)
    assert not app.exception
    assert app.main.error[0].value == str(raised.value)
    assert not app.html


def test_the_form_and_the_draft_survive_a_trip_to_the_other_page(app: AppTest) -> None:
    app.text_input(key="obs.interview_date").input("2026-11-09")
    details(app, role="Data Analyst")
    paste(app, FAULTY)
    app.switch_page("app_pages/estimate.py").run()
    assert app.text_input(key="obs.interview_date").value == "2026-11-09"
    assert any('class="likelihood"' in m.value for m in app.main.markdown)
    app.switch_page("app_pages/follow_up.py").run()
    assert app.text_area(key=_widgets.DRAFT_KEY).value == FAULTY
    assert app.text_input(key=_widgets.DETAIL_KEY + "role").value == "Data Analyst"
    assert app.text_input(key="obs.interview_date").value == "2026-11-09"


def test_the_kinds_offered_are_the_librarys(app: AppTest) -> None:
    from interview_signals.coach.write import DRAFT_KINDS

    radio: Any = app.radio(key=_widgets.KIND_KEY)
    assert radio.options == [drafts.DRAFT_KIND_LABELS[kind] for kind in DRAFT_KINDS]


def test_an_unexpected_checker_error_is_a_message_not_a_traceback(app: AppTest) -> None:
    with mock.patch("interview_signals.coach.check.check_draft", side_effect=RuntimeError("boom")):
        paste(app, FAULTY)
    assert not app.exception
    assert "Something went wrong while writing or checking the draft" in app.main.error[0].value
    assert "boom" not in app.main.error[0].value


def test_write_a_draft_asks_before_replacing_what_the_user_typed(app: AppTest) -> None:
    mine = "Hi Dana, thanks for the chat about the churn dashboard today.\n\nBest,\nSam"
    paste(app, mine)
    app.button(key="draft.write").click().run()
    assert app.text_area(key=_widgets.DRAFT_KEY).value == mine  # nothing replaced yet
    assert any("Replace your draft?" in m.value for m in app.markdown)
    app.button(key="draft.keep").click().run()
    assert app.text_area(key=_widgets.DRAFT_KEY).value == mine
    assert not any("Replace your draft?" in m.value for m in app.markdown)

    app.button(key="draft.write").click().run()
    app.button(key="draft.replace").click().run()
    obs = Observation(interview_date=TODAY, as_of=TODAY, scheduled_minutes=45)
    written = write_draft(obs, DraftDetails(), "thank_you")
    assert app.text_area(key=_widgets.DRAFT_KEY).value == written
    assert not any("Replace your draft?" in m.value for m in app.markdown)


def test_a_draft_the_page_wrote_is_rewritten_without_asking(app: AppTest) -> None:
    app.button(key="draft.write").click().run()
    first = app.text_area(key=_widgets.DRAFT_KEY).value
    assert first
    assert not any("Replace your draft?" in m.value for m in app.markdown)
    app.radio(key=_widgets.KIND_KEY).set_value("second_follow_up").run()
    app.button(key="draft.write").click().run()
    assert app.text_area(key=_widgets.DRAFT_KEY).value != first
    assert not any("Replace your draft?" in m.value for m in app.markdown)
