"""The validated input: every bad value is refused with a message that names its field."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from interview_signals.estimate.csv_rows import InvalidRow, validate_rows
from interview_signals.estimate.model import Model
from interview_signals.journal.records import InvalidImport, read_csv
from interview_signals.observation import (
    InvalidObservation,
    Observation,
    observation_from_mapping,
    parse_day,
    parse_observation_json,
)

VALID = {"interview_date": "2026-11-02", "as_of": "2026-11-20", "scheduled_minutes": 45}


def parse(**changes: object) -> Observation:
    return parse_observation_json(json.dumps(VALID | changes))


def test_minimal_document_takes_the_documented_defaults() -> None:
    obs = parse_observation_json(json.dumps({"interview_date": "2026-11-02", "scheduled_minutes": 45}))
    assert (obs.stage, obs.country, obs.actual_minutes, obs.role_selling) == ("interview", "US", None, None)
    assert obs.as_of == date.today()


def test_null_and_absent_both_mean_unknown() -> None:
    assert parse(actual_minutes=None, role_selling=None) == parse()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"scheduled_minutes": "45"}, "scheduled_minutes", "valid integer"),
        ({"scheduled_minutes": 45.5}, "scheduled_minutes", "valid integer"),
        ({"scheduled_minutes": True}, "scheduled_minutes", "valid integer"),
        ({"scheduled_minutes": 4}, "scheduled_minutes", "greater than or equal to 5"),
        ({"scheduled_minutes": 481}, "scheduled_minutes", "less than or equal to 480"),
        ({"actual_minutes": 0}, "actual_minutes", "greater than or equal to 1"),
        ({"actual_minutes": 721}, "actual_minutes", "less than or equal to 720"),
        ({"stage": "onsite"}, "stage", "'phone_screen', 'interview' or 'final_round'"),
        ({"role_selling": "lots"}, "role_selling", "'none', 'some' or 'strong'"),
        ({"interview_date": "2026-13-01"}, "interview_date", "not a real date"),
        ({"interview_date": "2026-02-30"}, "interview_date", "not a real date: February 2026 has 28 days"),
        ({"interview_date": "02/11/2026"}, "interview_date", "not a date written YYYY-MM-DD, such as"),
        ({"interview_date": ""}, "interview_date", "is required"),
        ({"as_of": " "}, "as_of", "is required"),
        ({"interview_date": "1969-12-31"}, "interview_date", "outside the supported dates"),
        ({"decision_expected_by": "2100-01-01"}, "decision_expected_by", "outside the supported dates"),
        ({"country": "us"}, "country", "two capital letters"),
        ({"country": "ZZ"}, "country", "no public-holiday calendar"),
        ({"as_of": "2026-11-01"}, "as_of", "before interview_date"),
        ({"thank_you_sent_on": "2026-11-01"}, "thank_you_sent_on", "nothing is sent before the interview"),
        ({"follow_up_sent_on": "2026-10-30"}, "follow_up_sent_on", "nothing is sent before the interview"),
        ({"follow_up_sent_on": "2026-11-25"}, "follow_up_sent_on", "after as_of"),
        (
            {"thank_you_sent_on": "2026-11-05", "follow_up_sent_on": "2026-11-04"},
            "follow_up_sent_on",
            "after the thank-you",
        ),
        ({"decision_expected_by": "2026-11-01"}, "decision_expected_by", "before interview_date"),
        ({"follow_up_reply": "affirming"}, "follow_up_reply", "needs follow_up_sent_on"),
        ({"follow_up_sent_on": "2026-11-12", "follow_up_reply": "yes"}, "follow_up_reply", "'acknowledged'"),
        ({"scheduled_minute": 45}, "scheduled_minute", "did you mean 'scheduled_minutes'"),
    ],
)
def test_each_bad_value_is_refused_naming_its_field(changes: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidObservation) as caught:
        parse(**changes)
    assert field in caught.value.errors
    assert words in caught.value.errors[field]
    assert str(caught.value).startswith(field)
    assert "\n" not in str(caught.value)


# --- Days: YYYY-MM-DD only, nothing corrected; every path (form, JSON, CSV) reads them with parse_day ----------

DAYS = [
    pytest.param("2026-11-02", date(2026, 11, 2), id="iso"),
    pytest.param("  2026-11-02\t", date(2026, 11, 2), id="spaces_around"),
    pytest.param("2028-02-29", date(2028, 2, 29), id="leap_day"),
    pytest.param("", None, id="empty"),
    pytest.param("   ", None, id="blank"),
]
NOT_DAYS = [
    pytest.param("2026-02-30", "2026-02-30 is not a real date: February 2026 has 28 days", id="feb_30"),
    pytest.param("2026-02-29", "2026-02-29 is not a real date: February 2026 has 28 days", id="not_a_leap_year"),
    pytest.param("2026-04-31", "2026-04-31 is not a real date: April 2026 has 30 days", id="apr_31"),
    pytest.param("2026-13-01", "2026-13-01 is not a real date: the months are 01 to 12", id="month_13"),
    pytest.param("2026-00-10", "2026-00-10 is not a real date: the months are 01 to 12", id="month_0"),
    pytest.param("2026-11-00", "2026-11-00 is not a real date: the days of a month start at 01", id="day_0"),
    pytest.param("0000-01-01", "0000-01-01 is outside the supported dates 2000-01-01 to 2099-12-31; check the year"),
    pytest.param("2026/11/02", '"2026/11/02" is not a date written YYYY-MM-DD, such as 2026-11-02', id="slashes"),
    pytest.param("02/11/2026", '"02/11/2026" is not a date written YYYY-MM-DD, such as 2026-11-02', id="day_first"),
    pytest.param("2026-11-2", '"2026-11-2" is not a date written YYYY-MM-DD, such as 2026-11-02', id="one_digit"),
    pytest.param("20261102", '"20261102" is not a date written YYYY-MM-DD, such as 2026-11-02', id="no_dashes"),
    pytest.param("tomorrow", '"tomorrow" is not a date written YYYY-MM-DD, such as 2026-11-02', id="word"),
    pytest.param("2026-11-02T00:00", '"2026-11-02T00:00" is not a date written YYYY-MM-DD, such as 2026-11-02'),
    pytest.param("1699920000", '"1699920000" is not a date written YYYY-MM-DD, such as 2026-11-02', id="timestamp"),
    pytest.param("\uff12\uff10\uff12\uff16-11-02", "is not a date written YYYY-MM-DD", id="fullwidth_digits"),
]


@pytest.mark.parametrize(("text", "day"), DAYS)
def test_a_day_is_read_from_yyyy_mm_dd_text_and_empty_text_is_unknown(text: str, day: date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(("text", "message"), NOT_DAYS)
def test_anything_else_is_refused_saying_what_is_wrong_never_corrected(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:  # noqa: PT011  # the message is checked below
        parse_day(text)
    assert message in str(caught.value)
    assert "input should" not in str(caught.value)  # pydantic's own words stay out


@pytest.mark.parametrize(("text", "message"), NOT_DAYS)
def test_the_form_json_and_csv_paths_refuse_a_day_with_the_same_message(text: str, message: str, model: Model) -> None:
    given = VALID | {"thank_you_sent_on": text}
    with pytest.raises(InvalidObservation) as from_form:
        observation_from_mapping(given)
    with pytest.raises(InvalidObservation) as from_json:
        parse_observation_json(json.dumps(given))
    with pytest.raises(InvalidRow) as from_score_csv:
        validate_rows(pd.DataFrame([given], dtype=str), first_line=2)
    journal_csv = f"label,{','.join(given)}\nA,{','.join(str(value) for value in given.values())}\n"
    with pytest.raises(InvalidImport) as from_journal_csv:
        read_csv(journal_csv.encode(), model)
    said = from_form.value.errors["thank_you_sent_on"]
    assert message in said
    assert from_json.value.errors == from_form.value.errors
    assert str(from_score_csv.value) == str(from_journal_csv.value) == f"line 2: thank_you_sent_on: {said}"


@pytest.mark.parametrize(("text", "day"), DAYS)
def test_text_and_a_date_give_the_same_observation(text: str, day: date | None) -> None:
    as_dates = {"interview_date": date(2026, 11, 2), "as_of": date(2026, 11, 20), "decision_expected_by": day}
    assert observation_from_mapping(VALID | {"decision_expected_by": text}) == observation_from_mapping(
        VALID | as_dates
    )


def test_a_typo_is_reported_before_the_missing_field_it_causes() -> None:
    with pytest.raises(InvalidObservation) as caught:
        parse_observation_json(json.dumps({"interview_date": "2026-11-02", "scheduledminutes": 45}))
    assert str(caught.value).startswith("scheduledminutes: unknown field (did you mean 'scheduled_minutes'?)")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("{", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"interview_date": "2026-11-02", "scheduled_minutes": NaN}', "NaN"),
        ('{"interview_date": "2026-11-02", "scheduled_minutes": Infinity}', "Infinity"),
        ('{"interview_date": "2026-11-02", "scheduled_minutes": 1e999}', "scheduled_minutes"),
    ],
)
def test_malformed_documents_get_one_clear_line(text: str, words: str) -> None:
    with pytest.raises(InvalidObservation) as caught:
        parse_observation_json(text)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
field_values = st.dictionaries(
    st.sampled_from([*VALID, "stage", "actual_minutes", "follow_up_reply", "follow_up_sent_on", "country", "x"]),
    json_values | st.dates().map(str),
    max_size=8,
)


@given(json_values | field_values)
@example({"\n": None})  # an unknown field named by a line break once split the message in two
@example({"as of": 1, "\u2028": 2})
def test_arbitrary_json_is_either_an_observation_or_one_clear_error(document: object) -> None:
    try:
        text = json.dumps(document)
    except ValueError:
        return
    try:
        parsed: Observation | str = parse_observation_json(text)
    except InvalidObservation as exc:
        parsed = str(exc)
    if isinstance(parsed, str):
        assert parsed
        assert "\n" not in parsed
    else:
        assert isinstance(parsed, Observation)


@given(st.binary(max_size=64) | st.text(max_size=64))
def test_arbitrary_bytes_never_escape_as_another_exception(data: bytes | str) -> None:
    try:
        parse_observation_json(data)
        message = ""
    except InvalidObservation as exc:
        message = str(exc)
    assert "\n" not in message
