"""The validated input: what one person observed about one interview."""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from calendar import monthrange
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

Stage = Literal["phone_screen", "interview", "final_round"]
RoleSelling = Literal["none", "some", "strong"]
FollowUpReply = Literal["none", "acknowledged", "affirming"]
NoteKind = Literal["thank_you", "second_follow_up"]  # the two notes the article asks for: the steps, and the drafts

STAGES: tuple[Stage, ...] = get_args(Stage)
ROLE_SELLING: tuple[RoleSelling, ...] = get_args(RoleSelling)
FOLLOW_UP_REPLIES: tuple[FollowUpReply, ...] = get_args(FollowUpReply)
NOTE_KINDS: tuple[NoteKind, ...] = get_args(NoteKind)

SCHEDULED_MINUTES = (5, 480)
# Public-holiday calendars and business-day tables cover these dates; anything outside is a typo.
SUPPORTED_DATES = (date(2000, 1, 1), date(2099, 12, 31))
ACTUAL_MINUTES = (1, 720)
# How every day is written, in a file and in the form: nothing else is read as a date (see parse_day).
DAY_FORMAT = "YYYY-MM-DD"
DAY_EXAMPLE = "2026-11-02"
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
# English names: strftime's %B follows the process locale, and every sentence here is English.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# One interview is a flat object; a document nested deeper than this is refused before anything reads it.
MAX_JSON_DEPTH = 32
_FIELD_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*|\[\d+\])*")  # details.interviewers[0]


class InvalidObservation(ValueError):
    """One or more fields of an observation are wrong; each message names its field and the fix.

    Parameters
    ----------
    errors
        Field name -> a sentence that says what is wrong and how to fix it.
        The key ``""`` holds problems that belong to no single field (an empty or malformed document).
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        field, message = next(iter(self.errors.items()))
        # A stranger's unknown field name may hold quotes, spaces or line breaks; the message stays one line.
        shown = field if _FIELD_PATH.fullmatch(field) else repr(field)
        super().__init__(f"{shown}: {message}" if field else message)

    @classmethod
    def one(cls, field: str, value: object, fix: str) -> InvalidObservation:
        """An error about a single field and the value it was given."""
        return cls({field: f"{value!r} {fix}"})


def parse_day(text: str) -> date | None:
    """A day written YYYY-MM-DD (spaces around it ignored), or None for empty text: "not known yet".

    Nothing is corrected or guessed: an impossible day, another order or another separator is refused
    with a :class:`ValueError` that says what is wrong, for the field's message.

    Examples
    --------
    >>> parse_day(" 2026-11-02 "), parse_day("")
    (datetime.date(2026, 11, 2), None)
    >>> parse_day("2026-02-30")
    Traceback (most recent call last):
    ...
    ValueError: 2026-02-30 is not a real date: February 2026 has 28 days
    >>> parse_day("02/11/2026")
    Traceback (most recent call last):
    ...
    ValueError: "02/11/2026" is not a date written YYYY-MM-DD, such as 2026-11-02
    """
    text = text.strip()
    if not text:
        return None
    parts = _DAY.fullmatch(text)
    if parts is None:
        raise ValueError(f"{shown_value(text)} is not a date written {DAY_FORMAT}, such as {DAY_EXAMPLE}")
    try:
        return date.fromisoformat(text)  # the shape is exactly YYYY-MM-DD here: only the day can be wrong
    except ValueError:
        pass
    year, month, day = (int(part) for part in parts.groups())
    if year == 0:  # no such year, and far outside the supported dates anyway
        first, last = SUPPORTED_DATES
        raise ValueError(f"{text} is outside the supported dates {first} to {last}; check the year")
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a real date: the months are 01 to 12")
    days = monthrange(year, month)[1]
    if day == 0:
        raise ValueError(f"{text} is not a real date: the days of a month start at 01")
    raise ValueError(f"{text} is not a real date: {MONTHS[month - 1]} {year} has {days} days")


def _day_from_text(value: object) -> object:
    return parse_day(value) if isinstance(value, str) else value


# Every path reads a day from text the same way (the form's boxes, JSON strings, CSV cells): parse_day's
# strict YYYY-MM-DD with its own messages, not pydantic's wider formats and words. Empty text is None.
Day = Annotated[date, BeforeValidator(_day_from_text)]
DayOrNone = Annotated[date | None, BeforeValidator(_day_from_text)]


@functools.cache
def supported_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes that the ``holidays`` package has a public-holiday calendar for."""
    from holidays.registry import COUNTRIES  # the registry alone: far cheaper than listing every calendar

    return frozenset(names[1] for names in COUNTRIES.values())


