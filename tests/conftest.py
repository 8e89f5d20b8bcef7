"""Shared fixtures: the bundled model and a factory of typical observations."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import settings

from interview_signals.model import Model, load
from interview_signals.observation import Observation

# In CI the property tests draw the same examples on every run, so a red build always reproduces;
# on a developer's machine they explore new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def model() -> Model:
    """The project's bundled model, loaded (and hash-checked) once."""
    return load()


def make_obs(**changes: Any) -> Observation:
    """A typical interview three weeks ago, nothing else known; ``changes`` override fields."""
    fields: dict[str, Any] = {"interview_date": date(2026, 11, 2), "as_of": date(2026, 11, 20), "scheduled_minutes": 45}
    return Observation(**(fields | changes))


@pytest.fixture
def base_obs() -> Callable[..., Observation]:
    return make_obs
