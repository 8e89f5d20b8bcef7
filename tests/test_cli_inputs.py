"""Every command on every kind of input: no traceback, no stray file, exit 2 or 1 with one line a person reads.

A table of the inputs people really get wrong (empty, binary, header-only, a field too many, a key given
twice, nesting a thousand deep, an output path that is a folder, ...) for every command, then hypothesis
throwing arbitrary bytes, JSON and CSV at every command through files and standard input.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from interview_signals.cli import build_parser, main
from interview_signals.coach.write import DraftDetails
from interview_signals.config import HOME_ENV
from interview_signals.observation import FIELDS, Observation
from interview_signals.prior.simulate import simulate

OBSERVATION = {"interview_date": "2026-11-02", "as_of": "2026-11-20", "scheduled_minutes": 45, "actual_minutes": 60}
HEADER = ",".join(FIELDS)
ROW = "2026-11-02,2026-11-20,interview,45,60,some,,,2026-11-12,none,US"

# What a message must never show: Python's type names, its spellings, the codec's name, temporary files.
LEAKS = re.compile(
    r"Traceback|NoneType|\bnot (list|dict|str|int|float|bool)\b|\b(True|False|None) is not valid|utf-8-sig"
    r"|\.partial|\.tmp\b|\b[A-Z]\w*(Error|Exception)\b|pandas|pydantic|Unnamed: \d"
)


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder for one run (hypothesis reuses a test's fixtures across examples, so not tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="cli-inputs-") as name:
        yield Path(name)


def files_in(where: Path) -> set[str]:
    return {str(path.relative_to(where)) for path in where.rglob("*")}


def run(
    args: list[str], stdin: bytes, where: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run the CLI in this process inside ``where``; check the promises every run keeps, whatever it was given.

    Returns (exit code, stdout, stderr) for the caller's own checks.
    """
    monkeypatch.chdir(where)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    before = files_in(where)
    with tempfile.TemporaryDirectory(prefix="cli-inputs-home-") as home:
        monkeypatch.setenv(HOME_ENV, home)  # an empty journal for every run: no run sees another's interviews
        code = main(args)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (args, code, err)
    if code == 0:
        assert err == "", (args, err)
    else:
        assert out == "", f"{args}: printed something and failed"
        assert err.count("\n") == 1, f"{args}: not one line: {err!r}"
        assert err.endswith("\n"), f"{args}: not one line: {err!r}"
        assert err.startswith("interview-signals: error: "), err
        assert len(err) < 600, f"{args}: a wall of text: {err[:300]!r}…"
    assert not LEAKS.search(err), f"{args}: the message leaks internals: {err[:300]!r}"
    created = files_in(where) - before
    allowed = set() if code else {str(Path(value)) for value in _outputs(args)}
    assert created <= allowed, f"{args} left {sorted(created - allowed)} behind (exit {code})"
    return code, out, err


def _outputs(args: list[str]) -> list[str]:
    """The files a successful run may create: its --out and, for a model, the description beside it."""
    if "--out" not in args:
        return []
    target = args[args.index("--out") + 1]
    return [target, str(Path(target).with_suffix(".json"))] if args[0] == "train" else [target]


# --- The table: each command on the inputs people really get wrong ---------------------------------

