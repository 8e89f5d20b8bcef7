"""The `interview-signals` command: JSON out, one line and exit 2 on bad input, nothing half-written."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_signals.cli import main
from interview_signals.config import BUNDLED_MODEL, PRIOR_CSV
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import Model, sidecar_of
from interview_signals.observation import parse_observation_json
from interview_signals.prior.simulate import documented_prior, simulate, write_csv

OBSERVATION = {
    "interview_date": "2026-11-02",
    "as_of": "2026-11-20",
    "scheduled_minutes": 45,
    "actual_minutes": 60,
    "role_selling": "some",
    "follow_up_sent_on": "2026-11-12",
    "follow_up_reply": "none",
}


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run the CLI in a real process, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "interview_signals.cli", *args], input=stdin, capture_output=True, text=True
    )
    return result.returncode, result.stdout, result.stderr


def run_here(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run the CLI in this process (fast enough for property tests)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_estimate_prints_the_documented_json(model: Model) -> None:
    code, out, err = run(["estimate", "-"], json.dumps(OBSERVATION))
    assert (code, err) == (0, "")
    document = json.loads(out)
    expected = estimate(model, parse_observation_json(json.dumps(OBSERVATION))).to_dict()
    assert document == json.loads(json.dumps(expected))
    assert {step["status"] for step in document["next_steps"]} <= {"done", "due", "overdue", "upcoming"}


def test_the_readme_example_prints_what_the_readme_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(
        r"\$ echo '(?P<input>[^']+)' \| interview-signals estimate -\n(?P<output>.*?)\n```", readme, re.S
    )
    assert example, "README.md has no estimate example"
    code, out, _ = run_here(["estimate", "-"], example["input"], monkeypatch, capsys)
    printed = json.loads(out)
    assert code == 0
    shown = example["output"]
    for name, value in [
        ("probability", printed["probability"]),
        ("low", printed["interval"]["low"]),
        ("high", printed["interval"]["high"]),
        ("baseline", printed["baseline"]),
        ("log_odds", printed["contributions"][0]["log_odds"]),
        ("version", printed["model"]["version"]),
    ]:
        wanted = json.dumps(round(value, 2) if isinstance(value, float) else value)
        assert f'"{name}": {wanted}' in shown, f"README shows a different {name}; the command prints {wanted}"
    assert printed["contributions"][0]["text"] in shown
    assert printed["what_if"][0]["text"] in shown


def test_estimate_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "obs.json"
    path.write_text(json.dumps(OBSERVATION))
    code, out, _ = run(["estimate", str(path)])
    assert code == 0
    assert 0 < json.loads(out)["probability"] < 1


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("", "empty"),
        ("{oops", "not valid JSON"),
        (json.dumps(OBSERVATION | {"scheduled_minutes": "45"}), "scheduled_minutes"),
        (json.dumps(OBSERVATION).replace("45", "NaN"), "NaN"),
        (json.dumps(OBSERVATION | {"actual_minutes": 9999}), "actual_minutes"),
        (json.dumps(OBSERVATION | {"stage": "onsite"}), "stage"),
        (json.dumps(OBSERVATION | {"folow_up_reply": "none"}), "did you mean 'follow_up_reply'"),
        (json.dumps(OBSERVATION | {"follow_up_sent_on": "2026-10-01"}), "follow_up_sent_on"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(stdin: str, words: str) -> None:
    code, out, err = run(["estimate", "-"], stdin)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert words in err
    assert "Traceback" not in err


def test_a_missing_file_and_not_utf8_are_usage_errors(tmp_path: Path) -> None:
    code, out, err = run(["estimate", str(tmp_path / "nope.json")])
    assert (code, out) == (2, "")
    assert "No such file" in err
    assert err.count("\n") == 1
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"country": "DÉ"}'.encode("latin-1"))
    code, _, err = run(["estimate", str(latin)])
    assert code == 2
    assert "not UTF-8" in err


def test_unknown_subcommands_and_options_are_one_line_errors() -> None:
    for args in (["estimat"], ["estimate", "--nope"], []):
        code, out, err = run(args)
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1


def test_a_damaged_model_says_how_to_retrain(tmp_path: Path) -> None:
    broken = tmp_path / "model.joblib"
    shutil.copy(BUNDLED_MODEL, broken)
    shutil.copy(sidecar_of(BUNDLED_MODEL), sidecar_of(broken))
    broken.write_bytes(broken.read_bytes()[:100])
    code, out, err = run(["estimate", "-", "--model", str(broken)], json.dumps(OBSERVATION))
    assert code == 1
    assert out == ""
    assert "interview-signals train" in err
    assert err.count("\n") == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from([*OBSERVATION, "x"]), inner, max_size=6)
        ),
        max_leaves=10,
    )
)
def test_arbitrary_json_never_gives_a_traceback(
    document: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_here(["estimate", "-"], json.dumps(document), monkeypatch, capsys)
    assert code in (0, 2)
    assert (out == "") == (code == 2)
    assert (err == "") == (code == 0)
    assert code == 0 or err.count("\n") == 1


def _observations_csv(path: Path, rows: int, seed: int) -> pd.DataFrame:
    frame = simulate(rows, seed=seed).drop(columns=["outcome", "true_probability"])
    frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    return frame


def test_score_matches_one_by_one_estimates(tmp_path: Path, model: Model) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _observations_csv(source, 120, seed=5)
    code, _, err = run(["score", str(source), "--out", str(target)])
    assert code == 0, err
    scored = pd.read_csv(target, dtype=str, keep_default_na=False)
    for _, row in scored.sample(15, random_state=1).iterrows():
        fields = {str(k): v for k, v in row.items() if v and k not in ("probability", "interval_low", "interval_high")}
        fields = {k: int(v) if k.endswith("minutes") else v for k, v in fields.items()}
        result = estimate(model, parse_observation_json(json.dumps(fields)))
        assert float(row["probability"]) == pytest.approx(result.probability, abs=1e-6)
        assert float(row["interval_low"]) == pytest.approx(result.interval.low, abs=1e-6)


def test_score_reports_a_bad_row_by_line_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _observations_csv(source, 60, seed=6)
    lines = source.read_text().splitlines()
    cells = lines[41].split(",")
    cells[3] = "-5"  # scheduled_minutes on file line 42
    lines[41] = ",".join(cells)
    source.write_text("\n".join(lines) + "\n")
    code, out, err = run(["score", str(source), "--out", str(target)])
    assert code == 2
    assert out == ""
    assert err.startswith("interview-signals: error: ")
    assert "line 42: scheduled_minutes" in err
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_train_takes_real_outcomes_and_counts_them(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    simulate(40, seed=8).drop(columns=["true_probability"]).to_csv(real, index=False, date_format="%Y-%m-%d")
    out = tmp_path / "model.joblib"
    code, stdout, err = run(["train", "--real", str(real), "--prior-weight", "50", "--out", str(out)])
    assert code == 0, err
    description = json.loads(stdout)
    assert (description["real_outcomes"], description["prior_weight"]) == (40, 50.0)
    assert json.loads(sidecar_of(out).read_text())["artifact_sha256"] == description["artifact_sha256"]


def sha256(data: bytes) -> str:
    """A digest to compare megabytes by: pytest's diff of two 4 MB strings would take minutes."""
    return hashlib.sha256(data).hexdigest()