class Observation(BaseModel):
    """One interview as the candidate saw it. ``None`` always means "not known yet", never "bad news".

    Examples
    --------
    >>> obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 9), scheduled_minutes=45)
    >>> obs.stage, obs.actual_minutes, obs.country
    ('interview', None, 'US')
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    interview_date: Day
    as_of: Day = Field(default_factory=date.today)
    stage: Stage = "interview"
    scheduled_minutes: int = Field(ge=SCHEDULED_MINUTES[0], le=SCHEDULED_MINUTES[1])
    actual_minutes: int | None = Field(default=None, ge=ACTUAL_MINUTES[0], le=ACTUAL_MINUTES[1])
    role_selling: RoleSelling | None = None
    decision_expected_by: DayOrNone = None
    thank_you_sent_on: DayOrNone = None
    follow_up_sent_on: DayOrNone = None
    follow_up_reply: FollowUpReply | None = None
    country: str = "US"

    @field_validator("*", mode="after")
    @classmethod
    def _supported_date(cls, value: object) -> object:
        first, last = SUPPORTED_DATES
        if isinstance(value, date) and not first <= value <= last:
            raise ValueError(f"{value} is outside the supported dates {first} to {last}; check the year")
        return value

    # Cross-field checks run per field (in declaration order), so each error lands on the field to fix.
    @field_validator("as_of")
    @classmethod
    def _as_of_not_before_interview(cls, value: date, info: ValidationInfo) -> date:
        interview = info.data.get("interview_date")
        if interview is not None and value < interview:
            raise ValueError(
                f"{value} is before interview_date {interview}; the estimate can't be for a day before the interview"
            )
        return value

    @field_validator("decision_expected_by")
    @classmethod
    def _decision_not_before_interview(cls, value: date | None, info: ValidationInfo) -> date | None:
        interview = info.data.get("interview_date")
        if value is not None and interview is not None and value < interview:
            raise ValueError(f"{value} is before interview_date {interview}; a decision date comes after the interview")
        return value

    @field_validator("thank_you_sent_on", "follow_up_sent_on")
    @classmethod
    def _sent_between_interview_and_as_of(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return value
        interview, as_of = info.data.get("interview_date"), info.data.get("as_of")
        if interview is not None and value < interview:
            raise ValueError(f"{value} is before interview_date {interview}; nothing is sent before the interview")
        if as_of is not None and value > as_of:
            raise ValueError(f"{value} is after as_of {as_of}; leave it empty if it hasn't been sent yet")
        thank_you = info.data.get("thank_you_sent_on")
        if info.field_name == "follow_up_sent_on" and thank_you is not None and value < thank_you:
            raise ValueError(
                f"{value} is before thank_you_sent_on {thank_you}; the follow-up comes after the thank-you"
            )
        return value

    @field_validator("follow_up_reply")
    @classmethod
    def _reply_needs_a_follow_up(cls, value: FollowUpReply | None, info: ValidationInfo) -> FollowUpReply | None:
        if (
            value is not None
            and info.data.get("follow_up_sent_on") is None
            and "follow_up_sent_on" not in _failed(info)
        ):
            raise ValueError(f"{value!r} needs follow_up_sent_on: a reply can only come to a follow-up that was sent")
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if len(value) != 2 or not value.isascii() or not value.isupper():
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 code; use two capital letters such as 'US' or 'GB'")
        if value not in supported_countries():
            raise ValueError(f"{value!r} has no public-holiday calendar here; use a supported ISO 3166 alpha-2 code")
        return value


DATE_FIELDS: tuple[str, ...] = tuple(
    name for name, field in Observation.model_fields.items() if field.annotation in (date, date | None)
)


def default_of(name: str) -> Any:
    """The value a field takes when it is not given: ``default_of("country") == "US"``."""
    return Observation.model_fields[name].get_default(call_default_factory=True)


def _failed(info: ValidationInfo) -> set[str]:
    """Fields declared before this one that failed validation (pydantic leaves them out of ``info.data``)."""
    return set(Observation.model_fields) - set(info.data) - {info.field_name or ""}


FIELDS: tuple[str, ...] = tuple(Observation.model_fields)


def _explain(error: Mapping[str, Any], fields: Sequence[str]) -> tuple[str, str]:
    """Turn one pydantic error into (field, message) a person can act on; ``fields`` are the model's."""
    field = ".".join(str(part) for part in error["loc"])
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, fields, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; the fields are: {', '.join(fields)}"
        return field, f"unknown field{hint}"
    if kind == "missing":
        return field, "is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        return field, message
    fix = f"; {_FIXES[field]}" if field in _FIXES else ""
    if value is None:  # null (or an emptied box) where a value is needed: not "None is not valid"
        return field, f"is required{fix}"
    return field, f"{shown_value(value)} is not valid: {message[0].lower()}{message[1:]}{fix}"


