"""The ``interview-signals`` command: estimate, train, simulate, score, check-draft, draft, journal and learn."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from interview_signals.config import PRIOR_ROWS, PRIOR_SEED, active_model, user_model
from interview_signals.observation import NOTE_KINDS

MODEL_HELP = "a model artifact (default: your own model if you trained one, else the bundled one)"
HELD_OUT_INTERVIEWS = 20_000
HELD_OUT_SEED = 7_2026


class UsageError(Exception):
    """Bad input from the user: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise UsageError(message)


def _read_text(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; refuse what is not UTF-8."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{source}: the input is not UTF-8 text") from None


def _print_json(document: object, out: IO[str]) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def cmd_estimate(args: argparse.Namespace, out: IO[str]) -> None:
    """One observation (JSON) -> its estimate (JSON)."""
    from interview_signals.estimate.answer import estimate
    from interview_signals.estimate.model import load
    from interview_signals.observation import InvalidObservation, parse_observation_json

    try:
        obs = parse_observation_json(_read_text(args.file))
    except InvalidObservation as exc:
        raise UsageError(str(exc)) from None
    _print_json(estimate(load(args.model), obs).to_dict(), out)


def _labelled(path: Path, extra: tuple[str, ...]) -> tuple[Any, Any, bytes]:
    """Validated design matrix and outcomes of a labelled CSV, and the bytes it was read from."""
    import numpy as np

    from interview_signals.estimate.batch import frame_features
    from interview_signals.estimate.csv_rows import InvalidRow, outcomes, read_csv_chunks, validate_rows

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    xs, ys = [], []
    try:
        for first_line, chunk in read_csv_chunks(path):
            validate_rows(chunk, first_line, extra=extra)
            ys.append(outcomes(chunk, first_line))
            xs.append(frame_features(chunk))
    except InvalidRow as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not ys:
        raise UsageError(f"{path}: the file has no rows")
    return np.vstack(xs), np.concatenate(ys), data


def cmd_train(args: argparse.Namespace, out: IO[str]) -> None:
    """Refit the model on the prior plus optional real outcomes, and save it with its description."""
    from interview_signals.estimate.batch import frame_features
    from interview_signals.estimate.csv_rows import OUTCOME
    from interview_signals.estimate.model import fit, save
    from interview_signals.evaluation.metrics import calibration_report
    from interview_signals.prior.simulate import TRUE_PROBABILITY, documented_prior, simulate, write_csv

    if args.prior_weight < 0:
        raise UsageError(f"--prior-weight: {args.prior_weight} must be 0 or more")
    if args.prior is None:  # the documented prior, simulated in memory: no checkout needed
        prior = documented_prior()
        text = io.StringIO()
        write_csv(prior, text)
        prior_x, prior_y, prior_bytes = frame_features(prior), prior[OUTCOME].to_numpy(float), text.getvalue().encode()
    else:
        prior_x, prior_y, prior_bytes = _labelled(args.prior, (OUTCOME, TRUE_PROBABILITY))
    real_x = real_y = None
    digest = hashlib.sha256(prior_bytes)
    if args.real is not None:
        real_x, real_y, real_bytes = _labelled(args.real, (OUTCOME,))
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
    _print_json(save(model, digest.hexdigest(), args.out), out)


def cmd_simulate(args: argparse.Namespace, out: IO[str]) -> None:
    """Draw interviews from the documented prior, as CSV."""
    from interview_signals.prior.simulate import simulate, write_csv

    if args.rows < 1:
        raise UsageError(f"--rows: {args.rows} must be 1 or more")
    write_csv(simulate(args.rows, seed=args.seed), out if args.out == "-" else Path(args.out))


