"""The ``interview-signals`` command: estimate, train, simulate, score, check-draft, draft, journal and learn."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

from interview_signals.config import PRIOR_ROWS, PRIOR_SEED, active_model, user_model
from interview_signals.observation import NOTE_KINDS

HELD_OUT_INTERVIEWS = 20_000
HELD_OUT_SEED = 7_2026


class UsageError(Exception):
    """Bad input from the user: exit 2 with one line on stderr."""


class EnvironmentProblem(Exception):
    """The machine, not the input, is in the way (a damaged model, a full disk): exit 1 with one line."""


STDIO = "-"  # as a file argument: standard input; as --out: standard output


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise UsageError(message)


def _opened(source: str) -> IO[bytes]:
    """FILE opened for reading (the caller closes it), or standard input for ``-``.

    Opened here, so a missing file or a folder is a usage error, and any later OSError is the output's.
    """
    if source == STDIO:
        return sys.stdin.buffer
    path = Path(source)
    if path.is_dir():
        raise UsageError(f"{source}: is a folder; give a file")
    try:
        return path.open("rb")
    except OSError as exc:
        raise UsageError(f"{source}: {exc.strerror or 'cannot be read'}") from None


def read_bytes(source: str) -> bytes:
    """The bytes of FILE, or of standard input for ``-``; a missing file or a folder is a usage error."""
    handle = _opened(source)
    try:
        return handle.read()
    finally:
        if source != STDIO:  # standard input stays open: it is not ours to close
            handle.close()


def read_text(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; refuse what is not UTF-8 (a byte-order mark is dropped)."""
    try:
        return read_bytes(source).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UsageError(f"{shown_source(source)}: the input is not UTF-8 text; save it as UTF-8") from None


def shown_source(source: str) -> str:
    """How messages name an input: its path, or "standard input" for ``-``."""
    return "standard input" if source == STDIO else source


def _target(option: str, target: str) -> Path:
    """A file path the user gave to write to: not a folder, and in a folder that exists."""
    path = Path(target)
    if path.is_dir():
        raise UsageError(f"{option} {target}: is a folder; give a file name inside it")
    if not path.parent.is_dir():
        raise UsageError(f"{option} {target}: the folder {path.parent} does not exist; create it first")
    return path


@contextmanager
def writing(option: str, target: str, out: IO[str]) -> Iterator[IO[str]]:
    """A handle whose text lands at ``target`` (``-``: ``out``) only if the block ends without an error.

    Nothing is half-written: the text goes to a hidden file beside the target, renamed over it at the
    end (or to an anonymous temporary file, copied to standard output at the end), and is removed on
    any error.
    """
    if target == STDIO:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
            yield spool
            spool.seek(0)
            shutil.copyfileobj(spool, out)
        return
    path = _target(option, target)
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise EnvironmentProblem(f"{target}: can't be written ({exc.strerror})") from None
    written = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        written.chmod(0o666 & ~umask)  # the permissions a plain open() would have given, not mkstemp's 0600
        written.replace(path)
    except OSError as exc:
        raise EnvironmentProblem(f"{target}: can't be written ({exc.strerror})") from None
    finally:
        written.unlink(missing_ok=True)


def _print_json(document: object, out: IO[str]) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def cmd_estimate(args: argparse.Namespace, out: IO[str]) -> None:
    """One observation (JSON) -> its estimate (JSON)."""
    from interview_signals.estimate.answer import estimate
    from interview_signals.estimate.model import load
    from interview_signals.observation import InvalidObservation, parse_observation_json

    text = read_text(args.file)
    try:
        obs = parse_observation_json(text)
    except InvalidObservation as exc:
        raise UsageError(str(exc)) from None
    _print_json(estimate(load(args.model), obs).to_dict(), out)


