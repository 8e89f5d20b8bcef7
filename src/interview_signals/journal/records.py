"""The journal as CSV: an export spreadsheets open safely, and an import that is all or nothing.

One row per event, oldest first: ``event`` is ``estimate`` (a save: the observation's columns and the estimate
shown) or ``outcome`` (an outcome recorded; an empty ``outcome`` reopened the interview). An imported file
needs only ``label`` and the observation's columns; ``interview`` groups rows into one interview (by default
the label does), ``outcome`` on an estimate row records it after that save, and rows without the estimate's
columns are scored by the model in use, which is then the version recorded for them.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from interview_signals.estimate.model import Model
from interview_signals.journal.pipeline import estimates
from interview_signals.journal.store import (
    Interview,
    InvalidOutcome,
    NewInterview,
    OutcomeEvent,
    Shown,
    Snapshot,
    checked_outcome,
    now,
)
from interview_signals.observation import FIELDS, Observation, errors_from

ESTIMATE, OUTCOME_EVENT = "estimate", "outcome"
SHOWN_COLUMNS = ("model_version", "probability", "interval_low", "interval_high", "interval_level")
COLUMNS = ("interview", "label", "event", "at", "outcome", *SHOWN_COLUMNS, *FIELDS)
# A spreadsheet runs a cell that starts with one of these as a formula; an export prefixes it with "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: spreadsheets then read the accents right


class InvalidImport(ValueError):
    """A CSV that cannot be imported, with the line of the first problem; nothing was written."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {problem}")


def neutralised(cell: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    Examples
    --------
    >>> neutralised("=1+2"), neutralised("Acme, round 2"), neutralised("@SUM(A1)")
    ("'=1+2", 'Acme, round 2', "'@SUM(A1)")
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restored(cell: str) -> str:
    """The inverse of :func:`neutralised`, so an exported label comes back unchanged on import."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _number(value: float) -> str:
    return repr(float(value))


def _events(interview: Interview) -> list[tuple[datetime, int, dict[str, str]]]:
    rows: list[tuple[datetime, int, dict[str, str]]] = []
    for snapshot in interview.snapshots:
        shown = snapshot.shown
        observed = snapshot.observation.model_dump(mode="json")
        cells = {name: "" if observed[name] is None else str(observed[name]) for name in FIELDS}
        numbers = (shown.probability, shown.low, shown.high, shown.level)
        cells |= {"model_version": shown.model_version} | dict(
            zip(SHOWN_COLUMNS[1:], map(_number, numbers), strict=True)
        )
        rows.append((snapshot.saved_at, 0, {"event": ESTIMATE, "at": snapshot.saved_at.isoformat()} | cells))
    for event in interview.outcomes:
        cells = {"event": OUTCOME_EVENT, "at": event.recorded_at.isoformat(), "outcome": event.outcome or ""}
        rows.append((event.recorded_at, 1, cells))
    return sorted(rows, key=lambda row: row[:2])  # stable: a save and an outcome in the same second keep order


def export_csv(interviews: Iterable[Interview]) -> bytes:
    """Every interview's whole history as CSV bytes: UTF-8 with a BOM, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for interview in interviews:
        for _, _, cells in _events(interview):
            row = {"interview": str(interview.id), "label": interview.label} | cells
            writer.writerow({name: neutralised(row.get(name, "")) for name in COLUMNS})
    return buffer.getvalue().encode(ENCODING)


@dataclass
class _Pending:
    label: str
    snapshots: list[tuple[Observation, Shown | None, datetime]] = field(default_factory=list)
    outcomes: list[OutcomeEvent] = field(default_factory=list)


def _moment(text: str, line: int, fallback: datetime) -> datetime:
    if not text:
        return fallback
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        problem = f"at: {text!r} is not a date and time; use ISO 8601 such as 2026-11-20T09:30:00"
        raise InvalidImport(line, problem) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=fallback.tzinfo)


