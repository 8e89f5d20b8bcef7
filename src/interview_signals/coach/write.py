"""Write a short thank-you or second follow-up email from plain templates; every draft passes the checker."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import get_args

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from interview_signals.calendar import day_text
from interview_signals.coach.check import check_draft, name_parts
from interview_signals.coach.text import count_words
from interview_signals.observation import NoteKind, Observation, Stage, json_type

__all__ = [
    "DRAFT_KINDS",
    "LIMITS",
    "DraftDetails",
    "DraftKind",
    "write_draft",
]

DraftKind = NoteKind
DRAFT_KINDS: tuple[DraftKind, ...] = get_args(DraftKind)

# (characters, words) per field. The word limits keep the longest possible draft under the checker's
# 200 words; tests/test_draft_write.py fills every field to its limit to prove it.
LIMITS: dict[str, tuple[int, int]] = {
    "name": (80, 6),
    "role": (80, 10),
    "company": (80, 8),
    "detail": (200, 30),
    "skill": (80, 10),
    "company_value": (80, 10),
}
MAX_INTERVIEWERS = 4
YOUR_NAME_PLACEHOLDER = "[Your name]"

# Names are letters (any script), combining accents, spaces, apostrophes, hyphens and periods.
_NAME_PUNCTUATION = frozenset(" '’-‐.")
# Zero-width (non-)joiners are format characters, but Persian names and emoji sequences need them.
_JOINERS = frozenset("\u200c\u200d")
_STAGE_MEETING: dict[Stage, str] = {
    "phone_screen": "speaking with me",
    "interview": "meeting with me",
    "final_round": "meeting with me for the final round",
}
_STAGE_NOUN: dict[Stage, str] = {
    "phone_screen": "our call",
    "interview": "my interview",
    "final_round": "my final-round interviews",
}
_ROLE_NOUNS = ("role", "position", "job", "post", "opening")


class DraftDetails(BaseModel):
    """What the candidate remembers, to personalise the draft. Every field is optional.

    Text is stripped and inner runs of spaces collapsed; an empty string counts as not given. A field
    that the draft checker would flag on its own (an apology, a generic title as a name) is refused,
    so that the written draft can never fail the check.

    Examples
    --------
    >>> DraftDetails(interviewers=["Priya Raman"], role="Data Analyst", skill="SQL").interviewers
    ('Priya Raman',)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    interviewers: tuple[str, ...] = ()
    role: str | None = None
    company: str | None = None
    detail: str | None = None
    skill: str | None = None
    company_value: str | None = None
    your_name: str | None = None

    @field_validator("interviewers", mode="before")
    @classmethod
    def _clean_interviewers(cls, value: object) -> object:
        if isinstance(value, str):
            raise ValueError("give a list of names, e.g. ['Priya Raman'], not a single string")
        if isinstance(value, list | tuple):
            names = tuple(_clean_name(name) for name in value)
            names = tuple(name for name in names if name)
            if len(names) > MAX_INTERVIEWERS:
                raise ValueError(
                    f"{len(names)} names given; name at most {MAX_INTERVIEWERS} (the people you spoke with most)"
                )
            return names
        return value

    @field_validator("your_name", mode="before")
    @classmethod
    def _clean_your_name(cls, value: object) -> object:
        if value is None:
            return None
        return _clean_name(value) or None

    @field_validator("role", "company", "detail", "skill", "company_value", mode="before")
    @classmethod
    def _clean_phrase(cls, value: object, info: ValidationInfo) -> object:
        field = info.field_name or ""
        if not isinstance(value, str):
            return value
        text = _clean_text(value, *LIMITS[field])
        if field == "detail":
            text = text.rstrip(".!?;: ")
        _refuse_flagged(text, text)
        return text or None


def _clean_text(value: str, max_chars: int, max_words: int) -> str:
    """Strip, collapse spaces and check length; refuse line breaks and other control characters."""
    for char in value.strip():
        if char in "\r\n\u2028\u2029":
            raise ValueError(f"{value!r} has a line break; keep it on one line")
        if unicodedata.category(char).startswith("C") and char not in _JOINERS:
            raise ValueError(f"{value!r} has the control character {char!r}; remove it")
    text = " ".join(value.split())
    if len(text) > max_chars:
        raise ValueError(f"{text!r} is {len(text)} characters; keep it to {max_chars} or fewer")
    if count_words(text) > max_words:
        raise ValueError(f"{text!r} has {count_words(text)} words; keep it to {max_words} or fewer")
    return text


def _clean_name(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"each name must be text, not {json_type(value)}")
    name = _clean_text(value, *LIMITS["name"])
    if not name:
        return name
    odd = sorted({c for c in name if c not in _NAME_PUNCTUATION and unicodedata.category(c)[0] not in "LM"})
    if odd:
        raise ValueError(
            f"{name!r} has {''.join(odd)!r}; a name holds letters, spaces, apostrophes, hyphens "
            'and periods (e.g. "Dr. Anne-Marie O\'Brien")'
        )
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise ValueError(f"{name!r} has no letters; give the person's name")
    if not name_parts(name):  # the checker could never find "Dr." alone in a draft
        raise ValueError(f"{name!r} is only a title or initials; give the person's name")
    _refuse_flagged(name, f"Dear {name},")
    return name


