"""The estimate page under Streamlit's AppTest: what it shows is the library's answer for what was entered."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pyarrow as pa
import pytest
from icalendar import Calendar
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from app_pages import _widgets
from interview_signals import config
from interview_signals.config import BUNDLED_MODEL, TRAIN_COMMAND
from interview_signals.estimate.answer import Estimate, estimate
from interview_signals.estimate.explain import effects_table
from interview_signals.estimate.model import Model
from interview_signals.observation import (
    DAY_FORMAT,
    FOLLOW_UP_REPLIES,
    ROLE_SELLING,
    STAGES,
    InvalidObservation,
    Observation,
    observation_from_mapping,
    supported_countries,
)
from interview_signals.present import charts, wording

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 20)  # a Friday; pinned through INTERVIEW_SIGNALS_TODAY
DEFAULTS: dict[str, Any] = {
    "interview_date": TODAY,
    "as_of": TODAY,
    "stage": "interview",
    "scheduled_minutes": 45,
    "actual_minutes": None,
    "role_selling": None,
    "decision_expected_by": None,
    "thank_you_sent_on": None,
    "follow_up_sent_on": None,
    "follow_up_reply": None,
    "country": "US",
}
KIND = {
    "stage": "selectbox",
    "role_selling": "selectbox",
    "follow_up_reply": "selectbox",
    "country": "selectbox",
    "scheduled_minutes": "number_input",
    "actual_minutes": "number_input",
}  # every other field is a day, typed as text
DATES = ("interview_date", "as_of", "decision_expected_by", "thank_you_sent_on", "follow_up_sent_on")
# Two weeks after an interview, with nothing else known: every later case changes one thing from here.
TWO_WEEKS_ON = {"interview_date": date(2026, 11, 6)}


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The whole app (app.py and its navigation) on its default page, with "today" pinned."""
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    monkeypatch.delenv(config.MODEL_ENV, raising=False)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()


def enter(at: AppTest, **values: Any) -> AppTest:
    """Set widgets as a person would (``None``: "not sure" / empty) and rerun the page once.

    A day is typed into its box: a ``date`` as YYYY-MM-DD, text exactly as given.
    """
    for field, value in values.items():
        kind = KIND.get(field, "text_input")
        if kind == "selectbox" and value is None:
            value = _widgets.NOT_SURE
        if kind == "text_input":
            value = "" if value is None else value.isoformat() if isinstance(value, date) else value
        widget: Any = getattr(at, kind)(key=_widgets.KEY + field)
        widget.set_value(value)
    return at.run()


def expected(**values: Any) -> Observation:
    return observation_from_mapping(DEFAULTS | values)


def headline(at: AppTest) -> str:
    """The likelihood sentence as the page shows it, without its HTML."""
    shown = [m.value for m in at.main.markdown if 'class="likelihood"' in m.value]
    assert len(shown) <= 1
    return re.sub(r"<[^>]+>", "", shown[0]) if shown else ""


def markdown_after(at: AppTest, title: str) -> list[str]:
    """The markdown that follows a section title inside the same column."""
    for block in at.main.columns:
        texts = [m.value for m in block.markdown]
        if texts and texts[0] == title:
            return texts[1:]
    raise AssertionError(f"no column titled {title!r}")


def chart_points(at: AppTest) -> dict[str, float]:
    """Label -> points, read from the data the page sent with the reasons chart."""
    (chart,) = at.main.get("vega_lite_chart")
    (dataset,) = chart.proto.datasets
    table = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all()
    return dict(zip(table["label"].to_pylist(), table["points"].to_pylist(), strict=True))


