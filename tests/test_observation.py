"""The validated input: every bad value is refused with a message that names its field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from interview_signals.observation import InvalidObservation, Observation, parse_observation_json

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
        ({"interview_date": "2026-13-01"}, "interview_date", "valid date"),
        ({"interview_date": "02/11/2026"}, "interview_date", "valid date"),
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