# The prior's dates are business days, so regenerating it byte for byte needs the holidays data it was made
# with (the locked version); on the floor versions of the dependencies it differs, so these two are slow.
@pytest.mark.slow
def test_train_needs_no_checkout_the_in_memory_prior_is_the_exported_file() -> None:
    text = io.StringIO()
    write_csv(documented_prior(), text)
    exported = PRIOR_CSV.read_bytes()
    assert sha256(text.getvalue().encode()) == sha256(exported)  # data/prior.csv is a copy, not the source
    trained_on = json.loads(sidecar_of(BUNDLED_MODEL).read_text())["training_data_sha256"]
    assert trained_on == hashlib.sha256(exported).hexdigest()


def test_train_reports_a_bad_label_by_line(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    frame = simulate(10, seed=9).drop(columns=["true_probability"])
    frame["outcome"] = frame["outcome"].astype(str)
    frame.loc[4, "outcome"] = "yes"
    frame.to_csv(real, index=False, date_format="%Y-%m-%d")
    code, _, err = run(["train", "--real", str(real), "--out", str(tmp_path / "m.joblib")])
    assert code == 2
    assert "line 6: outcome: 'yes'" in err
    assert not (tmp_path / "m.joblib").exists()


@pytest.mark.slow
def test_simulate_is_reproducible_and_the_bundled_prior_is_its_output(tmp_path: Path) -> None:
    target = tmp_path / "prior.csv"
    code, _, err = run(["simulate", "--rows", "50000", "--seed", "2026", "--out", str(target)])
    assert code == 0, err
    assert sha256(target.read_bytes()) == sha256(PRIOR_CSV.read_bytes())


@pytest.mark.slow
def test_score_memory_stays_flat_as_the_file_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tracemalloc

    from interview_signals.estimate import csv_rows

    monkeypatch.setattr(csv_rows, "CHUNK_ROWS", 2_000)
    warm_up = tmp_path / "warm-up.csv"
    _observations_csv(warm_up, 100, seed=1)
    assert main(["score", str(warm_up), "--out", str(tmp_path / "warm-up-out.csv")]) == 0  # imports, caches
    peaks = {}
    for rows in (4_000, 24_000):
        source = tmp_path / f"in-{rows}.csv"
        _observations_csv(source, rows, seed=rows)
        tracemalloc.start()
        code = main(["score", str(source), "--out", str(tmp_path / f"out-{rows}.csv")])
        peaks[rows] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert code == 0, capsys.readouterr().err
    print({rows: f"{peak / 1e6:.1f} MB" for rows, peak in peaks.items()})
    assert peaks[24_000] < 1.5 * peaks[4_000]  # six times the rows, not six times the memory


FAULTY_NOTE = "Dear Hiring Manager,\nI'm anxiously awaiting your decision.\nBest,\nSam"


def test_check_draft_prints_findings_checklist_and_word_count() -> None:
    code, out, err = run(["check-draft", "-", "--interviewer", "Dana Okafor"], FAULTY_NOTE)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document) == {"findings", "checklist", "word_count"}
    rules = {finding["rule"] for finding in document["findings"]}
    assert {"generic_greeting", "missing_interviewer_name", "negative_language"} <= rules
    for finding in document["findings"]:
        assert FAULTY_NOTE[finding["start"] : finding["end"]] == finding["excerpt"]
    assert document["word_count"] == 10


@pytest.mark.parametrize(
    ("data", "words"), [(b"", "empty"), (b"\xff\xfe bad", "not UTF-8"), (b"word " * 4_001, "20,000")]
)
def test_check_draft_refuses_bad_input_with_one_line(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    code, out, err = run(["check-draft", str(path)])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert words in err


def test_draft_writes_a_note_that_passes_the_checker() -> None:
    document = OBSERVATION | {"details": {"interviewers": ["Dana Okafor"], "role": "analyst", "company": "Acme"}}
    code, out, err = run(["draft", "-", "--kind", "second_follow_up"], json.dumps(document))
    assert (code, err) == (0, "")
    checked = json.loads(run(["check-draft", "-", "--interviewer", "Dana Okafor"], out)[1])
    assert checked["findings"] == []


def test_draft_names_a_bad_detail_field() -> None:
    document = OBSERVATION | {"details": {"interviewers": ["Hiring Manager"]}}
    code, out, err = run(["draft", "-"], json.dumps(document))
    assert code == 2
    assert out == ""
    assert err.startswith("interview-signals: error: details.interviewers: ")