def _labelled(source: str, extra: tuple[str, ...]) -> tuple[Any, Any, bytes]:
    """Validated design matrix and outcomes of a labelled CSV, and the bytes it was read from."""
    import numpy as np

    from interview_signals.estimate.batch import frame_features
    from interview_signals.estimate.csv_rows import InvalidCsv, outcomes, read_csv_chunks, validate_rows

    data = read_bytes(source)
    xs, ys = [], []
    try:
        for first_line, chunk in read_csv_chunks(io.BytesIO(data)):
            validate_rows(chunk, first_line, extra=extra)
            ys.append(outcomes(chunk, first_line))
            if len(chunk):
                xs.append(frame_features(chunk))
    except InvalidCsv as exc:
        raise UsageError(f"{shown_source(source)}: {exc}") from None
    if not xs:
        raise UsageError(f"{shown_source(source)}: the file has no rows; give one row per interview under the header")
    return np.vstack(xs), np.concatenate(ys), data


def cmd_train(args: argparse.Namespace, out: IO[str]) -> None:
    """Refit the model on the prior plus optional real outcomes, and save it with its description."""
    from interview_signals.estimate.batch import frame_features
    from interview_signals.estimate.csv_rows import OUTCOME
    from interview_signals.estimate.model import fit, save, sidecar_of
    from interview_signals.evaluation.metrics import calibration_report
    from interview_signals.prior.simulate import TRUE_PROBABILITY, documented_training_set, simulate

    if args.out is None:
        target = user_model()  # created with its folders on first use
    elif args.out == STDIO:
        raise UsageError("--out -: a model is a file with its description beside it; give a file path")
    else:
        target = _target("--out", args.out)
        if sidecar_of(target) == target:
            raise UsageError(
                f"--out {args.out}: the model's description is written beside it under that name; "
                "give a name that ends in .joblib"
            )
    real_x = real_y = None
    real_bytes = b""
    if args.real is not None:  # the user's own file first: its mistakes are the likely ones, and found at once
        real_x, real_y, real_bytes = _labelled(args.real, (OUTCOME,))
    if args.prior is None:  # the documented prior, simulated in memory: no checkout needed
        prior_x, prior_y, prior_bytes = documented_training_set()
    else:
        prior_x, prior_y, prior_bytes = _labelled(args.prior, (OUTCOME, TRUE_PROBABILITY))
    digest = hashlib.sha256(prior_bytes)
    digest.update(real_bytes)
    try:
        model = fit(prior_x, prior_y, real_x, real_y, prior_weight=args.prior_weight)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    held_out = simulate(HELD_OUT_INTERVIEWS, seed=HELD_OUT_SEED)
    predicted = model.probability(frame_features(held_out))
    model.metrics.update(
        calibration_report(held_out[OUTCOME].to_numpy(float), predicted, held_out[TRUE_PROBABILITY].to_numpy(float))
    )
    try:
        description = save(model, digest.hexdigest(), target)
    except OSError as exc:
        raise EnvironmentProblem(f"{target}: can't be written ({exc.strerror})") from None
    _print_json(description, out)


def cmd_simulate(args: argparse.Namespace, out: IO[str]) -> None:
    """Draw interviews from the documented prior, as CSV."""
    from interview_signals.prior.simulate import simulate, write_csv

    with writing("--out", args.out, out) as handle:
        write_csv(simulate(args.rows, seed=args.seed), handle)