def assert_shows(at: AppTest, result: Estimate, obs: Observation) -> None:
    """Every section of the page says what the library says for ``obs``."""
    assert not at.exception
    assert headline(at) == wording.headline(result)
    shown_percent = float(headline(at).split("%")[0])
    assert abs(shown_percent - 100 * result.probability) <= 0.5
    range_and_source = at.main.markdown[1].value
    assert wording.range_line(result).capitalize() in range_and_source
    assert wording.source_line(result.model) in range_and_source

    frame = charts.contribution_frame(result)
    assert chart_points(at) == pytest.approx(dict(zip(frame["label"], frame["points"], strict=True)))
    reasons = markdown_after(at, "**Why: how far each signal moves the estimate**")
    sentences = [m.value for m in at.main.columns[1].markdown]
    assert reasons == []  # the chart is the only thing under its title
    for row in frame.itertuples():
        assert f"- **{row.label}** ({row.shown}): {row.text}" in sentences[0]

    changes = markdown_after(at, "**What could still change**")
    for label, sentence in wording.what_if_lines(result):
        assert f"- **{label}:** {sentence}" in changes[-1]

    steps = markdown_after(at, "**Next steps**")
    for step in result.next_steps:
        assert any(wording.step_line(step) in text for text in steps)
    assert at.main.caption[0].value == wording.business_days_note(obs.country, obs.decision_expected_by)
    assert [button.key for button in at.main.get("download_button")] == [
        f"ics.{step.kind}" for step in result.next_steps
    ]


def test_default_page_shows_the_library_estimate_of_the_default_observation(app: AppTest, model: Model) -> None:
    obs = expected()
    assert obs == Observation(interview_date=TODAY, as_of=TODAY, scheduled_minutes=45)
    assert_shows(app, estimate(model, obs), obs)
    assert not app.error
    assert not app.warning
    assert headline(app).endswith("chance this leads to an offer or a next round")


def test_the_about_section_shows_version_assumptions_effects_and_limits(app: AppTest, model: Model) -> None:
    (about,) = app.expander
    assert about.label == "About this estimate"
    text = "\n".join(m.value for m in about.markdown)
    assert model.version in text
    assert "100 interviews" in text
    assert "(recruiting-funnel benchmarks)" in text
    assert "Effect sizes are assumptions" in text  # the data card's first known limit
    assert "not a verdict" in text
    (effects,) = about.dataframe
    assert len(effects.value) == len(effects_table(model))


