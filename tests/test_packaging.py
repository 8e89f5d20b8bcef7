"""The package as a user installs it: every bundled file is in the wheel, and nothing is read from the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from interview_signals.config import CHECKOUT

SOURCE = CHECKOUT / "src" / "interview_signals"


def _shipped_sources() -> set[str]:
    """Every file of the package's source tree (code and bundled data) as the wheel names it."""
    return {
        path.relative_to(SOURCE.parent).as_posix()
        for path in SOURCE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.slow
def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(CHECKOUT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2_000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for bundled in (
        "bundled/model.joblib",
        "bundled/model.json",
        "coach/draft_rules.toml",
        "prior/assumptions.toml",
        "py.typed",
    ):
        assert f"interview_signals/{bundled}" in names
    missing = _shipped_sources() - names
    assert not missing, f"in the source tree but not in the wheel: {sorted(missing)}"


def test_the_library_reads_nothing_from_the_checkout_at_run_time() -> None:
    # data/ and notebooks/ exist only in a checkout: the library may name them (for `make` and the
    # notebooks) but must not need them to estimate, check a draft or write one.
    code = """
import sys, pathlib, datetime
import interview_signals.config as config
config.PRIOR_CSV = config.DATA_CARD = config.NOTEBOOKS = pathlib.Path("/nonexistent")
from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import load
from interview_signals.observation import Observation
from interview_signals.coach.check import check_draft
obs = Observation(interview_date=datetime.date(2026, 11, 2), scheduled_minutes=45)
result = estimate(load(config.BUNDLED_MODEL), obs)
assert 0 < result.probability < 1
assert check_draft("Dear Hiring Manager,\\nThanks.").findings
from interview_signals.present import data_card, wording
assert len(data_card.limits()) > len(data_card.PLAIN_LIMITS) and wording.assumptions(load(config.BUNDLED_MODEL).info)
import tempfile
from interview_signals.cli import main
out = pathlib.Path(tempfile.mkdtemp()) / "model.joblib"
assert main(["train", "--out", str(out)], out=open("/dev/null", "w")) == 0 and load(out).prior_weight == 100
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd="/")
    assert run.returncode == 0, run.stderr[-2_000:]