def shown_value(value: object, limit: int = 40) -> str:
    """A value as the person typed it, in JSON's spelling (``true``, ``null``, ``"45"``), cut to ``limit``.

    Examples
    --------
    >>> shown_value(True), shown_value(None), shown_value("45"), shown_value(date(2026, 11, 2))
    ('true', 'null', '"45"', '2026-11-02')
    """
    if isinstance(value, date):
        return value.isoformat()
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages: "an array", not "list".

    Examples
    --------
    >>> json_type([]), json_type(None), json_type(1.5), json_type("x")
    ('an array', 'null', 'a number', 'text')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "an array" if isinstance(value, list) else "an object"


# What to enter instead, for the errors pydantic words itself (a type, a range, an enum value).
_FIXES = {
    "interview_date": f"give the day of the interview as {DAY_FORMAT}",
    # Said to a file that gives null and to the form's emptied box alike: leaving it out is a file's option only.
    "as_of": f"give the day the estimate is for, usually today, as {DAY_FORMAT}",
    "stage": f"choose one of {', '.join(STAGES)}",
    "scheduled_minutes": f"give the whole minutes it was booked for, {SCHEDULED_MINUTES[0]} to {SCHEDULED_MINUTES[1]}",
    "actual_minutes": (
        f"give the whole minutes it really ran, {ACTUAL_MINUTES[0]} to {ACTUAL_MINUTES[1]}, "
        "or leave it empty if you're not sure"
    ),
    "role_selling": "leave it empty if you're not sure",
    "decision_expected_by": f"give a day as {DAY_FORMAT}, or leave it empty if you weren't told one",
    "thank_you_sent_on": f"give a day as {DAY_FORMAT}, or leave it empty if it hasn't been sent",
    "follow_up_sent_on": f"give a day as {DAY_FORMAT}, or leave it empty if it hasn't been sent",
    "follow_up_reply": "leave it empty if you haven't sent a follow-up",
    "country": "use two capital letters such as 'US' or 'GB'",
}


def errors_from(exc: ValidationError, fields: Sequence[str] | None = None) -> InvalidObservation:
    """One :class:`InvalidObservation` that lists every field pydantic rejected.

    ``fields`` are the names an unknown field is matched against for a "did you mean"; by default the
    observation's. Pass another model's names when ``exc`` came from that model.
    """
    errors: dict[str, str] = {}
    # An unknown field is usually a typo that also causes the "missing" error, so it is named first.
    for error in sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden"):
        field, message = _explain(error, FIELDS if fields is None else fields)
        errors.setdefault(field, message)
    return InvalidObservation(errors)


