"""The Journal page and "Save to journal" under AppTest: what they show is what the journal functions return."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import _widgets
from interview_signals import config
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import Model
from interview_signals.journal import simulated
from interview_signals.journal.pipeline import pipeline
from interview_signals.journal.store import Journal
from interview_signals.observation import Observation
from interview_signals.present import wording

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 20)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path))
    monkeypatch.setenv(config.TODAY_ENV, TODAY.isoformat())
    monkeypatch.delenv(config.MODEL_ENV, raising=False)
    return tmp_path


def journal_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    return at.switch_page("app_pages/journal.py").run()


def texts(at: AppTest) -> str:
    return "\n".join([str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption])


def test_save_to_journal_on_the_estimate_page_stores_the_estimate_on_screen(home: Path, model: Model) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="obs.interview_date").input("2026-11-06")
    at.number_input(key="obs.actual_minutes").set_value(70).run()
    assert at.button(key="journal.save").disabled  # no label yet
    at.text_input(key="journal.label").set_value("Acme, analyst").run()
    at.button(key="journal.save").click().run()
    assert not at.exception
    assert "Saved as #1" in at.success[0].value
    (saved,) = Journal().interviews()
    obs = Observation(interview_date=date(2026, 11, 6), as_of=TODAY, scheduled_minutes=45, actual_minutes=70)
    assert saved.label == "Acme, analyst"
    assert saved.latest.observation == obs
    assert saved.latest.shown.probability == estimate(model, obs).probability


def test_the_pipeline_table_and_chance_are_the_librarys(home: Path, model: Model) -> None:
    simulated.fill(Journal(), model, 6, seed=4, closed_share=0.5)
    at = journal_page()
    assert not at.exception
    expected = pipeline(Journal().interviews(), model, TODAY)
    table = at.dataframe[0].value
    assert table["interview"].tolist() == [row.interview.label for row in expected.rows]
    assert table["estimate today"].tolist() == [wording.percent(row.today.probability) for row in expected.rows]
    assert at.metric[0].value == wording.percent(expected.at_least_one.probability)
    assert "independent" in texts(at)


def test_update_record_reopen_learn_and_delete_everything(home: Path, model: Model) -> None:
    obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 3), scheduled_minutes=45)
    journal = Journal()
    from interview_signals.journal.store import Shown

    journal.add("Acme", obs, Shown.of(estimate(model, obs)))
    at = journal_page()
    assert at.button(key="journal.update").disabled  # nothing loaded into the form yet
    at.button(key="journal.load").click().run()
    # The saved days come back as the text the boxes hold; an unknown one as an empty box.
    assert at.text_input(key="obs.interview_date").value == "2026-11-02"
    assert at.text_input(key="obs.as_of").value == TODAY.isoformat()
    assert at.text_input(key="obs.decision_expected_by").value == ""
    assert at.selectbox(key="obs.role_selling").value == _widgets.NOT_SURE
    assert not at.sidebar.error
    at.text_input(key="obs.follow_up_sent_on").input("2026-11-12")
    at.selectbox(key="obs.follow_up_reply").set_value("affirming").run()
    at.button(key="journal.update").click().run()
    assert not at.exception
    assert "Updated Acme" in at.success[0].value
    (acme,) = journal.interviews()
    assert len(acme.snapshots) == 2
    assert acme.latest.observation.follow_up_reply == "affirming"
    assert "2 saves" in texts(at)

    at.selectbox(key="journal.outcome").set_value("offer").run()
    at.button(key="journal.record").click().run()
    assert journal.interview(acme.id).outcome == "offer"
    assert "Brier score" in texts(at)
    assert "too little data" in texts(at)

    at.button(key="journal.learn").click().run()
    assert not at.exception
    assert any("New model" in str(m.value) for m in at.markdown)
    assert config.active_model().parent == config.learned_models()
    at.button(key="journal.switch_back").click().run()
    assert config.active_model() == config.BUNDLED_MODEL

    at.button(key="journal.reopen").click().run()
    assert journal.interview(acme.id).is_open

    at.button(key="journal.delete").click().run()
    assert journal.exists()  # asking is not deleting
    at.button(key="journal.delete.cancel").click().run()
    assert journal.exists()
    at.button(key="journal.delete").click().run()
    at.button(key="journal.delete.confirm").click().run()
    assert not at.exception
    assert not journal.exists()
    assert not config.learned_models().exists()
    assert "Nothing saved yet" in at.info[0].value


def test_a_no_response_is_suggested_after_a_long_silence_and_recorded_with_one_click(home: Path, model: Model) -> None:
    from interview_signals.journal.store import Shown

    obs = Observation(interview_date=date(2026, 10, 19), as_of=date(2026, 10, 20), scheduled_minutes=45)
    Journal().add("Globex", obs, Shown.of(estimate(model, obs)))
    at = journal_page()
    assert "No news for 15+ business days on 1 interview (Globex)" in at.info[0].value
    at.button(key="journal.no_response").click().run()
    assert Journal().interview(1).outcome == "no_response"


def test_every_outcome_has_a_label_and_nothing_else_does() -> None:
    from interview_signals.journal.store import OUTCOMES
    from interview_signals.present import wording

    assert list(wording.OUTCOME_LABELS) == list(OUTCOMES)
