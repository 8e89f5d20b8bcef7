"""Tests for the template draft writer: every draft it writes passes the checker."""

from __future__ import annotations

import doctest
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from interview_signals.coach import write as draft_write
from interview_signals.coach.check import CHECKLIST_IDS, check_draft
from interview_signals.coach.write import DRAFT_KINDS, LIMITS, MAX_INTERVIEWERS, DraftDetails, DraftKind, write_draft
from interview_signals.observation import STAGES, Observation, errors_from

INTERVIEW = date(2026, 11, 2)  # a Monday

AWKWARD_NAMES = [
    "O'Brien",
    "Siobhan O’Brien",
    "Anne-Marie Dupont-Leclerc",
    "Zoë Ångström",
    "Nguyễn Thị Minh Khai",
    "Łukasz",
    "Dr. Ruth Levin",
    "Ms. Okafor",
    "José María Álvarez de la Cruz",
    "Ólafur Arnalds",
    "D'Angelo",
    "Chen Wei",
    "李娜",
    "Ngũgĩ wa Thiong'o",
    "Al",
    "Ed",
    "Hiring Team",  # refused: a title, not a name
]
AWKWARD_PHRASES = [
    "C++ / Rust",
    "R&D",
    "Ops (EMEA)",
    "Müller & Söhne GmbH",
    "L'Oréal",
    "the “Project Ω” roll-out",
    "naïve Bayes models",
    "100% remote work",
    "a $2M budget",
    "北京 office",
    "the 🚀 launch",
    "A/B testing",
    "the team's on-call rota…",
    "Senior Engineer, Platform",
    "Head of People Operations",
    "late-stage trials",
    "negative reviews in the App Store",
    "stress testing",
    "other teams' dashboards",
    # Refused: each trips a rule on its own, so a draft built from it would fail the check.
    "my nerves on the day",
    "the other candidates",
    "my dream job",
    "sorry for the late start",
]


def observation(**changes: Any) -> Observation:
    values: dict[str, Any] = {
        "interview_date": INTERVIEW,
        "as_of": INTERVIEW + timedelta(days=1),
        "scheduled_minutes": 45,
    }
    return Observation(**{**values, **changes})


FULL = DraftDetails(
    interviewers=["Adaeze Okafor", "Erik Lindqvist"],
    role="Data Analyst",
    company="Acme",
    detail="the churn dashboard your team rebuilt last spring",
    skill="SQL and dbt",
    company_value="self-serve analytics",
    your_name="Jordan Ellis",
)


# --- Every draft passes the checker ---------------------------------------------------------------

letters = st.characters(categories=("Lu", "Ll", "Lo"))
generated_names = st.lists(st.text(letters, min_size=1, max_size=10), min_size=1, max_size=3).map(" ".join)
names = st.sampled_from(AWKWARD_NAMES) | generated_names
phrase_characters = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))


def phrases(max_chars: int) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(AWKWARD_PHRASES) | st.text(phrase_characters, max_size=max_chars)


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    interview = draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
    as_of = interview + timedelta(days=draw(st.integers(0, 60)))
    decision = draw(st.none() | st.integers(0, 60).map(lambda days: interview + timedelta(days=days)))
    return observation(
        interview_date=interview, as_of=as_of, decision_expected_by=decision, stage=draw(st.sampled_from(STAGES))
    )


@settings(max_examples=400, deadline=None)
@given(
    obs=observations(),
    kind=st.sampled_from(DRAFT_KINDS),
    interviewers=st.lists(names, max_size=MAX_INTERVIEWERS),
    your_name=st.none() | names,
    role=phrases(40),
    company=phrases(40),
    detail=phrases(120),
    skill=phrases(40),
    company_value=phrases(40),
)
def test_every_written_draft_passes_the_checker(
    obs: Observation, kind: DraftKind, interviewers: list[str], your_name: str | None, **phrase: str | None
) -> None:
    try:
        details = DraftDetails(interviewers=interviewers, your_name=your_name, **phrase)
    except ValidationError:
        reject()  # refused input is tested below; here we only care about what is accepted
    draft = write_draft(obs, details, kind)
    report = check_draft(draft, details.interviewers)
    assert report.findings == [], (draft, report.findings)
    for name in details.interviewers:
        assert name in draft
    if details.detail:
        assert details.detail in draft


