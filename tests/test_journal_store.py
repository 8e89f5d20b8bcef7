"""The journal's storage: history is only added to, concurrent saves lose nothing, a kill leaves a sound file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from interview_signals.journal.store import (
    SCHEMA_VERSION,
    InvalidOutcome,
    Journal,
    NewerSchema,
    NewInterview,
    Shown,
    Snapshot,
    UnknownInterview,
)
from tests.conftest import make_obs

SHOWN = Shown("test", 0.4, 0.2, 0.6, 0.9)
SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3")


def test_updates_and_outcomes_add_rows_and_every_stage_reached_is_kept(journal: Journal) -> None:
    first = journal.add("Acme", make_obs(stage="phone_screen"), SHOWN)
    journal.update(first, make_obs(stage="interview", actual_minutes=60), Shown("test", 0.6, 0.4, 0.8, 0.9))
    journal.record_outcome(first, "next_round")
    journal.record_outcome(first, None)  # reopened: the earlier outcome stays in the history
    interview = journal.interview(first)
    assert [s.observation.stage for s in interview.snapshots] == ["phone_screen", "interview"]
    assert [s.shown.probability for s in interview.snapshots] == [0.4, 0.6]
    assert [e.outcome for e in interview.outcomes] == ["next_round", None]
    assert interview.is_open
    with pytest.raises(UnknownInterview):
        journal.update(first + 1, make_obs(), SHOWN)
    with pytest.raises(InvalidOutcome):
        journal.record_outcome(first, "hired")


def test_the_database_refuses_to_change_or_delete_history(journal: Journal) -> None:
    journal.record_outcome(journal.add("Acme", make_obs(), SHOWN), "rejected")
    with sqlite3.connect(journal.path) as raw:
        for statement in (
            "UPDATE snapshots SET probability = 0.99",
            "DELETE FROM snapshots",
            "UPDATE outcomes SET outcome = 'offer'",
            "DELETE FROM outcomes",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="history"):
                raw.execute(statement)
    assert journal.interviews()[0].latest.shown.probability == 0.4


def test_a_batch_is_all_or_nothing(journal: Journal) -> None:
    good = NewInterview("good", (Snapshot.of(make_obs(), SHOWN),))
    with pytest.raises(ValueError, match="at least one estimate"):
        journal.add_many([good, NewInterview("no estimate", ())])
    assert journal.interviews() == []


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def test_four_processes_saving_250_times_each_lose_nothing(journal: Journal) -> None:
    saver = f"""
        import sys
        sys.path.insert(0, {SRC!r})
        from datetime import date
        from pathlib import Path
        from interview_signals.journal.store import Journal, Shown
        from interview_signals.observation import Observation
        journal = Journal(Path(sys.argv[1]))
        obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 20), scheduled_minutes=45)
        for index in range(250):
            journal.add(f"process {{sys.argv[2]}} save {{index}}", obs, Shown("test", 0.5, 0.3, 0.7, 0.9))
    """
    processes = [
        subprocess.Popen([*_python(saver), str(journal.path), str(k)], stderr=subprocess.PIPE) for k in range(4)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()
    labels = [interview.label for interview in journal.interviews()]
    expected = {f"process {k} save {index}" for k in range(4) for index in range(250)}
    print(f"saved {len(labels)} interviews from 4 processes; distinct: {len(set(labels))}")
    assert len(labels) == 1000
    assert set(labels) == expected


def test_a_process_killed_mid_write_leaves_a_sound_database_with_every_committed_row(journal: Journal) -> None:
    writer = f"""
        import sys
        sys.path.insert(0, {SRC!r})
        from datetime import date
        from pathlib import Path
        from interview_signals.journal.store import Journal, NewInterview, Shown, Snapshot
        from interview_signals.observation import Observation
        journal = Journal(Path(sys.argv[1]))
        obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 20), scheduled_minutes=45)
        shown = Shown("test", 0.5, 0.3, 0.7, 0.9)
        batch = 0
        while True:  # single saves and large transactions, each reported only once committed
            interview_id = journal.add("single", obs, shown)
            print("single", interview_id, flush=True)
            batch += 1
            journal.add_many([NewInterview(f"batch {{batch}}", (Snapshot.of(obs, shown),)) for _ in range(500)])
            print("batch", batch, flush=True)
    """
    process = subprocess.Popen([*_python(writer), str(journal.path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    committed: list[tuple[str, int]] = []
    deadline = time.monotonic() + 120
    while len(committed) < 40 and time.monotonic() < deadline:
        kind, number = process.stdout.readline().split()
        committed.append((kind, int(number)))
    time.sleep(0.037)  # land the kill inside a later transaction, not between two
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed += [(kind, int(number)) for kind, number in (line.split() for line in process.stdout.read().splitlines())]
    assert len(committed) >= 40, "the writer did not get going"

    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    interviews = journal.interviews()
    ids = {interview.id for interview in interviews}
    assert {number for kind, number in committed if kind == "single"} <= ids
    batches: dict[str, int] = {}
    for interview in interviews:
        assert interview.snapshots, "an interview without its estimate: half a transaction survived"
        if interview.label.startswith("batch"):
            batches[interview.label] = batches.get(interview.label, 0) + 1
    assert {f"batch {number}" for kind, number in committed if kind == "batch"} <= set(batches)
    assert set(batches.values()) == {500}, "a batch was half written"
    print(f"committed before the kill: {len(committed)} reports; rows after: {len(interviews)} interviews")


# The schema of the first journal release, frozen here as that release wrote it.
VERSION_1 = (
    "CREATE TABLE interviews (id INTEGER PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL,"
    " outcome TEXT, outcome_at TEXT)",
    "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, interview_id INTEGER NOT NULL REFERENCES interviews(id),"
    " saved_at TEXT NOT NULL, observation TEXT NOT NULL, model_version TEXT NOT NULL,"
    " probability REAL NOT NULL, interval_low REAL NOT NULL, interval_high REAL NOT NULL)",
    "PRAGMA user_version = 1",
)


def test_a_version_1_journal_is_upgraded_keeping_its_interviews_and_outcomes(journal: Journal) -> None:
    obs = make_obs(actual_minutes=50).model_dump_json()
    with sqlite3.connect(journal.path) as raw:
        for statement in VERSION_1:
            raw.execute(statement)
        raw.execute(
            "INSERT INTO interviews VALUES"
            " (1, 'Acme', '2026-11-02T10:00:00+00:00', 'offer', '2026-11-25T09:00:00+00:00')"
        )
        raw.execute("INSERT INTO interviews VALUES (2, 'Globex', '2026-11-03T10:00:00+00:00', NULL, NULL)")
        for interview_id in (1, 2):
            raw.execute(
                "INSERT INTO snapshots (interview_id, saved_at, observation, model_version, probability,"
                " interval_low, interval_high) VALUES (?, '2026-11-20T10:00:00+00:00', ?, 'old', 0.55, 0.3, 0.75)",
                (interview_id, obs),
            )
    acme, globex = journal.interviews()
    assert (acme.label, acme.outcome, globex.outcome) == ("Acme", "offer", None)
    assert acme.outcomes[0].recorded_at.isoformat() == "2026-11-25T09:00:00+00:00"
    assert acme.latest.shown == Shown("old", 0.55, 0.3, 0.75, 0.9)
    assert acme.latest.observation.actual_minutes == 50
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [row[1] for row in raw.execute("PRAGMA table_info(interviews)")]
        assert "outcome" not in columns  # one place for outcomes now: their own table
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE snapshots SET probability = 0.9")
    journal.record_outcome(globex.id, "rejected")
    assert journal.interview(globex.id).outcome == "rejected"


def test_a_journal_from_a_newer_version_is_left_untouched(journal: Journal) -> None:
    with sqlite3.connect(journal.path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchema, match="Upgrade"):
        journal.add("Acme", make_obs(), SHOWN)


def test_delete_all_removes_the_file_its_write_ahead_log_and_shared_memory(journal: Journal) -> None:
    journal.add("Acme", make_obs(), SHOWN)
    holder = sqlite3.connect(journal.path)  # an open reader keeps the -wal and -shm files in place
    holder.execute("BEGIN")
    holder.execute("SELECT COUNT(*) FROM interviews").fetchone()
    journal.add("Globex", make_obs(interview_date=date(2026, 11, 3)), SHOWN)
    files = [journal.path.with_name(journal.path.name + suffix) for suffix in ("", "-wal", "-shm")]
    assert all(path.exists() for path in files)
    removed = journal.delete_all()
    holder.close()
    assert set(files) <= set(removed)
    assert not any(path.exists() for path in journal.path.parent.iterdir())
    assert journal.interviews() == []