CHANGES = [
    pytest.param({"stage": "final_round"}, id="stage"),
    pytest.param({"interview_date": date(2026, 11, 2)}, id="interview_date"),
    pytest.param({"scheduled_minutes": 60, "actual_minutes": 45}, id="scheduled_minutes"),
    pytest.param({"actual_minutes": 70}, id="actual_minutes_over"),
    pytest.param({"actual_minutes": 20}, id="actual_minutes_short"),
    pytest.param({"role_selling": "none"}, id="role_selling_none"),
    pytest.param({"role_selling": "strong"}, id="role_selling_strong"),
    pytest.param({"decision_expected_by": date(2026, 11, 13)}, id="decision_passed"),
    pytest.param({"decision_expected_by": date(2026, 11, 27)}, id="decision_ahead"),
    pytest.param({"thank_you_sent_on": date(2026, 11, 6)}, id="thank_you_sent_on"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 16)}, id="follow_up_sent_on"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 16), "follow_up_reply": "none"}, id="reply_none"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 16), "follow_up_reply": "acknowledged"}, id="reply_ack"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 16), "follow_up_reply": "affirming"}, id="reply_warm"),
    pytest.param({"country": "GB"}, id="country"),
    pytest.param({"as_of": date(2026, 12, 4)}, id="as_of"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_every_input_updates_every_section_to_the_library_answer(
    app: AppTest, model: Model, change: dict[str, Any]
) -> None:
    before = expected(**TWO_WEEKS_ON)
    enter(app, **TWO_WEEKS_ON)
    assert_shows(app, estimate(model, before), before)

    after = expected(**TWO_WEEKS_ON | change)
    enter(app, **change)
    assert_shows(app, estimate(model, after), after)
    # The change shows somewhere: in the number, the reasons, the what-ifs or the dated steps.
    assert estimate(model, after) != estimate(model, before)


def test_country_changes_the_follow_up_window_by_its_holidays(app: AppTest, model: Model) -> None:
    # The week of US Thanksgiving (Thu Nov 26, 2026): business days run later in the US than in GB.
    enter(app, interview_date=date(2026, 11, 16), as_of=date(2026, 11, 16))
    us_window = markdown_after(app, "**Next steps**")[-1]
    enter(app, country="GB")
    gb_window = markdown_after(app, "**Next steps**")[-1]
    assert "Mon Nov 30" in gb_window
    assert "Tue Dec 1" in us_window
    assert "public holidays in United Kingdom" in app.main.caption[0].value


def test_not_sure_is_a_real_answer_that_moves_nothing(app: AppTest, model: Model) -> None:
    enter(app, **TWO_WEEKS_ON, actual_minutes=60, role_selling="some", follow_up_sent_on=date(2026, 11, 16))
    enter(app, follow_up_reply="affirming")
    known = headline(app)
    enter(app, actual_minutes=None, role_selling=None, follow_up_reply=None)
    obs = expected(**TWO_WEEKS_ON, follow_up_sent_on=date(2026, 11, 16))
    result = estimate(model, obs)
    assert headline(app) != known
    assert_shows(app, result, obs)
    points = chart_points(app)
    assert points["Length"] == points["Role talked up"] == points["Reply to follow-up"] == 0.0
    changes = markdown_after(app, "**What could still change**")[-1]
    assert "**Length:**" in changes
    assert "**Role talked up:**" in changes
    assert "**Reply to follow-up:**" in changes


def test_the_form_offers_exactly_the_values_the_library_accepts(app: AppTest) -> None:
    # Fields that have no invalid value to type: their widgets can only offer what the library accepts.
    assert app.selectbox(key="obs.stage").options == [wording.STAGE_LABELS[s] for s in STAGES]
    assert app.selectbox(key="obs.role_selling").options == [
        wording.ROLE_SELLING_LABELS[s] for s in (None, *ROLE_SELLING)
    ]
    assert app.selectbox(key="obs.follow_up_reply").options == [
        wording.FOLLOW_UP_REPLY_LABELS[s] for s in (None, *FOLLOW_UP_REPLIES)
    ]
    countries = app.selectbox(key="obs.country").options
    assert {re.search(r"\((\w\w)\)", option)[1] for option in countries} == supported_countries()  # type: ignore[index]
    # Numbers are not clamped: the library's range check is the one that speaks.
    for field in ("scheduled_minutes", "actual_minutes"):
        assert app.number_input(key=_widgets.KEY + field).min is None


# --- Issue 12: days are typed text, read by the library; a date picker corrected Feb 30 to Feb 28 unseen ----------


def test_every_day_is_a_text_box_that_says_its_format(app: AppTest) -> None:
    assert not app.date_input  # no picker: it would correct an impossible typed day before the server sees it
    for field in DATES:
        box = app.text_input(key=_widgets.KEY + field)
        assert box.label == wording.FIELD_LABELS[field]
        assert box.placeholder.startswith(DAY_FORMAT)
        assert f"Write it as {DAY_FORMAT}" in box.help
        assert box.value == (TODAY.isoformat() if field in ("interview_date", "as_of") else "")


FEB_30 = "2026-02-30 is not a real date: February 2026 has 28 days"


def test_feb_30_typed_as_the_interview_date_is_refused_under_it_and_no_estimate_is_shown(app: AppTest) -> None:
    assert headline(app)
    enter(app, interview_date="2026-02-30")
    assert not app.exception
    beside = sibling_after(app.sidebar, _widgets.KEY + "interview_date")
    assert isinstance(beside, Element)
    assert beside.type == "error"
    assert beside.value == f"**Interview date**: {FEB_30}"  # exactly what a person reads
    assert [error.value for error in app.sidebar.error] == [beside.value]
    assert app.text_input(key=_widgets.KEY + "interview_date").value == "2026-02-30"  # kept, not corrected
    assert headline(app) == ""
    assert "Fix the field marked in the sidebar" in app.main.warning[0].value


@pytest.mark.parametrize("field", DATES)
def test_an_impossible_day_in_any_date_box_is_kept_and_refused_beside_that_box(app: AppTest, field: str) -> None:
    enter(app, **{field: "2026-02-30"})
    beside = sibling_after(app.sidebar, _widgets.KEY + field)
    assert isinstance(beside, Element)
    assert beside.value == wording.form_message(field, FEB_30)
    assert len(app.sidebar.error) == 1
    assert app.text_input(key=_widgets.KEY + field).value == "2026-02-30"
    assert headline(app) == ""


@pytest.mark.parametrize("spacing", ["{}", "  {} "], ids=["as_is", "spaces_around"])
def test_typed_days_give_the_same_observation_and_estimate_as_the_dates(
    app: AppTest, model: Model, spacing: str
) -> None:
    days = {
        "interview_date": date(2026, 11, 6),
        "decision_expected_by": date(2026, 11, 27),
        "thank_you_sent_on": date(2026, 11, 6),
        "follow_up_sent_on": date(2026, 11, 16),
        "as_of": date(2026, 11, 18),
    }
    enter(app, **{field: spacing.format(day.isoformat()) for field, day in days.items()})
    obs = Observation.model_validate({"scheduled_minutes": 45} | days)
    assert expected(**days) == obs
    assert_shows(app, estimate(model, obs), obs)
    enter(app, decision_expected_by="", follow_up_sent_on=" ")  # emptied: not told, not sent yet
    obs = obs.model_copy(update={"decision_expected_by": None, "follow_up_sent_on": None})
    assert_shows(app, estimate(model, obs), obs)


def sibling_after(block: Block, key: str) -> Element | Block | None:
    """The element drawn right after the widget with ``key``, searched through nested columns."""
    children = list(block.children.values())
    for index, child in enumerate(children):
        if getattr(child, "key", None) == key:
            return children[index + 1] if index + 1 < len(children) else None
        if isinstance(child, Block) and (found := sibling_after(child, key)) is not None:
            return found
    return None


INVALID = [
    pytest.param({"actual_minutes": 0}, "actual_minutes", id="actual_zero"),
    pytest.param({"actual_minutes": -5}, "actual_minutes", id="actual_negative"),
    pytest.param({"actual_minutes": 721}, "actual_minutes", id="actual_too_long"),
    pytest.param({"scheduled_minutes": 0}, "scheduled_minutes", id="scheduled_zero"),
    pytest.param({"scheduled_minutes": 481}, "scheduled_minutes", id="scheduled_too_long"),
    pytest.param({"as_of": date(2026, 11, 1)}, "as_of", id="as_of_before_interview"),
    pytest.param({"interview_date": date(2026, 11, 21)}, "as_of", id="interview_after_as_of"),
    pytest.param({"decision_expected_by": date(2026, 11, 5)}, "decision_expected_by", id="decision_before"),
    pytest.param({"thank_you_sent_on": date(2026, 11, 5)}, "thank_you_sent_on", id="thank_you_before"),
    pytest.param({"thank_you_sent_on": date(2026, 11, 23)}, "thank_you_sent_on", id="thank_you_after_as_of"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 5)}, "follow_up_sent_on", id="follow_up_before"),
    pytest.param({"follow_up_sent_on": date(2026, 11, 23)}, "follow_up_sent_on", id="follow_up_after_as_of"),
    pytest.param(
        {"thank_you_sent_on": date(2026, 11, 10), "follow_up_sent_on": date(2026, 11, 9)},
        "follow_up_sent_on",
        id="follow_up_before_thank_you",
    ),
    pytest.param({"follow_up_reply": "affirming"}, "follow_up_reply", id="reply_without_follow_up"),
    # Days are typed (issue 12): an impossible or misspelt one is refused, never moved to a real day.
    pytest.param({"interview_date": "2026-02-30"}, "interview_date", id="feb_30"),
    pytest.param({"interview_date": "1900-01-01"}, "interview_date", id="before_supported_dates"),
    pytest.param({"interview_date": "2026/11/02"}, "interview_date", id="slashes"),
    pytest.param({"interview_date": "tomorrow"}, "interview_date", id="a_word"),
    pytest.param({"interview_date": ""}, "interview_date", id="interview_date_emptied"),
    pytest.param({"as_of": "  "}, "as_of", id="as_of_emptied"),
    pytest.param({"follow_up_sent_on": "2026-04-31"}, "follow_up_sent_on", id="apr_31_optional"),
    pytest.param({"decision_expected_by": "11/27/2026"}, "decision_expected_by", id="month_first_optional"),
]


