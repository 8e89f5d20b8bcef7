"""The journal's storage: SQLite (standard library), a versioned schema, and history that is only ever added to.

Every interview the user saves is a row of ``interviews``; every time it is saved or updated a row of
``snapshots`` keeps the observation, the model version that scored it and the estimate shown (probability
and range) with the time; every outcome recorded (or reopened) is a row of ``outcomes``. Triggers refuse
to change or delete a snapshot or an outcome, so the estimate shown at the time can always be scored.

The database runs in WAL mode with a busy timeout, and every write is one ``BEGIN IMMEDIATE`` transaction:
several processes may save at once, and a process killed mid-write leaves every committed row intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

from interview_signals.config import journal_database
from interview_signals.estimate.answer import Estimate
from interview_signals.observation import Observation

Outcome = Literal["offer", "next_round", "rejected", "withdrawn", "no_response"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
POSITIVE: tuple[Outcome, ...] = ("offer", "next_round")  # what the model predicts: an offer or a next round
NOT_SCORED: tuple[Outcome, ...] = ("withdrawn",)  # the user stepped out: the interview's own result is unknown

BUSY_TIMEOUT_SECONDS = 30.0  # how long a write waits for another process's transaction to finish
# The database files: the database itself, its write-ahead log and its shared-memory index.
FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")

# Each entry upgrades the schema from version i to i + 1; user_version says how many have run.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first journal kept only the latest outcome, on the interview itself.
    (
        "CREATE TABLE interviews (id INTEGER PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL,"
        " outcome TEXT, outcome_at TEXT)",
        "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, interview_id INTEGER NOT NULL REFERENCES interviews(id),"
        " saved_at TEXT NOT NULL, observation TEXT NOT NULL, model_version TEXT NOT NULL,"
        " probability REAL NOT NULL, interval_low REAL NOT NULL, interval_high REAL NOT NULL)",
    ),
    # 2: outcomes become history of their own (reopening keeps what was recorded), the range keeps its level,
    # and triggers make every snapshot and outcome append-only.
    (
        "ALTER TABLE snapshots ADD COLUMN interval_level REAL NOT NULL DEFAULT 0.9",
        "CREATE TABLE outcomes (id INTEGER PRIMARY KEY, interview_id INTEGER NOT NULL REFERENCES interviews(id),"
        " outcome TEXT CHECK (outcome IS NULL OR outcome IN ("
        + ", ".join(f"'{name}'" for name in OUTCOMES)
        + ")), recorded_at TEXT NOT NULL)",
        "INSERT INTO outcomes (interview_id, outcome, recorded_at)"
        " SELECT id, outcome, COALESCE(outcome_at, created_at) FROM interviews WHERE outcome IS NOT NULL",
        "ALTER TABLE interviews DROP COLUMN outcome",
        "ALTER TABLE interviews DROP COLUMN outcome_at",
        "CREATE INDEX snapshots_by_interview ON snapshots (interview_id, id)",
        "CREATE INDEX outcomes_by_interview ON outcomes (interview_id, id)",
        *(
            f"CREATE TRIGGER {table}_{change.lower()}_refused BEFORE {change} ON {table}"
            f" BEGIN SELECT RAISE(ABORT, '{table} are history: add a row, never change or delete one'); END"
            for table in ("snapshots", "outcomes")
            for change in ("UPDATE", "DELETE")
        ),
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class UnknownInterview(LookupError):
    """No interview of that id in the journal."""

    def __init__(self, interview_id: int) -> None:
        super().__init__(f"interview {interview_id}: no interview of that id in the journal; see `journal list`")


class InvalidOutcome(ValueError):
    """An outcome that is not one of :data:`OUTCOMES`."""

    def __init__(self, value: object) -> None:
        super().__init__(f"outcome: {value!r} must be one of {', '.join(OUTCOMES)} (or 'open' to reopen)")


class NewerSchema(RuntimeError):
    """The database was written by a newer version of interview-signals than this one."""


def now() -> datetime:
    """The time a row is saved: now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def checked_outcome(value: str | None) -> Outcome | None:
    """``value`` as an :data:`Outcome`; ``None``, ``""`` or ``"open"`` reopen; anything else is refused."""
    if value is None or value in ("", "open"):
        return None
    if value not in OUTCOMES:
        raise InvalidOutcome(value)
    return value


@dataclass(frozen=True)
class Shown:
    """The estimate a person saw: the model version that made it, its probability and its range."""

    model_version: str
    probability: float
    low: float
    high: float
    level: float

    @classmethod
    def of(cls, result: Estimate) -> Shown:
        """What the page or the CLI showed for ``result``."""
        interval = result.interval
        return cls(result.model.version, result.probability, interval.low, interval.high, interval.level)


