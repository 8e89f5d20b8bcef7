"""The ``interview-signals journal …`` and ``interview-signals learn`` commands, on the same functions as the page."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from interview_signals.cli import UsageError, read_bytes, read_text, shown_source, writing
from interview_signals.config import today
from interview_signals.journal.store import OUTCOMES, Interview, Journal

Command = Callable[[argparse.Namespace, IO[str]], None]


@contextmanager
def _as_usage_errors() -> Iterator[None]:
    """The journal's own "bad input" errors become the CLI's: exit 2, one line on stderr."""
    from interview_signals.journal.learn import NothingToLearn
    from interview_signals.journal.records import InvalidImport
    from interview_signals.journal.store import InvalidOutcome, NewerSchema, UnknownInterview
    from interview_signals.observation import InvalidObservation

    try:
        yield
    except (InvalidObservation, InvalidOutcome, InvalidImport, UnknownInterview, NothingToLearn, NewerSchema) as exc:
        raise UsageError(str(exc)) from None


def _model() -> Any:
    from interview_signals.estimate.model import load

    return load()


def _print_json(document: object, out: IO[str]) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def _observation(document: dict[str, Any]) -> Any:
    """Validate one observation document; ``as_of`` left out means today (``$INTERVIEW_SIGNALS_TODAY`` if pinned)."""
    from interview_signals.observation import parse_observation_json

    document = {"as_of": today().isoformat()} | document
    return parse_observation_json(json.dumps(document))


def _document(source: str) -> dict[str, Any]:
    """One JSON object, parsed as strictly as ``estimate`` parses it (a key twice, NaN, nesting are refused)."""
    from interview_signals.observation import InvalidObservation, load_json_object

    try:
        return load_json_object(read_text(source))
    except InvalidObservation as exc:
        raise UsageError(f"{shown_source(source)}: {exc}") from None


def _shown_dict(interview: Interview) -> dict[str, Any]:
    from interview_signals.journal.pipeline import history

    return {
        "id": interview.id,
        "label": interview.label,
        "outcome": interview.outcome,
        "observation": interview.latest.observation.model_dump(mode="json"),
        "history": history(interview),
        "outcomes": [{"outcome": e.outcome or "open", "recorded_at": e.recorded_at} for e in interview.outcomes],
    }


def cmd_list(args: argparse.Namespace, out: IO[str]) -> None:
    """Open interviews with today's estimate and next step, the chance of at least one yes, then closed ones."""
    from interview_signals.journal.pipeline import pipeline
    from interview_signals.present.wording import percent, plausible_range

    interviews = Journal().interviews()
    state = pipeline(interviews, _model(), today())
    rows = [
        {
            "id": row.interview.id,
            "label": row.interview.label,
            "probability": row.today.probability,
            "low": row.today.low,
            "high": row.today.high,
            "next_step": None if row.next_step is None else row.next_step.to_dict(),
            "silent_business_days": row.silent_days,
            "suggest_no_response": row.suggest_no_response,
        }
        for row in state.rows
    ]
    chance = state.at_least_one
    closed = [{"id": i.id, "label": i.label, "outcome": i.outcome} for i in interviews if not i.is_open]
    if args.json:
        _print_json({"open": rows, "at_least_one": chance.__dict__, "closed": closed}, out)
        return
    if not interviews:
        out.write("The journal is empty: save an interview with `interview-signals journal add obs.json --label …`.\n")
        return
    for row in state.rows:
        step = "nothing due" if row.next_step is None else f"{row.next_step.action} ({row.next_step.status})"
        hint = "  · no news for a long time: record `no_response`?" if row.suggest_no_response else ""
        out.write(
            f"{row.interview.id:>4}  {row.interview.label:<36.36}  {percent(row.today.probability):>4} "
            f"({percent(row.today.low)}–{percent(row.today.high)})  {step}{hint}\n"
        )
    if state.rows:
        out.write(
            f"At least one offer or next round: {percent(chance.probability)} "
            f"({plausible_range(chance.low, chance.high, chance.level)}). {chance.assumption}\n"
        )
    for item in closed:
        out.write(f"{item['id']:>4}  {item['label']:<36.36}  closed: {item['outcome']}\n")


def cmd_show(args: argparse.Namespace, out: IO[str]) -> None:
    """One interview with its estimate history and outcomes, as JSON."""
    _print_json(_shown_dict(Journal().interview(args.id)), out)


def cmd_add(args: argparse.Namespace, out: IO[str]) -> None:
    """Save a new interview with the estimate of its observation."""
    from interview_signals.estimate.answer import estimate
    from interview_signals.journal.store import Shown

    if not args.label.strip():
        raise UsageError("--label: is empty; name the interview, e.g. 'Acme, data analyst, round 2'")
    obs = _observation(_document(args.file))
    journal = Journal()
    interview_id = journal.add(args.label.strip(), obs, Shown.of(estimate(_model(), obs)))
    _print_json(_shown_dict(journal.interview(interview_id)), out)


def cmd_update(args: argparse.Namespace, out: IO[str]) -> None:
    """Add what changed to an interview: a new save; the earlier ones stay."""
    from interview_signals.estimate.answer import estimate
    from interview_signals.journal.store import Shown

    journal = Journal()
    previous = journal.interview(args.id).latest.observation.model_dump(mode="json")
    changes = _document(args.file)
    # What changed replaces what was known; the day moves on to today unless the changes say otherwise.
    obs = _observation(previous | {"as_of": today().isoformat()} | changes)
    journal.update(args.id, obs, Shown.of(estimate(_model(), obs)))
    _print_json(_shown_dict(journal.interview(args.id)), out)