CSV_OK = f"{HEADER}\n{ROW}\n".encode()
INPUTS: dict[str, bytes] = {
    "empty": b"",
    "blank": b"  \n\n",
    "binary": bytes(range(128, 256)) * 8,
    "binary-with-ascii": bytes(range(256)) * 4,
    "latin-1": "stage,Zoë\n".encode("latin-1"),
    "bom-json": b"\xef\xbb\xbf" + json.dumps(OBSERVATION).encode(),
    "json": json.dumps(OBSERVATION).encode(),
    "json-array": b"[1, 2]",
    "json-null": b"null",
    "json-extra-field": json.dumps(OBSERVATION | {"mood": "good"}).encode(),
    "json-duplicate-key": b'{"interview_date": "2026-11-02", "scheduled_minutes": 45, "actual_minutes": 20, '
    b'"actual_minutes": 90}',
    "json-nan": b'{"interview_date": "2026-11-20", "scheduled_minutes": 45, "actual_minutes": NaN}',
    "json-infinity": b'{"interview_date": "2026-11-20", "scheduled_minutes": -Infinity}',
    "json-huge-number": b'{"interview_date": "2026-11-20", "scheduled_minutes": 1e400}',
    "json-long-integer": b'{"interview_date": "2026-11-20", "scheduled_minutes": ' + b"9" * 5_000 + b"}",
    "json-deep": b"[" * 1_000 + b"]" * 1_000,
    "json-deep-object": b'{"a": ' * 1_000 + b"1" + b"}" * 1_000,
    "json-true-minutes": json.dumps(OBSERVATION | {"scheduled_minutes": True}).encode(),
    "json-null-date": json.dumps(OBSERVATION | {"interview_date": None}).encode(),
    "json-details-not-object": json.dumps(OBSERVATION | {"details": [1]}).encode(),
    "json-details-null-name": json.dumps(OBSERVATION | {"details": {"interviewers": [None]}}).encode(),
    "csv": CSV_OK,
    "bom-csv": b"\xef\xbb\xbf" + CSV_OK,
    "csv-header-only": f"{HEADER}\n".encode(),
    "csv-extra-field": f"{HEADER}\n{ROW},surplus\n".encode(),
    "csv-extra-field-later": f"{HEADER}\n{ROW}\n{ROW}\n{ROW},surplus\n".encode(),
    "csv-short-row": f"{HEADER}\n2026-11-02,2026-11-20\n".encode(),
    "csv-duplicate-column": f"{HEADER},stage\n{ROW},interview\n".encode(),
    "csv-empty-column-name": f"{HEADER},\n{ROW},\n".encode(),
    "csv-unclosed-quote": f'{HEADER}\n"{ROW}\n'.encode(),
    "csv-nan-cell": f"{HEADER}\n{ROW.replace(',60,', ',nan,')}\n".encode(),
    "csv-fraction": f"{HEADER}\n{ROW.replace(',60,', ',47.5,')}\n".encode(),
    "csv-nul": f"{HEADER}\n{ROW}\x00\n".encode(),
    "labelled-csv": f"{HEADER},outcome\n{ROW},1\n{ROW},0\n".encode(),
    "labelled-header-only": f"{HEADER},outcome\n".encode(),
    "labelled-bad-outcome": f"{HEADER},outcome\n{ROW},maybe\n".encode(),
    "draft-note": b"Dear Hiring Manager,\nThank you for your time.\nBest,\nSam",
    "bom-draft-note": "\ufeffDear Hiring Manager,\nThank you for your time.".encode(),
}