@dataclass(frozen=True)
class Snapshot:
    """One save of an interview: what was known, what the estimate was, and when."""

    saved_at: datetime
    observation_json: str
    shown: Shown

    @classmethod
    def of(cls, obs: Observation, shown: Shown, saved_at: datetime | None = None) -> Snapshot:
        """A save of ``obs`` with the estimate shown for it, now unless ``saved_at`` says when."""
        return cls(saved_at or now(), obs.model_dump_json(), shown)

    @cached_property
    def observation(self) -> Observation:
        """The observation, parsed on first use (a long journal's list needs only the latest of each)."""
        return Observation.model_validate_json(self.observation_json)


@dataclass(frozen=True)
class OutcomeEvent:
    """One recorded outcome; ``outcome`` None means the interview was reopened."""

    outcome: Outcome | None
    recorded_at: datetime


@dataclass(frozen=True)
class Interview:
    """One interview in the journal with its whole history, oldest first."""

    id: int
    label: str
    created_at: datetime
    snapshots: tuple[Snapshot, ...]
    outcomes: tuple[OutcomeEvent, ...] = ()

    @property
    def latest(self) -> Snapshot:
        """The last save: what is known now."""
        return self.snapshots[-1]

    @property
    def outcome(self) -> Outcome | None:
        """The outcome recorded last, or None while the interview is open (never closed, or reopened)."""
        return self.outcomes[-1].outcome if self.outcomes else None

    @property
    def is_open(self) -> bool:
        """No outcome recorded, or reopened since."""
        return self.outcome is None

    def shown_before_outcome(self) -> Snapshot:
        """The last estimate saved before the current outcome was recorded: the one the person saw then."""
        if not self.outcomes:
            return self.latest
        decided = self.outcomes[-1].recorded_at
        before = [snapshot for snapshot in self.snapshots if snapshot.saved_at <= decided]
        return before[-1] if before else self.snapshots[0]


@dataclass(frozen=True)
class NewInterview:
    """An interview to add in one go: its label and its history (an import, a simulated journal)."""

    label: str
    snapshots: tuple[Snapshot, ...]
    outcomes: tuple[OutcomeEvent, ...] = ()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction on ``connection``, taking the write lock at once: committed whole, or rolled back."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