def cmd_score(args: argparse.Namespace, out: IO[str]) -> None:
    """Score a CSV of observations chunk by chunk; the output appears only once every row is scored."""
    import numpy as np

    from interview_signals.estimate.batch import columns_from_frame
    from interview_signals.estimate.csv_rows import InvalidCsv, read_csv_chunks, validate_rows
    from interview_signals.estimate.features import feature_matrix
    from interview_signals.estimate.model import load, logistic

    model = load(args.model)
    try:
        # The output appears only when every row is scored: nothing half-written.
        with _opened(args.file) as source, writing("--out", args.out, out) as handle:
            for index, (first_line, chunk) in enumerate(read_csv_chunks(source)):
                validate_rows(chunk, first_line)
                if len(chunk):  # a header-only file gets a header-only answer
                    x = feature_matrix(columns_from_frame(chunk))
                    log_odds, spread = model.log_odds(x), model.spread(np.hstack([np.ones((len(x), 1)), x]))
                    chunk["probability"] = logistic(log_odds)
                    chunk["interval_low"] = logistic(log_odds - spread)
                    chunk["interval_high"] = logistic(log_odds + spread)
                else:
                    chunk = chunk.reindex(columns=[*chunk.columns, *SCORE_COLUMNS])
                chunk.to_csv(handle, index=False, header=index == 0, float_format="%.6f", lineterminator="\n")
    except InvalidCsv as exc:
        raise UsageError(f"{shown_source(args.file)}: {exc}") from None


SCORE_COLUMNS = ("probability", "interval_low", "interval_high")


def cmd_check_draft(args: argparse.Namespace, out: IO[str]) -> None:
    """Check a follow-up draft (text) and print its findings and checklist (JSON)."""
    from interview_signals.coach.check import InvalidDraft, check_draft, decode_draft

    try:  # the checker's own decoding, so a file and the page read the same text
        report = check_draft(decode_draft(read_bytes(args.file)), interviewers=args.interviewer)
    except InvalidDraft as exc:
        raise UsageError(str(exc)) from None
    _print_json(report.to_dict(), out)


def cmd_draft(args: argparse.Namespace, out: IO[str]) -> None:
    """Write a draft note from an observation (JSON, with optional ``details``)."""
    from pydantic import ValidationError

    from interview_signals.coach.write import DraftDetails, write_draft
    from interview_signals.observation import (
        InvalidObservation,
        errors_from,
        json_type,
        load_json_object,
        parse_observation_json,
    )

    text = read_text(args.file)
    try:
        document = load_json_object(text)
        details_fields = document.pop("details", None) or {}
        if not isinstance(details_fields, dict):
            raise UsageError(f"details: must be a JSON object of the draft's details, not {json_type(details_fields)}")
        obs = parse_observation_json(json.dumps(document))
        details = DraftDetails.model_validate(details_fields)
    except InvalidObservation as exc:
        raise UsageError(str(exc)) from None
    except ValidationError as exc:
        field, message = next(iter(errors_from(exc, tuple(DraftDetails.model_fields)).errors.items()))
        raise UsageError(f"details.{field}: {message}" if field else f"details: {message}") from None
    out.write(write_draft(obs, details, args.kind) + "\n")


