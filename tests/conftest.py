"""Shared fixtures: the bundled model and a factory of typical observations."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import settings

from interview_signals.config import BUNDLED_MODEL, HOME_ENV, MODEL_ENV
from interview_signals.estimate.model import Model, load
from interview_signals.observation import Observation

# No test reads or writes the real user's files: every test process, and every page or CLI process it
# starts, gets a fresh, empty home, and serves the bundled model unless the test says otherwise.
os.environ[HOME_ENV] = tempfile.mkdtemp(prefix="interview-signals-home-")
os.environ.pop(MODEL_ENV, None)

# In CI the property tests draw the same examples on every run, so a red build always reproduces;
# on a developer's machine they explore new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def model() -> Model:
    """The project's bundled model, loaded (and hash-checked) once."""
    return load(BUNDLED_MODEL)


def make_obs(**changes: Any) -> Observation:
    """A typical interview three weeks ago, nothing else known; ``changes`` override fields."""
    fields: dict[str, Any] = {"interview_date": date(2026, 11, 2), "as_of": date(2026, 11, 20), "scheduled_minutes": 45}
    return Observation(**(fields | changes))


@pytest.fixture
def base_obs() -> Callable[..., Observation]:
    return make_obs