@pytest.mark.parametrize(("change", "field"), INVALID)
def test_an_impossible_entry_is_explained_beside_its_field(
    app: AppTest, model: Model, change: dict[str, Any], field: str
) -> None:
    enter(app, **(TWO_WEEKS_ON | change))
    with pytest.raises(InvalidObservation) as raised:
        expected(**TWO_WEEKS_ON | change)
    message = wording.form_message(field, raised.value.errors[field])  # the library's words, fields by label

    assert not app.exception
    beside = sibling_after(app.sidebar, _widgets.KEY + field)
    assert isinstance(beside, Element)
    assert beside.type == "error"
    assert beside.value == message
    assert [error.value for error in app.sidebar.error] == [message]
    # No estimate for inputs that don't add up, and a pointer to the field; the rest of the page still works.
    assert headline(app) == ""
    assert "Fix the field marked in the sidebar" in app.main.warning[0].value
    assert app.expander[0].label == "About this estimate"

    obs = expected(**TWO_WEEKS_ON)
    enter(app, **{name: DEFAULTS[name] if name not in TWO_WEEKS_ON else TWO_WEEKS_ON[name] for name in change})
    assert not app.sidebar.error
    assert_shows(app, estimate(model, obs), obs)


def test_several_bad_fields_are_each_marked(app: AppTest) -> None:
    enter(app, **TWO_WEEKS_ON, actual_minutes=0, decision_expected_by=date(2026, 11, 1))
    for field in ("actual_minutes", "decision_expected_by"):
        beside = sibling_after(app.sidebar, _widgets.KEY + field)
        assert isinstance(beside, Element)
        assert beside.type == "error"
    assert len(app.sidebar.error) == 2


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A copy of the bundled artifact and its description, free to damage."""
    for source in (BUNDLED_MODEL, BUNDLED_MODEL.with_suffix(".json")):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path / BUNDLED_MODEL.name


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def alter_hash(path: Path) -> None:
    sidecar = path.with_suffix(".json")
    sidecar.write_text(re.sub(r'"artifact_sha256": "\w+"', '"artifact_sha256": "0"', sidecar.read_text()))


def remove(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [truncate, alter_hash, remove])
def test_a_damaged_model_shows_the_retrain_command_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, model_copy: Path, damage: Any
) -> None:
    damage(model_copy)
    monkeypatch.setenv(config.MODEL_ENV, str(model_copy))
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    (error,) = at.main.error
    assert str(model_copy) in error.value
    assert f"`{TRAIN_COMMAND}`" in error.value
    assert headline(at) == ""
    assert not at.expander
    assert {box.key for box in at.sidebar.text_input} == {_widgets.KEY + field for field in DATES}  # the form is there


def test_the_page_reads_a_working_model_from_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, model_copy: Path, model: Model
) -> None:
    monkeypatch.setenv(config.MODEL_ENV, str(model_copy))
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    obs = expected()
    assert_shows(at, estimate(model, obs), obs)


def test_an_unexpected_library_error_is_a_message_not_a_traceback(app: AppTest) -> None:
    with mock.patch("interview_signals.estimate.answer.estimate", side_effect=RuntimeError("boom")):
        app.run()
    assert not app.exception
    assert "Something went wrong" in app.main.error[0].value
    assert "boom" not in app.main.error[0].value
    assert headline(app) == ""


@pytest.fixture
def downloads() -> Iterator[dict[str, tuple[str | None, bytes]]]:
    """Media file id -> (file name, bytes) of every file the page hands to Streamlit for download."""
    files: dict[str, tuple[str | None, bytes]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self: MemoryMediaFileStorage, data: Any, mimetype: str, kind: Any, filename: Any = None) -> str:
        file_id = original(self, data, mimetype, kind, filename)
        files[file_id] = (filename, data)
        return file_id

    with mock.patch.object(MemoryMediaFileStorage, "load_and_get_id", recording):
        yield files


def test_each_next_step_downloads_as_a_calendar_reminder_on_its_date(
    app: AppTest, model: Model, downloads: dict[str, tuple[str | None, bytes]]
) -> None:
    obs = expected(**TWO_WEEKS_ON)
    enter(app, **TWO_WEEKS_ON)
    steps = estimate(model, obs).next_steps
    buttons = app.main.get("download_button")
    assert len(buttons) == len(steps) == 2
    for button, step in zip(buttons, steps, strict=True):
        file_id = Path(button.proto.url).stem
        name, data = downloads[file_id]
        # A step already late is a reminder for today (issue 12): an alarm in the past never rings.
        day = max(step.date, TODAY)
        assert name == f"{step.kind.replace('_', '-')}-{day.isoformat()}.ics"
        (event,) = Calendar.from_ical(data).walk("VEVENT")
        assert event.decoded("dtstart") == day
        assert str(event["summary"]) == step.action
        assert button.proto.disabled == (step.status == "done")
    window = Calendar.from_ical(downloads[Path(buttons[1].proto.url).stem][1]).walk("VEVENT")[0]
    assert steps[1].latest is not None
    assert f"{steps[1].latest:%b} {steps[1].latest.day}" in str(window["description"])


def test_with_every_signal_known_only_the_wait_is_pending(app: AppTest, model: Model) -> None:
    # One news clock: with every signal known, the decision itself is still to come (issue 9).
    known = TWO_WEEKS_ON | {"actual_minutes": 45, "role_selling": "some", "follow_up_sent_on": date(2026, 11, 16)}
    enter(app, **known)
    enter(app, follow_up_reply="acknowledged")
    obs = expected(**known, follow_up_reply="acknowledged")
    assert {scenario.signal for scenario in estimate(model, obs).what_if} == {"silence"}
    assert_shows(app, estimate(model, obs), obs)


# --- Issue 12: the number on screen always matches the form; the form speaks in its own labels ----------

NO_ESTIMATE_FOR = [
    # What Streamlit's own widget checks used to catch (keeping the old value and the old estimate beside the
    # new entry), or silently corrected: now each reaches the library and comes back as a message.
    pytest.param({"interview_date": "1900-01-01"}, "interview_date", "outside the supported dates", id="1900"),
    pytest.param({"decision_expected_by": "2200-01-01"}, "decision_expected_by", "outside", id="2200"),
    # A date picker clamped these in the browser (Feb 30 became Feb 28) before the server saw them.
    pytest.param({"interview_date": "2026-02-30"}, "interview_date", "is not a real date", id="feb_30"),
    pytest.param({"thank_you_sent_on": "2026-11-31"}, "thank_you_sent_on", "November 2026 has 30 days", id="nov_31"),
    pytest.param({"actual_minutes": 47.5}, "actual_minutes", "47.5 is not valid", id="fraction"),
    pytest.param({"scheduled_minutes": 47.5}, "scheduled_minutes", "47.5 is not valid", id="fraction_booked"),
    pytest.param({"scheduled_minutes": None}, "scheduled_minutes", "is required", id="emptied_booked"),
]


@pytest.mark.parametrize(("change", "field", "words"), NO_ESTIMATE_FOR)
def test_an_entry_outside_what_the_library_takes_shows_no_estimate_beside_it(
    app: AppTest, change: dict[str, Any], field: str, words: str
) -> None:
    assert headline(app)  # an estimate was on screen before
    enter(app, **change)
    assert not app.exception
    beside = sibling_after(app.sidebar, _widgets.KEY + field)
    assert isinstance(beside, Element), f"no message under {field}"
    assert beside.type == "error", f"no message under {field}"
    shown: str = beside.value
    assert shown.startswith(f"**{wording.FIELD_LABELS[field]}**: ")
    assert words in shown
    assert headline(app) == ""
    assert "Fix the field marked" in app.main.warning[0].value
    # The widget holds what was typed, not a corrected value.
    kind = KIND.get(field, "text_input")
    assert getattr(app, kind)(key=_widgets.KEY + field).value == change[field]


def test_messages_name_other_fields_by_their_labels_never_their_names(app: AppTest) -> None:
    enter(app, **TWO_WEEKS_ON, follow_up_reply="affirming", as_of=date(2026, 11, 1))
    texts = [error.value for error in app.sidebar.error]
    assert len(texts) == 2
    for text in texts:
        assert not re.search(r"\b(interview_date|as_of|follow_up_sent_on|follow_up_reply)\b|'affirming'", text), text
    assert any('"Interview date"' in text for text in texts)
    assert any('"A warm, affirming reply" needs "Follow-up sent on"' in text for text in texts)


def test_the_footnote_mentions_a_decision_date_only_when_one_was_given(app: AppTest) -> None:
    enter(app, **TWO_WEEKS_ON)
    assert "decision date" not in app.main.caption[0].value
    enter(app, decision_expected_by=date(2026, 11, 13))
    assert "promised decision date of Fri Nov 13" in app.main.caption[0].value


def test_once_both_notes_are_sent_and_silence_goes_on_the_page_says_what_to_do_now(app: AppTest) -> None:
    sent = {"thank_you_sent_on": date(2026, 11, 6), "follow_up_sent_on": date(2026, 11, 16)}
    enter(app, **TWO_WEEKS_ON, **sent)
    enter(app, follow_up_reply="none")
    steps = markdown_after(app, "**Next steps**")
    now = wording.after_the_last_step(estimate_of(app, **TWO_WEEKS_ON, **sent, follow_up_reply="none"), "none")
    assert now is not None
    assert f"**What to do now:** {now}" in steps
    enter(app, follow_up_reply="affirming")  # an answer came: nothing to add
    assert not any("What to do now" in text for text in markdown_after(app, "**Next steps**"))
    enter(app, follow_up_reply=None, follow_up_sent_on=None)  # a step still open: the steps say what to do
    assert not any("What to do now" in text for text in markdown_after(app, "**Next steps**"))


def estimate_of(at: AppTest, **values: Any) -> tuple[Any, ...]:
    from interview_signals.estimate.model import load

    return estimate(load(BUNDLED_MODEL), expected(**values)).next_steps


def test_country_options_carry_the_names_people_search_for(app: AppTest) -> None:
    options = app.selectbox(key="obs.country").options
    (uk,) = [option for option in options if "(GB)" in option]
    for name in ("United Kingdom", "Britain", "England", "UK"):
        assert name in uk


def test_a_model_retrained_while_the_page_runs_is_served_on_the_next_rerun(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, model: Model
) -> None:
    from dataclasses import replace

    from interview_signals.estimate.model import save

    target = tmp_path / "model.joblib"
    save(model, "a" * 64, target)
    monkeypatch.setenv(config.MODEL_ENV, str(target))
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert "worth 100 interviews" in at.main.markdown[1].value
    retrained = replace(model, prior_weight=40.0, intercept=model.intercept + 1.0)
    save(retrained, "b" * 64, target)  # what `interview-signals train` does, while the server runs
    at.run()
    assert "worth 40 interviews" in at.main.markdown[1].value
    assert headline(at) == wording.headline(estimate(load_model_at(target), expected()))


def load_model_at(path: Path) -> Model:
    from interview_signals.estimate.model import load

    return load(path)