def cmd_score(args: argparse.Namespace, out: IO[str]) -> None:
    """Score a CSV of observations chunk by chunk; the output appears only once every row is scored."""
    import numpy as np

    from interview_signals.estimate.batch import columns_from_frame
    from interview_signals.estimate.csv_rows import InvalidRow, read_csv_chunks, validate_rows
    from interview_signals.estimate.features import feature_matrix
    from interview_signals.estimate.model import load, logistic

    model = load(args.model)
    target = Path(args.out)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            for index, (first_line, chunk) in enumerate(read_csv_chunks(Path(args.file))):
                validate_rows(chunk, first_line)
                x = feature_matrix(columns_from_frame(chunk))
                log_odds, spread = model.log_odds(x), model.spread(np.hstack([np.ones((len(x), 1)), x]))
                chunk["probability"] = logistic(log_odds)
                chunk["interval_low"] = logistic(log_odds - spread)
                chunk["interval_high"] = logistic(log_odds + spread)
                chunk.to_csv(handle, index=False, header=index == 0, float_format="%.6f", lineterminator="\n")
    except InvalidRow as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(f"{args.file}: {exc}") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(f"{exc.filename}: {exc.strerror}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)  # nothing half-written: the output appears only when every row is scored


def cmd_check_draft(args: argparse.Namespace, out: IO[str]) -> None:
    """Check a follow-up draft (text) and print its findings and checklist (JSON)."""
    from interview_signals.coach.check import InvalidDraft, check_draft

    try:
        report = check_draft(_read_text(args.file), interviewers=args.interviewer)
    except InvalidDraft as exc:
        raise UsageError(str(exc)) from None
    _print_json(report.to_dict(), out)


def cmd_draft(args: argparse.Namespace, out: IO[str]) -> None:
    """Write a draft note from an observation (JSON, with optional ``details``)."""
    from pydantic import ValidationError

    from interview_signals.coach.write import DraftDetails, write_draft
    from interview_signals.observation import InvalidObservation, errors_from, parse_observation_json

    text = _read_text(args.file)
    try:
        document = json.loads(text) if text.strip() else None
        details_fields = document.pop("details", {}) if isinstance(document, dict) else {}
        obs = parse_observation_json(json.dumps(document) if document is not None else "")
        details = DraftDetails.model_validate(details_fields)
    except InvalidObservation as exc:
        raise UsageError(str(exc)) from None
    except ValidationError as exc:
        field, message = next(iter(errors_from(exc, tuple(DraftDetails.model_fields)).errors.items()))
        raise UsageError(f"details.{field}: {message}" if field else f"details: {message}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"the input is not valid JSON ({exc})") from None
    out.write(write_draft(obs, details, args.kind) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The command line, one subcommand per task."""
    parser = _Parser(prog="interview-signals", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    estimate = commands.add_parser("estimate", help="estimate one interview from its observations (JSON)")
    estimate.add_argument("file", nargs="?", default="-", help="a JSON file, or - for standard input")
    estimate.add_argument(
        "--model", type=Path, help="a model artifact (default: your own if you trained one, else the bundled one)"
    )
    estimate.set_defaults(run=cmd_estimate)

    train = commands.add_parser("train", help="refit the model from the prior plus optional real outcomes")
    train.add_argument(
        "--prior", type=Path, help="a simulated prior (CSV; default: the documented prior, simulated in memory)"
    )
    train.add_argument("--real", type=Path, help="labelled observations (CSV with an 'outcome' column of 0/1)")
    train.add_argument("--prior-weight", type=float, default=None, help="pseudo-interviews the prior counts as")
    train.add_argument(
        "--out", type=Path, help="where to write the model (default: your data directory, used from then on)"
    )
    train.set_defaults(run=cmd_train)

    simulate = commands.add_parser("simulate", help="draw interviews from the documented prior (CSV)")
    simulate.add_argument("--rows", type=int, default=PRIOR_ROWS)
    simulate.add_argument("--seed", type=int, default=PRIOR_SEED)
    simulate.add_argument("--out", default="-", help="a CSV path, or - for standard output")
    simulate.set_defaults(run=cmd_simulate)

    score = commands.add_parser("score", help="score a CSV of observations in chunks")
    score.add_argument("file", help="input CSV, one observation per row")
    score.add_argument("--out", required=True, help="output CSV: the input plus probability and interval")
    score.add_argument(
        "--model", type=Path, help="a model artifact (default: your own if you trained one, else the bundled one)"
    )
    score.set_defaults(run=cmd_score)

    check = commands.add_parser("check-draft", help="check a follow-up draft for the article's mistakes")
    check.add_argument("file", nargs="?", default="-", help="a text file, or - for standard input")
    check.add_argument("--interviewer", action="append", default=[], help="an interviewer's name (repeatable)")
    check.set_defaults(run=cmd_check_draft)

    draft = commands.add_parser("draft", help="write a draft note from an observation (JSON, optional 'details')")
    draft.add_argument("file", nargs="?", default="-", help="a JSON file, or - for standard input")
    draft.add_argument("--kind", choices=NOTE_KINDS, default=NOTE_KINDS[0])
    draft.set_defaults(run=cmd_draft)

    from interview_signals.cli_journal import add_commands  # `journal …` and `learn` live in their own module

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command; bad input exits 2 and a missing or damaged model exits 1, each with one line."""
    out = out or sys.stdout
    try:
        args = build_parser().parse_args(argv)
        if args.command == "train" and args.prior_weight is None:
            from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT

            args.prior_weight = DEFAULT_PRIOR_WEIGHT
        if getattr(args, "model", "absent") is None:
            args.model = active_model()
        if args.command == "train" and args.out is None:
            args.out = user_model()
        run: Callable[[argparse.Namespace, IO[str]], None] = args.run
        run(args, out)
    except UsageError as exc:
        print(f"interview-signals: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from interview_signals.estimate.model import ModelUnavailable

        if not isinstance(exc, ModelUnavailable):
            raise
        print(f"interview-signals: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
