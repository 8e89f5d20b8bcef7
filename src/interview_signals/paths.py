"""Every default path of the project, derived once from the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
MODELS_DIR = ROOT / "models"
PRIOR_CSV = DATA_DIR / "prior.csv"
DATA_CARD = DATA_DIR / "README.md"
MODEL_PATH = MODELS_DIR / "model.joblib"

# The commands that rebuild the generated files, quoted in error messages and in the data card.
SIMULATE_COMMAND = "interview-signals simulate --rows 50000 --seed 2026 --out data/prior.csv"
TRAIN_COMMAND = "interview-signals train"
