"""`interview-signals journal …` and `learn`: the same journal functions as the page; bad input exits 2, one line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from interview_signals import config
from interview_signals.cli import main
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import Model
from interview_signals.journal.store import Journal
from interview_signals.observation import parse_observation_json

TODAY = "2026-11-20"
OBSERVATION = {"interview_date": "2026-11-02", "scheduled_minutes": 45, "actual_minutes": 60, "role_selling": "some"}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path))
    monkeypatch.setenv(config.TODAY_ENV, TODAY)
    return tmp_path


def cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_update_outcome_show_list_export_import_delete(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], model: Model, home: Path
) -> None:
    code, out, err = cli(["journal", "add", "--label", "Acme, analyst"], monkeypatch, capsys, json.dumps(OBSERVATION))
    assert (code, err) == (0, "")
    added = json.loads(out)
    expected = estimate(model, parse_observation_json(json.dumps(OBSERVATION | {"as_of": TODAY})))
    assert added["history"][0]["probability"] == pytest.approx(expected.probability)
    assert added["observation"]["as_of"] == TODAY  # left out: today

    changes = {"follow_up_sent_on": "2026-11-12", "follow_up_reply": "affirming"}
    code, out, _ = cli(["journal", "update", "1"], monkeypatch, capsys, json.dumps(changes))
    updated = json.loads(out)
    assert code == 0
    assert len(updated["history"]) == 2
    assert updated["observation"]["actual_minutes"] == 60
    assert updated["observation"]["follow_up_reply"] == "affirming"
    assert updated["history"][1]["probability"] > updated["history"][0]["probability"]

    code, out, _ = cli(["journal", "list"], monkeypatch, capsys)
    assert code == 0
    assert "Acme, analyst" in out
    assert "independent" in out

    assert cli(["journal", "outcome", "1", "offer"], monkeypatch, capsys)[0] == 0
    assert json.loads(cli(["journal", "show", "1"], monkeypatch, capsys)[1])["outcome"] == "offer"

    target = home / "export.csv"
    assert cli(["journal", "export", "--out", str(target)], monkeypatch, capsys)[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, _ = cli(["journal", "import", str(target)], monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["imported"] == 1
    assert [i.outcome for i in Journal().interviews()] == ["offer", "offer"]

    assert cli(["journal", "delete-all", "--yes"], monkeypatch, capsys)[0] == 0
    assert not config.journal_database().exists()


def test_learn_refits_and_switches_and_can_switch_back(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    from interview_signals.journal import simulated

    simulated.fill(Journal(), model, 12, seed=5)
    code, out, err = cli(["learn", "--folds", "3"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["outcomes"] == 12
    assert document["out_of_sample"]["folds"] == 3
    assert not document["too_little_data"]
    assert config.active_model() == Path(document["path"])
    code, out, _ = cli(["learn", "--switch-back"], monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["model"] == model.version


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["journal", "add", "--label", "A"], "{not json", "not valid JSON"),
        (["journal", "add", "--label", "A"], json.dumps(OBSERVATION | {"actual_minutes": 0}), "actual_minutes"),
        (["journal", "add", "--label", " "], json.dumps(OBSERVATION), "--label"),
        (["journal", "show", "7"], "", "interview 7"),
        (["journal", "update", "7"], "{}", "interview 7"),
        (["journal", "outcome", "1", "hired"], "", "invalid choice"),
        (["journal", "import", "-"], "label,interview_date,scheduled_minutes\nA,2026-13-01,45\n", "line 2"),
        (["journal", "delete-all"], "", "--yes"),
        (["learn"], "", "no outcome to learn from"),
        (["learn", "--folds", "1"], "", "--folds"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    args: list[str], stdin: str, says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(args, monkeypatch, capsys, stdin)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert says in err, err
    assert Journal().interviews() == []


def test_the_installed_command_runs_journal_list_in_its_own_process(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "interview_signals.cli", "journal", "list"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "The journal is empty" in result.stdout