# Each command's argument list, with IN for where the input goes (a file or "-") and OUT for --out.
COMMANDS: dict[str, list[str]] = {
    "estimate": ["estimate", "IN"],
    "check-draft": ["check-draft", "IN", "--interviewer", "Dana Okafor"],
    "draft": ["draft", "IN", "--kind", "second_follow_up"],
    "score": ["score", "IN", "--out", "OUT"],
    "train --real": ["train", "--real", "IN", "--prior-weight", "50", "--out", "OUT"],
    "train --prior": ["train", "--prior", "IN", "--out", "OUT"],
    "journal add": ["journal", "add", "IN", "--label", "Acme, analyst"],
    "journal update": ["journal", "update", "1", "IN"],
    "journal import": ["journal", "import", "IN"],
}
# Inputs a command accepts (exit 0); every other pairing in the table must be refused with exit 2.
ACCEPTED = {
    "estimate": {"json", "bom-json"},
    "draft": {"json", "bom-json"},
    "check-draft": set(INPUTS)
    - {"empty", "blank", "binary", "binary-with-ascii", "latin-1"},  # any UTF-8 text is a draft to check
    "score": {"csv", "bom-csv", "csv-header-only"},
    "train --real": {"labelled-csv"},
    "train --prior": {"labelled-csv"},
    "journal add": {"json", "bom-json"},
    "journal update": set(),  # no interview 1 in this test's empty journal: refused whatever the input says
    "journal import": set(),  # the journal's own CSV columns (id, label, ...), which none of these inputs has
}
SLOW = {
    "train --real": {"labelled-csv"},
    "train --prior": {"labelled-csv"},
    "journal add": {"json", "bom-json"},
    "journal update": set(),  # no interview 1 in this test's empty journal: refused whatever the input says
    "journal import": set(),  # the journal's own CSV columns (id, label, ...), which none of these inputs has
}  # a real fit: run once, from a file, not from every path kind


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.parametrize("kind", list(INPUTS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_on_every_kind_of_input(
    command: str,
    kind: str,
    source: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if kind in SLOW.get(command, set()) and source == "stdin":
        print(f"{command} on {kind} is a full fit; it runs once, from a file")
        return
    with folder() as where:
        data = INPUTS[kind]
        if source == "file":
            (where / "input").write_bytes(data)
        args = [
            {"IN": "input" if source == "file" else "-", "OUT": "result"}.get(arg, arg) for arg in COMMANDS[command]
        ]
        code, out, err = run(args, data if source == "stdin" else b"", where, monkeypatch, capsys)
        wanted = 0 if kind in ACCEPTED[command] else 2
        assert code == wanted, f"{command} on {kind} from {source}: exit {code}, {err.strip()}"
        if code == 0 and "--out" in args:
            assert (where / "result").is_file()
        elif code == 0:
            assert out.strip()


def test_the_named_mistakes_are_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's examples, each with the words that tell a person what to fix."""
    cases = {
        ("estimate", "json-duplicate-key"): "actual_minutes: is given twice",
        ("estimate", "json-nan"): "actual_minutes: NaN is not a number",
        ("estimate", "json-infinity"): "scheduled_minutes: -Infinity is not a number",
        ("estimate", "json-deep"): "nests deeper than",
        ("estimate", "json-array"): "not an array",
        ("estimate", "json-true-minutes"): "scheduled_minutes: true is not valid",
        ("estimate", "json-null-date"): "interview_date: is required; give the day",
        ("draft", "json-details-not-object"): "details: must be a JSON object",
        ("draft", "json-details-null-name"): "not null",
        ("score", "empty"): "the file is empty",
        ("score", "binary"): "not UTF-8",
        ("score", "csv-extra-field"): "line 2: 12 fields, but the header has 11",
        ("score", "csv-extra-field-later"): "line 4: 12 fields",
        ("score", "csv-duplicate-column"): 'column "stage" appears more than once',
        ("score", "csv-fraction"): "line 2: actual_minutes",
        ("train --real", "empty"): "the file is empty",
        ("train --real", "labelled-header-only"): "no rows",
        ("train --prior", "binary"): "not UTF-8",
    }
    for (command, kind), words in cases.items():
        with folder() as where:
            (where / "input").write_bytes(INPUTS[kind])
            args = [{"IN": "input", "OUT": "result"}.get(arg, arg) for arg in COMMANDS[command]]
            code, _, err = run(args, b"", where, monkeypatch, capsys)
            assert code == 2, f"{command} on {kind}: {err.strip()}"
            assert words in err, f"{command} on {kind}: {err.strip()}"


def test_a_byte_order_mark_does_not_hide_a_generic_greeting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with folder() as where:
        (where / "note.txt").write_bytes(INPUTS["bom-draft-note"])
        code, out, _ = run(["check-draft", "note.txt"], b"", where, monkeypatch, capsys)
    findings = json.loads(out)["findings"]
    assert code == 0
    assert "generic_greeting" in {finding["rule"] for finding in findings}
    assert findings[0]["start"] == 0
    assert findings[0]["excerpt"] == "Dear Hiring Manager,"


# --- Paths: missing files, folders, outputs ---------------------------------------------------------


PATH_CASES = [
    # (args, exit code, words in the message); "in.csv" and "obs.json" exist, "there/" is a folder.
    (["estimate", "missing.json"], 2, "missing.json: No such file"),
    (["estimate", "there"], 2, "there: is a folder"),
    (["check-draft", "there"], 2, "there: is a folder"),
    (["draft", "missing.json"], 2, "No such file"),
    (["score", "missing.csv", "--out", "out.csv"], 2, "missing.csv: No such file"),
    (["score", "there", "--out", "out.csv"], 2, "there: is a folder"),
    (["score", "in.csv", "--out", "there"], 2, "--out there: is a folder"),
    (["score", "in.csv", "--out", "nowhere/out.csv"], 2, "the folder nowhere does not exist"),
    (["simulate", "--rows", "3", "--out", "there"], 2, "is a folder"),
    (["simulate", "--rows", "3", "--out", "nowhere/prior.csv"], 2, "the folder nowhere does not exist"),
    (["simulate", "--rows", "0"], 2, "--rows: 0 must be from 1"),
    (["simulate", "--rows", "10000000000"], 2, "--rows: 10,000,000,000 must be from 1 to"),
    (["simulate", "--rows", "three"], 2, "'three' is not a whole number"),
    (["simulate", "--seed", "-1"], 2, "--seed: -1 must be 0 or more"),
    (["train", "--real", "missing.csv", "--out", "m.joblib"], 2, "missing.csv: No such file"),
    (["train", "--prior", "there", "--out", "m.joblib"], 2, "there: is a folder"),
    (["train", "--out", "there"], 2, "is a folder"),
    (["train", "--out", "nowhere/m.joblib"], 2, "the folder nowhere does not exist"),
    (["train", "--out", "-"], 2, "--out -: a model is a file"),
    (["train", "--out", "m.json"], 2, "ends in .joblib"),
    (["train", "--prior-weight", "nan"], 2, "'nan' must be a finite number"),
    (["train", "--prior-weight=-inf"], 2, "must be a finite number, 0 or more"),
    (["train", "--prior-weight=-1"], 2, "must be a finite number, 0 or more"),
    (["estimate", "obs.json", "--model", "missing.joblib"], 1, "interview-signals train"),
    (["score", "in.csv", "--out", "out.csv", "--model", "there"], 1, "interview-signals train"),
    (["estimat"], 2, "invalid choice"),
    (["score", "in.csv"], 2, "--out"),
    (["draft", "obs.json", "--kind", "apology"], 2, "invalid choice"),
    (["journal", "export", "--out", "there"], 2, "--out there: is a folder"),
    (["journal", "export", "--out", "nowhere/journal.csv"], 2, "the folder nowhere does not exist"),
    (["journal", "add", "there", "--label", "x"], 2, "there: is a folder"),
    (["journal", "import", "missing.csv"], 2, "missing.csv: No such file"),
]


@pytest.mark.parametrize(("args", "code", "words"), PATH_CASES, ids=[" ".join(case[0]) for case in PATH_CASES])
def test_paths_that_are_missing_or_folders_are_one_line_each(
    args: list[str], code: int, words: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with folder() as where:
        (where / "in.csv").write_bytes(CSV_OK)
        (where / "obs.json").write_text(json.dumps(OBSERVATION))
        (where / "there").mkdir()
        got, _, err = run(args, b"", where, monkeypatch, capsys)
        assert (got, words in err) == (code, True), err


@pytest.mark.parametrize("command", ["score", "simulate"])
def test_dash_means_standard_output_for_every_out(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = {"score": ["score", "in.csv", "--out", "-"], "simulate": ["simulate", "--rows", "4", "--out", "-"]}[command]
    with folder() as where:
        (where / "in.csv").write_bytes(CSV_OK)
        code, out, _ = run(args, b"", where, monkeypatch, capsys)
        assert code == 0
        assert not (where / "-").exists()
        header, *rows = out.splitlines()
        assert len(rows) == {"score": 1, "simulate": 4}[command]
        if command == "score":
            assert header == f"{HEADER},probability,interval_low,interval_high"


def test_score_to_a_file_and_to_standard_output_agree(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with folder() as where:
        frame = simulate(30, seed=3).drop(columns=["outcome", "true_probability"])
        frame.to_csv(where / "in.csv", index=False, date_format="%Y-%m-%d")
        assert run(["score", "in.csv", "--out", "out.csv"], b"", where, monkeypatch, capsys)[0] == 0
        _, printed, _ = run(["score", "-", "--out", "-"], (where / "in.csv").read_bytes(), where, monkeypatch, capsys)
        assert printed == (where / "out.csv").read_text()


def test_a_failing_score_leaves_the_previous_output_untouched(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with folder() as where:
        (where / "out.csv").write_text("yesterday's scores\n")
        (where / "in.csv").write_bytes(INPUTS["csv-extra-field-later"])
        code, _, _ = run(["score", "in.csv", "--out", "out.csv"], b"", where, monkeypatch, capsys)
        assert code == 2
        assert (where / "out.csv").read_text() == "yesterday's scores\n"


# --- Hypothesis: arbitrary input through every command and both input paths ------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from([*FIELDS, "details", "x"]), inner),
    max_leaves=12,
)


def _json_text(value: object) -> str:
    # allow_nan: NaN and Infinity reach the parser as JSON's non-standard constants, as a careless writer sends them.
    return json.dumps(value, allow_nan=True)


@st.composite
def duplicated_keys(draw: st.DrawFn) -> str:
    """An object whose text repeats a key, which json.dumps alone never writes."""
    key = draw(st.sampled_from(FIELDS))
    first, second = draw(json_values), draw(json_values)
    return f'{{"{key}": {_json_text(first)}, "{key}": {_json_text(second)}}}'


csv_cells = st.one_of(
    st.sampled_from(["", "2026-11-02", "2026-02-30", "45", "47.5", "-5", "nan", "inf", "interview", "none", "US", "1"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8),
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A CSV with a header drawn from the real columns (plus strangers) and rows of any width."""
    columns = draw(st.lists(st.sampled_from([*FIELDS, "outcome", "true_probability", "x", ""]), max_size=13))
    rows = draw(st.lists(st.lists(csv_cells, max_size=len(columns) + 2), max_size=4))
    return "\n".join(",".join(cells) for cells in [columns, *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))


inputs = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    json_values.map(_json_text).map(str.encode),
    st.dictionaries(st.sampled_from([*FIELDS, "details"]), json_values, max_size=4).map(
        lambda extra: _json_text(OBSERVATION | extra).encode()
    ),
    duplicated_keys().map(str.encode),
    csv_texts().map(str.encode),
    st.integers(1, 400).map(lambda depth: b"[" * depth + b"]" * depth),
    st.sampled_from(list(INPUTS.values())),
)

FAST_COMMANDS = ["estimate", "check-draft", "draft", "score", "train --real", "journal add", "journal import"]
HYPOTHESIS_EXAMPLES = 400


@settings(
    max_examples=HYPOTHESIS_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(FAST_COMMANDS),
    data=inputs,
    through_stdin=st.booleans(),
    out_to_stdout=st.booleans(),
)
def test_arbitrary_input_to_any_command_never_gives_a_traceback_or_a_stray_file(
    command: str,
    data: bytes,
    through_stdin: bool,
    out_to_stdout: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with folder() as where:
        if not through_stdin:
            (where / "input").write_bytes(data)
        out = "-" if out_to_stdout and command == "score" else "result"
        args = [{"IN": "-" if through_stdin else "input", "OUT": out}.get(arg, arg) for arg in COMMANDS[command]]
        if command == "train --real":
            args[-2:] = ["--out", "result.joblib"]  # a model is never written to standard output
        code, _, _ = run(args, data if through_stdin else b"", where, monkeypatch, capsys)
        event(f"{command}: exit {code}")  # --hypothesis-show-statistics: how often each command got through


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.one_of(st.integers(-3, 40), st.integers(), st.text(max_size=6)).map(str),
    seed=st.one_of(st.integers(-3, 2**70), st.text(max_size=6)).map(str),
    out=st.sampled_from(["-", "prior.csv", "there", "nowhere/prior.csv", ""]),
)
def test_simulate_with_any_arguments_never_gives_a_traceback(
    rows: str, seed: str, out: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with folder() as where:
        (where / "there").mkdir()
        run(["simulate", "--rows", rows, "--seed", seed, "--out", out], b"", where, monkeypatch, capsys)


# --- Help: every option says what it does and its default -------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name."""
    (action,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_option_has_help_and_says_its_default() -> None:
    parser = build_parser()
    commands = _subcommands(parser)
    parsers = list(commands.items())
    while parsers:  # every command and subcommand (`journal add`, ...)
        name, sub = parsers.pop()
        for action in sub._actions:
            if action.dest == "help":
                continue
            where = f"{name} {'/'.join(action.option_strings) or action.dest}"
            assert action.help, f"{where} has no help text"
            if isinstance(action, argparse._SubParsersAction):
                parsers += [(f"{name} {child}", parser) for child, parser in action.choices.items()]
            elif not action.required and action.nargs != 0:
                assert "default" in action.help, f"{where} does not say its default"


def test_estimate_help_lists_every_json_field_and_draft_help_every_detail() -> None:
    parser = build_parser()
    commands = _subcommands(parser)
    estimate_help = commands["estimate"].format_help()
    for name, field in Observation.model_fields.items():
        line = next(line for line in estimate_help.splitlines() if line.strip().startswith(name + " "))
        assert ("required" in line) == field.is_required(), line
    assert "phone_screen | interview | final_round" in estimate_help
    assert "whole number 5-480" in estimate_help
    draft_help = commands["draft"].format_help()
    assert all(f"  {name} " in draft_help for name in DraftDetails.model_fields)
    assert "thank_you" in draft_help
    assert "second_follow_up" in draft_help
    assert "details" in draft_help


def test_train_help_states_the_prior_weight_the_model_uses() -> None:
    from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT

    # The parser says 100 without importing the model (every command would pay for numpy); this holds it true.
    commands = _subcommands(build_parser())
    train_help = " ".join(commands["train"].format_help().split())
    assert f"(default: {DEFAULT_PRIOR_WEIGHT:g})" in train_help
