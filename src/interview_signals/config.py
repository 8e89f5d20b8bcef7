"""Every path and command the project names, derived once: bundled files, the user's own files, a checkout's.

Three kinds of file, three homes:

- **bundled** files ship inside the package and are read with :mod:`importlib.resources`, so an installed
  wheel works from any folder: the model artifact and its description, the draft rules, the prior's assumptions;
- the **user's own** files (learned models, the journal) live in their data directory, from
  :mod:`platformdirs`, or in ``$INTERVIEW_SIGNALS_HOME`` when it is set; never in site-packages;
- a **source checkout** also has ``data/`` (the simulated prior and its data card) and ``notebooks/``;
  they are for developers and are absent from an installed package.
"""

from __future__ import annotations

import os
from datetime import date
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

PACKAGE = "interview_signals"
APP_NAME = "interview-signals"
HOME_ENV = "INTERVIEW_SIGNALS_HOME"  # where the user's own files live, instead of the platform's data directory
MODEL_ENV = "INTERVIEW_SIGNALS_MODEL"  # serve another artifact (still hash-checked): for demos and tests
TODAY_ENV = "INTERVIEW_SIGNALS_TODAY"  # pin the page's "today" (ISO date): for demos and tests


def _bundled(*parts: str) -> Path:
    # Installed packages are plain folders (zip imports are not supported), so as_file() hands back the
    # file itself, not a temporary copy.
    with resources.as_file(resources.files(PACKAGE).joinpath(*parts)) as path:
        return path


BUNDLED_MODEL = _bundled("bundled", "model.joblib")  # its JSON description (hash, metrics) is beside it
PRIOR_ASSUMPTIONS = _bundled("prior", "assumptions.toml")  # every number of the documented prior, with its source

# A source checkout: the repository root holds pyproject.toml. Nothing an installed package runs needs these.
CHECKOUT = Path(__file__).resolve().parents[2]
PRIOR_CSV = CHECKOUT / "data" / "prior.csv"
DATA_CARD = CHECKOUT / "data" / "README.md"
NOTEBOOKS = CHECKOUT / "notebooks"

# The documented prior: how many interviews it simulates and from which seed (data/prior.csv is this, exported).
PRIOR_ROWS, PRIOR_SEED = 50_000, 2026

# How a user rebuilds a missing or damaged model; quoted in every error that says so.
TRAIN_COMMAND = "interview-signals train"


def user_home() -> Path:
    """The folder of the user's own files: ``$INTERVIEW_SIGNALS_HOME``, else the platform's data directory.

    Read on every call, so a test (or a user) that sets the variable is obeyed at once.
    """
    configured = os.environ.get(HOME_ENV)
    return Path(configured).expanduser() if configured else user_data_path(APP_NAME, appauthor=False)


def user_model() -> Path:
    """Where ``train`` writes a model the user fitted, and where the page and CLI look for it first."""
    return user_home() / "models" / "model.joblib"


def journal_database() -> Path:
    """The journal of saved interviews and their outcomes (SQLite; ``-wal`` and ``-shm`` files beside it)."""
    return user_home() / "journal.sqlite3"


def learned_models() -> Path:
    """The folder where "Learn from my outcomes" writes each new model version (never over the bundled one)."""
    return user_home() / "models" / "learned"


def model_choice() -> Path:
    """The small JSON file that says which learned model is switched on, and which one was before it."""
    return user_home() / "models" / "active.json"


def read_model_choice() -> dict[str, str | None]:
    """The file names of the learned model switched on and the one before it (None: none), from :func:`model_choice`.

    A missing or unreadable choice file means neither, so the default model is served.
    """
    import json

    try:
        document = json.loads(model_choice().read_text())
        return {"active": document.get("active"), "previous": document.get("previous")}
    except (OSError, ValueError, AttributeError):
        return {"active": None, "previous": None}


def _chosen_model() -> Path | None:
    """The learned model switched on in :func:`model_choice`, if that file names one that exists."""
    name = read_model_choice()["active"]
    if name is None:  # switched back to the default: the user's trained model, else the bundled one
        return None
    # Only a bare file name inside learned_models() is honoured: the choice file never points elsewhere.
    chosen = learned_models() / Path(str(name)).name
    return chosen if chosen.is_file() else None


def active_model() -> Path:
    """The artifact to serve, the first that applies.

    ``$INTERVIEW_SIGNALS_MODEL``; else the learned model switched on, if any; else the user's own trained
    model if any; else the bundled one.
    """
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured).expanduser()
    chosen = _chosen_model()
    if chosen is not None:
        return chosen
    mine = user_model()
    return mine if mine.is_file() else BUNDLED_MODEL


def today() -> date:
    """The day the page and the journal treat as today: ``$INTERVIEW_SIGNALS_TODAY`` (ISO) when set, else the date."""
    pinned = os.environ.get(TODAY_ENV)
    return date.fromisoformat(pinned) if pinned else date.today()