def test_the_longest_accepted_details_still_make_a_short_draft() -> None:
    def longest(field: str) -> str:
        max_chars, max_words = LIMITS[field]
        word = "x" * (max_chars // max_words - 1)
        return " ".join([word] * max_words)

    details = DraftDetails(
        interviewers=[longest("name")] * MAX_INTERVIEWERS,
        your_name=longest("name"),
        **{field: longest(field) for field in ("role", "company", "detail", "skill", "company_value")},
    )
    for kind in DRAFT_KINDS:
        report = check_draft(
            write_draft(observation(decision_expected_by=INTERVIEW), details, kind), details.interviewers
        )
        assert report.findings == []
        assert report.word_count <= 200


@pytest.mark.parametrize("kind", DRAFT_KINDS)
def test_full_details_tick_every_checklist_item(kind: DraftKind) -> None:
    report = check_draft(write_draft(observation(), FULL, kind), FULL.interviewers)
    assert report.findings == []
    assert report.checklist == dict.fromkeys(CHECKLIST_IDS, True)


# --- What the drafts say --------------------------------------------------------------------------


def test_thank_you_recalls_the_detail_and_ties_the_skill_to_the_value() -> None:
    draft = write_draft(observation(), FULL, "thank_you")
    assert draft.startswith("Dear Adaeze Okafor and Erik Lindqvist,\n\nThank you for meeting with me yesterday")
    assert "learning about the churn dashboard your team rebuilt last spring." in draft
    assert "my experience with SQL and dbt fits the team's commitment to self-serve analytics" in draft
    assert draft.endswith("Best regards,\nJordan Ellis\n")


def test_without_names_the_greeting_is_a_plain_hello_that_the_checker_accepts() -> None:
    draft = write_draft(observation(), DraftDetails(), "thank_you")
    report = check_draft(draft)
    assert draft.startswith("Hello,\n")
    assert report.findings == []
    assert not report.checklist["addresses_by_name"]
    assert not report.checklist["sign_off"], "the [Your name] placeholder still has to be filled in"


def test_a_check_in_after_the_promised_date_says_so() -> None:
    obs = observation(as_of=date(2026, 11, 24), decision_expected_by=date(2026, 11, 20))
    draft = write_draft(obs, FULL, "second_follow_up")
    assert "You mentioned you hoped to decide by November 20, so I wanted to check in." in draft


def test_a_check_in_before_the_promised_date_says_it_comes_early() -> None:
    obs = observation(as_of=date(2026, 11, 12), decision_expected_by=date(2026, 11, 20))
    draft = write_draft(obs, FULL, "second_follow_up")
    assert "I understand you plan to decide by November 20, and I wanted to check in before then." in draft
    assert "You mentioned you hoped" not in draft


def test_a_check_in_without_a_promised_date_asks_about_the_timeline() -> None:
    draft = write_draft(observation(as_of=date(2026, 11, 12)), FULL, "second_follow_up")
    assert "I wanted to check in on the timeline for next steps." in draft
    assert "decide by" not in draft


def test_dates_name_the_weekday_and_only_a_different_year() -> None:
    assert "on Monday, November 2 about" in write_draft(observation(as_of=date(2026, 11, 5)), FULL, "thank_you")
    late = observation(interview_date=date(2026, 12, 30), as_of=date(2027, 1, 8))
    assert "on Wednesday, December 30, 2026 about" in write_draft(late, FULL, "thank_you")


@pytest.mark.parametrize(
    ("stage", "phrase"),
    [("phone_screen", "Thank you for speaking with me"), ("final_round", "meeting with me for the final round")],
)
def test_the_stage_changes_the_wording(stage: str, phrase: str) -> None:
    assert phrase in write_draft(observation(stage=stage), FULL, "thank_you")


def test_a_role_that_already_says_role_is_not_doubled() -> None:
    draft = write_draft(observation(), DraftDetails(role="Data Analyst position"), "thank_you")
    assert "the Data Analyst position." in draft or "the Data Analyst position " in draft
    assert "position role" not in draft


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="thank_you, second_follow_up"):
        write_draft(observation(), FULL, "cover_letter")  # type: ignore[arg-type]


# --- Validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"interviewers": ["x" * 81]}, r"^'x+' is 81 characters; keep it to 80"),
        ({"interviewers": "Priya Raman"}, "not a single string"),
        ({"interviewers": ["Ann Bo", "Cy Do", "Ed Fu", "Gil Ho", "Ida Jo"]}, "at most 4"),
        ({"interviewers": ["Priya\nRaman"]}, "line break"),
        ({"interviewers": ["Priya R4man"]}, "has '4'"),
        ({"interviewers": ["Hiring Manager"]}, "^'Hiring Manager' looks like a title, not a person's name"),
        ({"interviewers": ["Dr."]}, "^'Dr.' is only a title or initials; give the person's name"),
        ({"your_name": "Ms J."}, "only a title or initials"),
        ({"interviewers": ["--"]}, "no letters"),
        ({"role": "Data\nAnalyst"}, "line break"),
        ({"company": "Acme\x00"}, "control character"),
        ({"detail": "sorry I was late"}, r"^'sorry I was late' would fail the draft check \(excuse_or_apology\): an "),
        ({"skill": " ".join(["word"] * 11)}, "11 words; keep it to 10"),
        ({"your_name": "x" * 81}, "81 characters"),
        ({"hobby": "chess"}, "unknown field; the fields are: interviewers, role, "),
        ({"compnay": "Acme"}, r"unknown field \(did you mean 'company'\?\)"),
    ],
)
def test_bad_details_are_refused_with_a_message_naming_the_field(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        DraftDetails(**fields)
    errors = errors_from(caught.value, tuple(DraftDetails.model_fields)).errors
    assert list(errors) == list(fields)  # named once, under the field itself
    assert re.search(message, errors[next(iter(fields))])


def test_details_are_tidied_and_empty_text_means_not_given() -> None:
    details = DraftDetails(interviewers=["  Priya   Raman ", ""], role="  ", detail="the dashboard.", your_name="")
    assert details.interviewers == ("Priya Raman",)
    assert (details.role, details.detail, details.your_name) == (None, "the dashboard", None)


def test_details_are_frozen() -> None:
    with pytest.raises(ValidationError):
        FULL.role = "Chef"  # type: ignore[misc]


def test_module_examples_run() -> None:
    assert doctest.testmod(draft_write).failed == 0
