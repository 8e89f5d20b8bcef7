"""The journal as CSV: a BOM, no cell a spreadsheet would run, a faithful round trip, and all-or-nothing imports."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import Model
from interview_signals.journal.records import FORMULA_STARTS, InvalidImport, export_csv, read_csv
from interview_signals.journal.store import Journal, Shown
from tests.conftest import make_obs

SHOWN = Shown("test", 0.4, 0.2, 0.6, 0.9)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3")


def test_export_has_a_byte_order_mark_and_neutralises_every_formula(journal: Journal) -> None:
    labels = ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "Acme, analyst", "Café Noël"]
    for label in labels:
        journal.add(label, make_obs(), SHOWN)
    data = export_csv(journal.interviews())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["label"] for row in rows] == ['\'=HYPERLINK("http://evil")', "'+1+1", "'-2", "'@SUM(A1)", *labels[4:]]
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value


def test_an_export_imports_back_to_the_same_journal(journal: Journal, tmp_path: Path, model: Model) -> None:
    first = journal.add("=Acme", make_obs(), SHOWN)
    journal.update(first, make_obs(follow_up_sent_on=date(2026, 11, 12)), Shown("test", 0.3, 0.1, 0.5, 0.9))
    journal.record_outcome(first, "rejected")
    journal.record_outcome(first, None)
    journal.record_outcome(journal.add("Globex", make_obs(stage="final_round"), SHOWN), "offer")
    copy = Journal(tmp_path / "copy.sqlite3")
    copy.add_many(read_csv(export_csv(journal.interviews()), model))

    def essence(j: Journal) -> list[object]:
        return [
            (i.label, [(s.saved_at, s.observation, s.shown) for s in i.snapshots], i.outcomes) for i in j.interviews()
        ]

    assert essence(copy) == essence(journal)


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(journal: Journal, model: Model) -> None:
    journal.add("already there", make_obs(), SHOWN)
    data = _csv(
        "label,interview_date,as_of,scheduled_minutes,actual_minutes,outcome",
        "Acme,2026-11-02,2026-11-20,45,60,offer",
        '"Globex, round 2",2026-11-03,2026-11-20,30,,rejected',
        "Initech,2026-11-04,2026-11-20,45,0,",
        "Umbrella,2026-11-05,2026-11-20,45,50,",
    )
    with pytest.raises(InvalidImport) as raised:
        journal.add_many(read_csv(data, model))
    assert raised.value.line == 4
    assert "actual_minutes" in str(raised.value)
    assert [i.label for i in journal.interviews()] == ["already there"]


@pytest.mark.parametrize(
    ("lines", "line", "says"),
    [
        (("label,interview_date,scheduled_minutes,color", "A,2026-11-02,45,red"), 1, "unknown column 'color'"),
        (("interview_date,scheduled_minutes", "2026-11-02,45"), 1, "no 'label' column"),
        (("label,interview_date,scheduled_minutes,outcome", "A,2026-11-02,45,hired"), 2, "outcome"),
        (("label,interview_date,scheduled_minutes", "A,2026-11-02,45", ",2026-11-02,45"), 3, "label"),
        (("label,interview_date,scheduled_minutes,event", "A,2026-11-02,45,outcome"), 2, "must follow"),
        (("label,interview_date,scheduled_minutes,probability", "A,2026-11-02,45,0.5"), 2, "interval_low"),
        (("label,interview_date,scheduled_minutes",), 2, "no rows"),
    ],
)
def test_each_kind_of_bad_file_names_its_line(lines: tuple[str, ...], line: int, says: str, model: Model) -> None:
    with pytest.raises(InvalidImport, match=says) as raised:
        read_csv(_csv(*lines), model)
    assert raised.value.line == line


def test_a_coachs_file_without_estimates_is_scored_by_the_model_in_use(journal: Journal, model: Model) -> None:
    data = _csv(
        "label,interview_date,as_of,scheduled_minutes,actual_minutes,role_selling,outcome",
        "Acme,2026-11-02,2026-11-20,45,70,strong,offer",
        "Acme round 2,2026-11-09,2026-11-20,60,,,",
    )
    journal.add_many(read_csv(data, model))
    acme, second = journal.interviews()
    expected = estimate(model, make_obs(actual_minutes=70, role_selling="strong"))
    shown = acme.latest.shown
    assert shown.model_version == model.version
    assert (shown.probability, shown.low, shown.high) == pytest.approx(
        (expected.probability, expected.interval.low, expected.interval.high), abs=1e-12
    )
    assert acme.outcome == "offer"
    assert second.is_open