def observation_from_mapping(data: Mapping[str, Any]) -> Observation:
    """Validate Python values into an :class:`Observation`; raise InvalidObservation.

    Dates may be ``date`` objects or text as :func:`parse_day` reads it (the form's boxes): YYYY-MM-DD,
    empty for "not known yet". Everything else is taken strictly, as it is.
    """
    try:
        return Observation.model_validate(dict(data))
    except ValidationError as exc:
        raise errors_from(exc) from None


def load_json_object(text: str | bytes) -> dict[str, Any]:
    """Parse one JSON object strictly, every refusal an :class:`InvalidObservation` that names where.

    Stricter than :func:`json.loads`: a key given twice, NaN or Infinity, and nesting deeper than
    :data:`MAX_JSON_DEPTH` are refused, each naming its field; so is anything but one object.

    Examples
    --------
    >>> load_json_object('{"actual_minutes": 20, "actual_minutes": 90}')
    Traceback (most recent call last):
    ...
    interview_signals.observation.InvalidObservation: actual_minutes: is given twice; give each field once
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidObservation({"": "the input is not UTF-8 text; save it as UTF-8"}) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write: not part of the document
    if not text.strip():
        raise InvalidObservation({"": "the input is empty: give one JSON object with the interview's fields"})
    try:
        document = json.loads(text, parse_constant=_NonFinite, object_pairs_hook=_Object)
    except json.JSONDecodeError as exc:
        raise InvalidObservation({"": f"the input is not valid JSON ({exc})"}) from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise InvalidObservation({"": "the input holds a number too long to be one; check the numbers"}) from None
    except RecursionError:
        raise InvalidObservation({"": _TOO_DEEP}) from None
    _refuse_oddities(document)
    if not isinstance(document, dict):
        raise InvalidObservation({"": f"the input must be one JSON object, not {json_type(document)}"})
    return document


def parse_observation_json(text: str | bytes) -> Observation:
    """Validate one JSON document (dates as YYYY-MM-DD strings, see :func:`parse_day`) into an :class:`Observation`.

    Raises
    ------
    InvalidObservation
        For empty or malformed JSON, a non-object, a key given twice, NaN or infinity, a wrong type, an
        out-of-range number, an unknown enum value, an unknown field or inconsistent dates. The message
        names the field.
    """
    document = load_json_object(text)
    try:
        return Observation.model_validate_json(json.dumps(document))
    except ValidationError as exc:
        raise errors_from(exc) from None


_TOO_DEEP = (
    f"the input nests deeper than {MAX_JSON_DEPTH} levels; give one flat JSON object with the interview's fields"
)


class _NonFinite(str):
    """What the parser leaves in place of NaN, Infinity or -Infinity, so the walk can say where it was."""


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers the first key it was given twice."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.twice: str | None = None
        if len(self) < len(pairs):
            keys = [key for key, _ in pairs]
            self.twice = next(key for index, key in enumerate(keys) if key in keys[:index])


def _refuse_oddities(document: object) -> None:
    """Walk the parsed document (without recursion: depth is what is checked) for what JSON should not hold."""
    stack: list[tuple[str, object, int]] = [("", document, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InvalidObservation({"": _TOO_DEEP})
        if isinstance(value, _NonFinite):
            raise InvalidObservation({path: f"{value} is not a number JSON allows; give a number, or null if unknown"})
        if isinstance(value, float) and not math.isfinite(value):  # 1e400 reads as infinity
            raise InvalidObservation({path: "is too large to be a number; check it"})
        if isinstance(value, _Object):
            if value.twice is not None:
                twice = f"{path}.{value.twice}" if path else value.twice
                raise InvalidObservation({twice: "is given twice; give each field once"})
            items = [(f"{path}.{key}" if path else key, item) for key, item in value.items()]
        elif isinstance(value, list):
            items = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
        else:
            continue
        stack.extend((where, item, depth + 1) for where, item in reversed(items))  # popped in document order