def cmd_outcome(args: argparse.Namespace, out: IO[str]) -> None:
    """Record how an interview went, or reopen it."""
    journal = Journal()
    journal.record_outcome(args.id, args.outcome)
    _print_json(_shown_dict(journal.interview(args.id)), out)


def cmd_export(args: argparse.Namespace, out: IO[str]) -> None:
    """Everything as CSV: UTF-8 with a byte-order mark, formula-like cells neutralised."""
    from interview_signals.journal.records import export_csv

    data = export_csv(Journal().interviews())
    with writing("--out", args.out, out) as handle:  # a folder, a missing folder, '-': as for every --out
        handle.write(data.decode("utf-8"))  # the byte-order mark stays, as U+FEFF


def cmd_import(args: argparse.Namespace, out: IO[str]) -> None:
    """Add every interview of a CSV in one transaction, or none of them."""
    from interview_signals.journal.records import read_csv

    interviews = read_csv(read_bytes(args.file), _model())
    try:
        ids = Journal().add_many(interviews)
    except ValueError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    _print_json({"imported": len(ids), "ids": ids}, out)


def cmd_delete_all(args: argparse.Namespace, out: IO[str]) -> None:
    """Delete the journal and every learned model, once confirmed with --yes."""
    from interview_signals.journal.learn import delete_everything

    if not args.yes:
        raise UsageError("delete-all removes every saved interview and learned model for good; add --yes to confirm")
    removed = delete_everything(Journal())
    _print_json({"removed": [str(path) for path in removed]}, out)


def cmd_learn(args: argparse.Namespace, out: IO[str]) -> None:
    """Refit on the prior plus the journal's outcomes and switch to it (or switch back)."""
    from interview_signals.journal import learn

    if args.switch_back:
        if not learn.switch_back():
            raise UsageError("--switch-back: no earlier model to switch back to")
        _print_json({"model": _model().version}, out)
        return
    if args.folds < 2:
        raise UsageError(f"--folds: {args.folds} must be 2 or more")
    from tqdm import tqdm

    with tqdm(total=100, desc="learning", unit="%", file=sys.stderr, disable=None, leave=False) as bar:

        def progress(share: float, text: str) -> None:
            bar.set_postfix_str(text)
            bar.update(round(100 * share) - bar.n)

        learned = learn.learn(Journal(), progress=progress, folds=args.folds, switch=not args.no_switch)
    scores = learned.out_of_sample
    _print_json(
        {
            "model": learned.model.version,
            "path": str(learned.path),
            "switched": not args.no_switch,
            "outcomes": learned.outcomes,
            "too_little_data": learned.too_little,
            "out_of_sample": None if scores is None else scores.__dict__,
            "summary": learn.summary_lines(learned),
        },
        out,
    )


def _guarded(command: Command) -> Command:
    def run(args: argparse.Namespace, out: IO[str]) -> None:
        with _as_usage_errors():
            command(args, out)

    return run


def add_commands(commands: Any) -> None:
    """Register ``journal`` (with its subcommands) and ``learn`` on the main parser's subcommands."""
    journal = commands.add_parser("journal", help="your saved interviews: list, show, add, update, outcome, …")
    sub = journal.add_subparsers(
        dest="journal_command", required=True, parser_class=type(journal), metavar="SUBCOMMAND", help="what to do"
    )

    listing = sub.add_parser("list", help="open interviews with today's estimate and next step, then closed ones")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=_guarded(cmd_list))

    show = sub.add_parser("show", help="one interview with its estimate history and outcomes (JSON)")
    show.add_argument("id", type=int, help="the interview's number, as `journal list` shows it")
    show.set_defaults(run=_guarded(cmd_show))

    add = sub.add_parser("add", help="save an interview from its observation (JSON, as for `estimate`)")
    add.add_argument("file", nargs="?", default="-", help="a JSON file, or - for standard input (default: -)")
    add.add_argument("--label", required=True, help="a name for the interview, e.g. 'Acme, data analyst, round 2'")
    add.set_defaults(run=_guarded(cmd_add))

    update = sub.add_parser("update", help="add what changed (JSON of the changed fields) to an interview")
    update.add_argument("id", type=int, help="the interview's number, as `journal list` shows it")
    update.add_argument("file", nargs="?", default="-", help="a JSON file, or - for standard input (default: -)")
    update.set_defaults(run=_guarded(cmd_update))

    outcome = sub.add_parser("outcome", help="record how it went, or reopen it")
    outcome.add_argument("id", type=int, help="the interview's number, as `journal list` shows it")
    outcome.add_argument("outcome", choices=(*OUTCOMES, "open"), help="how it went, or open to reopen it")
    outcome.set_defaults(run=_guarded(cmd_outcome))

    export = sub.add_parser("export", help="everything as CSV (UTF-8 with a byte-order mark)")
    export.add_argument("--out", default="-", help="a CSV path, or - for standard output (default: -)")
    export.set_defaults(run=_guarded(cmd_export))

    imported = sub.add_parser("import", help="add the interviews of a CSV: all of them, or none")
    imported.add_argument("file", help="a CSV file, or - for standard input")
    imported.set_defaults(run=_guarded(cmd_import))

    delete = sub.add_parser("delete-all", help="delete the journal and every learned model, for good")
    delete.add_argument("--yes", action="store_true", help="confirm")
    delete.set_defaults(run=_guarded(cmd_delete_all))

    learn = commands.add_parser("learn", help="refit on the prior plus your recorded outcomes and switch to it")
    learn.add_argument("--folds", type=int, default=5, help="folds of the out-of-sample check (default 5)")
    learn.add_argument("--no-switch", action="store_true", help="write the new model but keep the current one")
    learn.add_argument("--switch-back", action="store_true", help="go back to the model in use before")
    learn.set_defaults(run=_guarded(cmd_learn))