def _shown(row: Mapping[str, str], line: int) -> Shown | None:
    given = [name for name in SHOWN_COLUMNS[1:4] if row.get(name, "")]
    if not given:
        return None
    missing = [name for name in SHOWN_COLUMNS[1:4] if name not in given]
    if missing:
        raise InvalidImport(line, f"{missing[0]}: is empty; give probability, interval_low and interval_high, or none")
    try:
        p, low, high = (float(row[name]) for name in SHOWN_COLUMNS[1:4])
        level = float(row.get("interval_level") or 0.9)
    except ValueError as exc:
        raise InvalidImport(line, f"the estimate's columns must be numbers ({exc})") from None
    if not all(math.isfinite(v) for v in (p, low, high, level)) or not 0 <= low <= p <= high <= 1:
        raise InvalidImport(line, "probability: needs 0 <= interval_low <= probability <= interval_high <= 1")
    return Shown(restored(row.get("model_version") or "imported"), p, low, high, level)


def _observation(row: Mapping[str, str], line: int) -> Observation:
    values = {name: row[name] for name in FIELDS if row.get(name, "")}
    try:
        return Observation.model_validate(values, strict=False)  # CSV cells are text: lax parsing, same rules
    except ValidationError as exc:
        raise InvalidImport(line, str(errors_from(exc))) from None


def read_csv(data: bytes, model: Model, imported_at: datetime | None = None) -> list[NewInterview]:
    """Validate a whole CSV into interviews to add; :class:`InvalidImport` names the line of the first problem.

    Nothing is written here: the caller adds the result in one transaction (``Journal.add_many``).
    """
    moment = imported_at or now()
    try:
        text = data.decode(ENCODING)
    except UnicodeDecodeError:
        raise InvalidImport(1, "the file is not UTF-8 text; save it as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        name = unknown[0] if len(unknown[0]) <= 40 else unknown[0][:39] + "…"  # a header can be any junk
        raise InvalidImport(1, f"unknown column {name!r}; the columns are: {', '.join(COLUMNS)}")
    if "label" not in header:
        raise InvalidImport(1, "no 'label' column: name each interview, e.g. 'Acme, data analyst, round 2'")
    pending: dict[str, _Pending] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise InvalidImport(line, f"the row has more cells than the header's {len(header)} columns")
            cells = {name: (value or "").strip() for name, value in row.items()}
            label = restored(cells["label"])
            if not label:
                raise InvalidImport(line, "label: is empty; name the interview, e.g. 'Acme, data analyst, round 2'")
            entry = pending.setdefault(cells.get("interview") or label, _Pending(label))
            at = _moment(cells.get("at", ""), line, moment)
            event = cells.get("event") or ESTIMATE
            outcome = checked_outcome(cells.get("outcome", ""))
            if event == OUTCOME_EVENT:
                if not entry.snapshots:
                    raise InvalidImport(line, "an outcome row must follow an estimate row of the same interview")
                entry.outcomes.append(OutcomeEvent(outcome, at))
            elif event == ESTIMATE:
                entry.snapshots.append((_observation(cells, line), _shown(cells, line), at))
                if outcome is not None:
                    entry.outcomes.append(OutcomeEvent(outcome, at))
            else:
                raise InvalidImport(line, f"event: {event!r} must be {ESTIMATE!r} or {OUTCOME_EVENT!r}")
    except InvalidOutcome as exc:
        raise InvalidImport(reader.line_num, str(exc)) from None
    except csv.Error as exc:
        raise InvalidImport(reader.line_num, f"the file is not valid CSV ({exc})") from None
    if not pending:
        raise InvalidImport(2, "the file has no rows")
    return _scored(list(pending.values()), model)


def _scored(pending: list[_Pending], model: Model) -> list[NewInterview]:
    """Fill in the estimate of every row that came without one, all at once, with ``model``."""
    unscored = [obs for entry in pending for obs, shown, _ in entry.snapshots if shown is None]
    fresh = iter(estimates(model, unscored))
    return [
        NewInterview(
            entry.label,
            tuple(Snapshot.of(obs, shown or next(fresh), at) for obs, shown, at in entry.snapshots),
            tuple(entry.outcomes),
        )
        for entry in pending
    ]