class Journal:
    """The journal in one SQLite file (default :func:`~interview_signals.config.journal_database`).

    Each call opens its own connection and closes it, so a page, a CLI and a notebook can share the file,
    and :meth:`delete_all` never races a connection this object holds.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import date
    >>> journal = Journal(Path(tempfile.mkdtemp()) / "journal.sqlite3")
    >>> obs = Observation(interview_date=date(2026, 11, 2), as_of=date(2026, 11, 3), scheduled_minutes=45)
    >>> first = journal.add("Acme, analyst", obs, Shown("0.1.0", 0.4, 0.2, 0.6, 0.9))
    >>> journal.record_outcome(first, "offer")
    >>> [(i.label, i.outcome) for i in journal.interviews()]
    [('Acme, analyst', 'offer')]
    """

    def __init__(self, path: Path | None = None, timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = journal_database() if path is None else path
        self.timeout = timeout

    # --- connections and transactions ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; every write below says BEGIN IMMEDIATE itself.
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns
            connection.execute("PRAGMA foreign_keys = ON")
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise NewerSchema(
                f"{self.path} has schema version {version}; this version of interview-signals reads up to "
                f"{SCHEMA_VERSION}. Upgrade interview-signals (the file is left untouched)."
            )
        with _immediate(connection):
            # Read again under the write lock: another process may have upgraded it meanwhile.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[version:]:
                for statement in step:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is committed together, or nothing is."""
        with closing(self._connect()) as connection, _immediate(connection):
            yield connection

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction, so a list is one consistent picture even while another process writes."""
        with closing(self._connect()) as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("COMMIT")

    # --- writes ----------------------------------------------------------------------------------

    @staticmethod
    def _insert_snapshot(connection: sqlite3.Connection, interview_id: int, snapshot: Snapshot) -> None:
        shown = snapshot.shown
        connection.execute(
            "INSERT INTO snapshots (interview_id, saved_at, observation, model_version, probability,"
            " interval_low, interval_high, interval_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                interview_id,
                _iso(snapshot.saved_at),
                snapshot.observation_json,
                shown.model_version,
                shown.probability,
                shown.low,
                shown.high,
                shown.level,
            ),
        )

    @staticmethod
    def _exists(connection: sqlite3.Connection, interview_id: int) -> None:
        if connection.execute("SELECT 1 FROM interviews WHERE id = ?", (interview_id,)).fetchone() is None:
            raise UnknownInterview(interview_id)

    def add(self, label: str, obs: Observation, shown: Shown, saved_at: datetime | None = None) -> int:
        """Save a new interview with its first estimate; returns its id."""
        return self.add_many([NewInterview(label, (Snapshot.of(obs, shown, saved_at),))])[0]

    def add_many(self, interviews: Sequence[NewInterview]) -> list[int]:
        """Save several interviews with their histories in one transaction: all of them, or none."""
        ids = []
        with self._write() as connection:
            for interview in interviews:
                if not interview.snapshots:
                    raise ValueError(f"{interview.label!r}: an interview is saved with at least one estimate")
                cursor = connection.execute(
                    "INSERT INTO interviews (label, created_at) VALUES (?, ?)",
                    (interview.label, _iso(interview.snapshots[0].saved_at)),
                )
                interview_id = int(cursor.lastrowid or 0)
                for snapshot in interview.snapshots:
                    self._insert_snapshot(connection, interview_id, snapshot)
                connection.executemany(
                    "INSERT INTO outcomes (interview_id, outcome, recorded_at) VALUES (?, ?, ?)",
                    [(interview_id, event.outcome, _iso(event.recorded_at)) for event in interview.outcomes],
                )
                ids.append(interview_id)
        return ids

    def update(self, interview_id: int, obs: Observation, shown: Shown, saved_at: datetime | None = None) -> None:
        """Add what is known now to an interview's history; earlier saves stay as they were."""
        with self._write() as connection:
            self._exists(connection, interview_id)
            self._insert_snapshot(connection, interview_id, Snapshot.of(obs, shown, saved_at))

    def record_outcome(self, interview_id: int, outcome: str | None, recorded_at: datetime | None = None) -> None:
        """Record how it went (one of :data:`OUTCOMES`), or reopen it with ``None`` or ``"open"``."""
        checked = checked_outcome(outcome)
        with self._write() as connection:
            self._exists(connection, interview_id)
            connection.execute(
                "INSERT INTO outcomes (interview_id, outcome, recorded_at) VALUES (?, ?, ?)",
                (interview_id, checked, _iso(recorded_at or now())),
            )

    def delete_all(self) -> list[Path]:
        """Remove the journal for real: the database file, its write-ahead log and its shared-memory file.

        Returns the files that were removed.
        """
        removed = []
        for suffix in FILE_SUFFIXES:
            path = self.path.with_name(self.path.name + suffix)
            if path.exists():
                path.unlink()
                removed.append(path)
        return removed

    # --- reads -----------------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether a journal file is there (reading never creates one)."""
        return self.path.is_file()

    def interviews(self, ids: Sequence[int] | None = None) -> list[Interview]:
        """Every interview (or those of ``ids``) with its whole history, oldest interview first."""
        if not self.exists():
            return []
        where, arguments = "", tuple(ids or ())
        if ids is not None:
            where = f" WHERE interview_id IN ({', '.join('?' * len(arguments))})"
        with self._read() as connection:
            heads = connection.execute(
                "SELECT id, label, created_at FROM interviews" + where.replace("interview_id", "id") + " ORDER BY id",
                arguments,
            ).fetchall()
            snapshot_rows = connection.execute(
                "SELECT interview_id, saved_at, observation, model_version, probability, interval_low,"
                " interval_high, interval_level FROM snapshots" + where + " ORDER BY id",
                arguments,
            ).fetchall()
            outcome_rows = connection.execute(
                "SELECT interview_id, outcome, recorded_at FROM outcomes" + where + " ORDER BY id", arguments
            ).fetchall()
        snapshots: dict[int, list[Snapshot]] = {}
        for interview_id, saved_at, observation, version, probability, low, high, level in snapshot_rows:
            snapshots.setdefault(interview_id, []).append(
                Snapshot(_moment(saved_at), observation, Shown(version, probability, low, high, level))
            )
        events: dict[int, list[OutcomeEvent]] = {}
        for interview_id, outcome, recorded_at in outcome_rows:
            events.setdefault(interview_id, []).append(OutcomeEvent(outcome, _moment(recorded_at)))
        return [
            Interview(
                interview_id,
                label,
                _moment(created_at),
                tuple(snapshots.get(interview_id, ())),
                tuple(events.get(interview_id, ())),
            )
            for interview_id, label, created_at in heads
        ]

    def interview(self, interview_id: int) -> Interview:
        """One interview with its history; :class:`UnknownInterview` if there is none of that id."""
        found = self.interviews([interview_id])
        if not found:
            raise UnknownInterview(interview_id)
        return found[0]

    def version(self) -> tuple[int, int, int]:
        """Changes whenever anything is added: a cheap key for a page's caches."""
        if not self.exists():
            return (0, 0, 0)
        with self._read() as connection:
            row = connection.execute(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM interviews), (SELECT COALESCE(MAX(id), 0) FROM snapshots),"
                " (SELECT COALESCE(MAX(id), 0) FROM outcomes)"
            ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])