def _refuse_flagged(value: str, in_context: str) -> None:
    """Refuse a value the checker flags, so a draft built from it can't fail the check."""
    if not value:
        return
    findings = check_draft(in_context).findings
    if findings:
        first = findings[0]
        if first.rule == "generic_greeting":
            raise ValueError(f"{value!r} looks like a title, not a person's name; give the person's name")
        why = first.message.rstrip(".")
        raise ValueError(f"{value!r} would fail the draft check ({first.rule}): {why[0].lower()}{why[1:]}; rephrase it")


def _day(day: date, today: date, *, weekday: bool = False) -> str:
    """'November 20' (or 'Friday, November 20'), with the year only when it isn't this year."""
    return day_text(day, weekday=weekday, long=True, year=day.year != today.year)


def _when(obs: Observation) -> str:
    days = (obs.as_of - obs.interview_date).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"on {_day(obs.interview_date, obs.as_of, weekday=True)}"


def _the_role(role: str | None) -> str:
    if role is None:
        return "the role"
    return f"the {role}" if role.lower().endswith(_ROLE_NOUNS) else f"the {role} role"


def _greeting(names: tuple[str, ...]) -> str:
    """'Dear A,' / 'Dear A and B,' / 'Dear A, B and C,'; a plain 'Hello,' when no name is known."""
    if not names:
        return "Hello,"
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Dear {listed},"


def _fit(details: DraftDetails) -> str:
    """One sentence tying a skill to a company value, from whichever of the two is known."""
    if details.skill and details.company_value:
        return (
            f"I'm confident my experience with {details.skill} fits the team's commitment to {details.company_value}."
        )
    if details.skill:
        return f"I'm confident my experience with {details.skill} would help the team from day one."
    if details.company_value:
        return f"I also appreciated hearing how much the team values {details.company_value}."
    return ""


def _thank_you(obs: Observation, details: DraftDetails) -> list[str]:
    at = f" at {details.company}" if details.company else ""
    about = f" about {_the_role(details.role)}{at}" if details.role or details.company else ""
    recall = (
        f"I especially enjoyed learning about {details.detail}." if details.detail else "I enjoyed our conversation."
    )
    return [
        f"Thank you for {_STAGE_MEETING[obs.stage]} {_when(obs)}{about}. {recall}",
        _fit(details),
        f"I remain very interested in {_the_role(details.role)} and look forward to hearing from you.",
    ]


def _second_follow_up(obs: Observation, details: DraftDetails) -> list[str]:
    at = f" at {details.company}" if details.company else ""
    about = f" for {_the_role(details.role)}{at}" if details.role or details.company else ""
    decide_by = obs.decision_expected_by
    if decide_by is None:
        timeline = "I wanted to check in on the timeline for next steps."
    elif decide_by < obs.as_of:
        timeline = f"You mentioned you hoped to decide by {_day(decide_by, obs.as_of)}, so I wanted to check in."
    else:
        timeline = (
            f"I understand you plan to decide by {_day(decide_by, obs.as_of)}, and I wanted to check in before then."
        )
    # Not "I have been thinking about ...": the checker's learned layer reads that as rumination.
    recall = f"I especially valued our conversation about {details.detail}. " if details.detail else ""
    return [
        f"I hope you are well. I'm writing to follow up on {_STAGE_NOUN[obs.stage]} "
        f"on {_day(obs.interview_date, obs.as_of, weekday=True)}{about}. {timeline}",
        f"{recall}I remain very interested in {_the_role(details.role)}, "
        "and I'm happy to share anything else that would help.",
        "Thank you again for your time.",
    ]


_TEMPLATES = {"thank_you": _thank_you, "second_follow_up": _second_follow_up}


def write_draft(obs: Observation, details: DraftDetails, kind: DraftKind) -> str:
    """Write a short, friendly but professional follow-up email.

    Parameters
    ----------
    obs
        The interview: its date, stage, ``as_of`` (the day the note is written) and, for a second
        follow-up, ``decision_expected_by``.
    details
        Names and recalled details; whatever is missing is left out of the draft, never invented.
    kind
        ``"thank_you"`` (within a day of the interview) or ``"second_follow_up"`` (a polite check-in on
        the decision after seven to ten business days). The check-in says so when the promised decision
        date has passed.

    Returns
    -------
    str
        The draft, ending with a newline. ``check_draft(draft, details.interviewers)`` finds nothing.

    Raises
    ------
    ValueError
        For an unknown ``kind``.

    Examples
    --------
    >>> obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 3), scheduled_minutes=45)
    >>> print(write_draft(obs, DraftDetails(interviewers=["Priya Raman"], your_name="Jordan"), "thank_you"))
    Dear Priya Raman,
    <BLANKLINE>
    Thank you for meeting with me yesterday. I enjoyed our conversation.
    <BLANKLINE>
    I remain very interested in the role and look forward to hearing from you.
    <BLANKLINE>
    Best regards,
    Jordan
    <BLANKLINE>
    """
    template = _TEMPLATES.get(kind)
    if template is None:
        raise ValueError(f"kind must be one of {', '.join(DRAFT_KINDS)}, not {kind!r}")
    paragraphs = [paragraph for paragraph in template(obs, details) if paragraph]
    signature = details.your_name or YOUR_NAME_PLACEHOLDER
    return "\n\n".join([_greeting(details.interviewers), *paragraphs, f"Best regards,\n{signature}"]) + "\n"