def _count(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, refused in one line otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            span = f"{low:,} or more" if high is None else f"from {low:,} to {high:,}"
            raise argparse.ArgumentTypeError(f"{value:,} must be {span}")
        return value

    return parse


def _weight(text: str) -> float:
    """An argparse type: a finite number, 0 or more (``nan`` and ``inf`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number, 0 or more")
    return value


# What each JSON field of `estimate` and `draft` means; the types and defaults are read from the models.
FIELD_MEANINGS = {
    "interview_date": "the day of the interview",
    "as_of": "the day the estimate is for",
    "stage": "what kind of interview it was",
    "scheduled_minutes": "how long it was scheduled for",
    "actual_minutes": "how long it really ran",
    "role_selling": "did the interviewer talk up the job",
    "decision_expected_by": "the decision date you were told",
    "thank_you_sent_on": "the day you sent the thank-you note",
    "follow_up_sent_on": "the day you sent a follow-up after the thank-you",
    "follow_up_reply": "the reply to that follow-up; none: sent, no reply yet",
    "country": "ISO 3166 alpha-2 code, for public holidays in business-day counts",
}
DETAIL_MEANINGS = {
    "interviewers": 'the people you met, e.g. ["Dana Okafor"]; the note greets them by name',
    "role": "the job's title, e.g. Data Analyst",
    "company": "the company's name",
    "detail": "one thing you talked about, e.g. the churn dashboard the team rebuilt",
    "skill": "a skill of yours that fits the role, e.g. SQL",
    "company_value": "a value of theirs it fits, e.g. clear reporting",
    "your_name": "your name, for the sign-off (else a placeholder to fill in)",
}
# Most limits come from the models' field constraints; the draft details' from coach/write.py LIMITS.


def _type_of(annotation: object, metadata: Sequence[object]) -> str:
    """A field's type in the words of its JSON: "date (YYYY-MM-DD)", "whole number 5-480", "a | b"."""
    import datetime
    import types
    import typing

    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _type_of(args[0], metadata) + " or null"
    if typing.get_origin(annotation) is typing.Literal:
        return " | ".join(str(arg) for arg in args)
    if typing.get_origin(annotation) is tuple:
        return "list of text"
    if annotation is datetime.date:
        return "date (YYYY-MM-DD)"
    if annotation is int:
        bounds = {name: getattr(item, name) for item in metadata for name in ("ge", "le") if hasattr(item, name)}
        return f"whole number {bounds['ge']}-{bounds['le']}" if len(bounds) == 2 else "whole number"
    return "text"


def _fields_help(model: type[Any], meanings: dict[str, str], limits: dict[str, tuple[int, int]] | None = None) -> str:
    """One line per field of a pydantic model: name, JSON type, default, meaning."""
    lines = []
    for name, field in model.model_fields.items():
        if field.is_required():
            default = "required"
        elif field.default_factory is not None:
            default = "default today"
        elif field.default in (None, ()):
            default = "optional"
        else:
            default = f"default {field.default}"
        limit = ""
        if limits is not None:
            chars, words = limits.get(name, limits["name"])
            limit = f", at most {chars} characters and {words} words" + (" each" if name == "interviewers" else "")
        lines.append(f"  {name:22} {_type_of(field.annotation, field.metadata)}, {default}{limit}: {meanings[name]}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command line, one subcommand per task; every option says what it does and its default."""
    from interview_signals.coach.write import LIMITS, MAX_INTERVIEWERS, DraftDetails
    from interview_signals.observation import Observation

    parser = _Parser(prog="interview-signals", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    raw = argparse.RawDescriptionHelpFormatter
    model_help = "a model artifact (default: your own model if you trained one, else the bundled one)"

    estimate = commands.add_parser(
        "estimate",
        help="estimate one interview from its observations (JSON)",
        formatter_class=raw,
        epilog="The JSON object's fields (unknown: null or absent; any other field is refused):\n"
        + _fields_help(Observation, FIELD_MEANINGS)
        + "\n\nPrints the likelihood, its range, the reasons, what could change and the next steps as JSON.",
    )
    estimate.add_argument("file", nargs="?", default=STDIO, help="a JSON file, or - for standard input (default: -)")
    estimate.add_argument("--model", type=Path, help=model_help)
    estimate.set_defaults(run=cmd_estimate)

    train = commands.add_parser("train", help="refit the model from the prior plus optional real outcomes")
    train.add_argument(
        "--prior",
        help="a simulated prior, a CSV, or - for standard input (default: the documented prior, simulated in memory)",
    )
    train.add_argument(
        "--real",
        help="labelled observations: a CSV with the estimate fields as columns plus 'outcome', 1 (offer or next "
        "round) or 0, or - for standard input (default: none, the prior alone)",
    )
    train.add_argument(
        "--prior-weight",
        type=_weight,
        default=None,
        help="how many interviews the whole prior counts as (default: 100)",
    )
    train.add_argument(
        "--out",
        help="where to write the model; its JSON description goes beside it (default: your data directory, "
        "used from then on by estimate, score and the page)",
    )
    train.set_defaults(run=cmd_train)

    simulate = commands.add_parser("simulate", help="draw interviews from the documented prior (CSV)")
    simulate.add_argument(
        "--rows",
        type=_count(1, MAX_SIMULATED_ROWS),
        default=PRIOR_ROWS,
        help="how many interviews (default: %(default)s)",
    )
    simulate.add_argument(
        "--seed",
        type=_count(0),
        default=PRIOR_SEED,
        help="the random seed, 0 or more; the same seed gives the same rows (default: %(default)s)",
    )
    simulate.add_argument("--out", default=STDIO, help="a CSV path, or - for standard output (default: -)")
    simulate.set_defaults(run=cmd_simulate)

    score = commands.add_parser("score", help="score a CSV of observations in chunks")
    score.add_argument(
        "file", help="input CSV, one observation per row, the estimate fields as columns; - for standard input"
    )
    score.add_argument(
        "--out",
        required=True,
        help="output CSV (the input plus probability, interval_low, interval_high), or - for standard output; "
        "required, written only once every row is scored",
    )
    score.add_argument("--model", type=Path, help=model_help)
    score.set_defaults(run=cmd_score)

    check = commands.add_parser("check-draft", help="check a follow-up draft for the article's mistakes")
    check.add_argument("file", nargs="?", default=STDIO, help="a UTF-8 text file, or - for standard input (default: -)")
    check.add_argument(
        "--interviewer",
        action="append",
        default=[],
        help="an interviewer's name, to check the note greets them; repeat it for each (default: none)",
    )
    check.set_defaults(run=cmd_check_draft)

    draft = commands.add_parser(
        "draft",
        help="write a draft note from an observation (JSON, optional 'details')",
        formatter_class=raw,
        epilog='The input is estimate\'s JSON object; an optional "details" object personalises the note '
        f"(every detail is optional; at most {MAX_INTERVIEWERS} interviewers):\n"
        + _fields_help(DraftDetails, DETAIL_MEANINGS, LIMITS)
        + "\n\nA detail the checker would flag on its own (an apology, a title for a name) is refused. "
        "The note printed passes check-draft.",
    )
    draft.add_argument("file", nargs="?", default=STDIO, help="a JSON file, or - for standard input (default: -)")
    draft.add_argument(
        "--kind",
        choices=NOTE_KINDS,
        default=NOTE_KINDS[0],
        help="thank_you: the note within 24 hours; second_follow_up: one polite follow-up 7-10 business days on "
        "(default: %(default)s)",
    )
    draft.set_defaults(run=cmd_draft)

    from interview_signals.cli_journal import add_commands  # `journal …` and `learn` live in their own module

    add_commands(commands)
    return parser


MAX_SIMULATED_ROWS = 5_000_000  # a few hundred MB in memory; more is a typo, not a prior


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command; bad input exits 2 and a problem of the machine exits 1, each with one line on stderr."""
    out = out or sys.stdout
    try:
        args = build_parser().parse_args(argv)
        if args.command == "train" and args.prior_weight is None:
            from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT

            args.prior_weight = DEFAULT_PRIOR_WEIGHT
        if getattr(args, "model", "absent") is None:
            args.model = active_model()
        run: Callable[[argparse.Namespace, IO[str]], None] = args.run
        run(args, out)
        out.flush()
    except UsageError as exc:
        return _fail(2, str(exc))
    except EnvironmentProblem as exc:
        return _fail(1, str(exc))
    except BrokenPipeError:  # `interview-signals ... | head`: the reader left; say so once, no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _fail(1, "standard output was closed before everything was written")
    except MemoryError:
        return _fail(1, "not enough memory for this input; split it into smaller files")
    except Exception as exc:
        from interview_signals.estimate.model import ModelUnavailable

        if not isinstance(exc, ModelUnavailable):
            raise
        return _fail(1, str(exc))
    return 0


def _fail(code: int, message: str) -> int:
    print(f"interview-signals: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
