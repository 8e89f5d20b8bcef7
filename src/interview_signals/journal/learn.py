"""Learn from my outcomes: refit the prior plus the journal's labelled interviews, and switch to the new model.

Each real outcome counts once and the prior keeps the core's weight, exactly as ``interview-signals train``
does. The new model is written to the user's data directory (never over the bundled artifact) with the same
hash-checked description, switched on, and can be switched back. How much it helps is measured out of
sample on the user's own history: k-fold, each fold's outcomes predicted by a model that never saw them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from interview_signals.config import active_model, learned_models, model_choice, read_model_choice
from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT, Model, fit, load, save
from interview_signals.evaluation.metrics import brier_score, log_loss
from interview_signals.journal.pipeline import design
from interview_signals.journal.store import Interview, Journal
from interview_signals.journal.track_record import TOO_FEW_OUTCOMES, labelled, scored

Progress = Callable[[float, str], None]  # (share done, 0 to 1; what is happening)
FOLDS = 5
FOLD_SEED = 2026


class NothingToLearn(ValueError):
    """The journal has no outcome that can be learned from."""


def prior_rows() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], str]:
    """The documented prior's design matrix, outcomes and the SHA-256 of its data, as ``train`` fits on them.

    Simulated in memory once per process (no checkout needed); the digest is that of ``data/prior.csv``.
    """
    from interview_signals.prior.simulate import documented_training_set

    x, y, data = documented_training_set()
    return x, y, hashlib.sha256(data).hexdigest()


def journal_rows(interviews: Sequence[Interview]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Design matrix and 0/1 outcomes of the journal's scored interviews, each as known when its estimate was shown."""
    counted = scored(interviews)
    if not counted:
        return np.empty((0, 0)), np.empty(0)
    return design([i.shown_before_outcome().observation for i in counted])[:, 1:], labelled(counted)


@dataclass(frozen=True)
class OutOfSample:
    """Brier score and log loss on the user's outcomes, each predicted by a model that never saw it.

    ``old`` is the model in use before learning when it had seen none of the user's outcomes (the bundled
    one, say), else the prior alone; ``learned`` is the prior plus the other folds' outcomes.
    """

    folds: int
    old: str  # which model "old" is, in words
    old_brier: float
    old_log_loss: float
    learned_brier: float
    learned_log_loss: float


@dataclass(frozen=True)
class Learned:
    """What learning did: the new model, where it is, the model before it and how both do on the history."""

    model: Model
    path: Path
    before: Model
    outcomes: int
    out_of_sample: OutOfSample | None  # None with a single outcome: nothing to hold out

    @property
    def too_little(self) -> bool:
        """Fewer outcomes than it takes to judge: the summary says so."""
        return self.outcomes < TOO_FEW_OUTCOMES


def cross_validate(
    prior: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]],
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    prior_weight: float,
    folds: int = FOLDS,
    progress: Progress | None = None,
    old: Model | None = None,
) -> OutOfSample:
    """k-fold (leave-one-out when there are fewer outcomes than folds): the old model vs prior plus the other folds.

    ``old`` must have seen none of these outcomes (``real_outcomes == 0``) to be scored as it is; without
    one, the prior alone is fitted once, which is out of sample for every outcome.
    """
    if old is not None and old.real_outcomes:
        raise ValueError("old: a model that learned from real outcomes is not out of sample on them")
    k = min(folds, len(y))
    which = "the model in use before" if old is not None else "the prior alone"
    old = old if old is not None else fit(*prior, prior_weight=prior_weight)
    order = np.random.default_rng(FOLD_SEED).permutation(len(y))
    predicted = np.empty(len(y))
    for index, held_out in enumerate(np.array_split(order, k)):
        train = np.setdiff1d(order, held_out)
        model = fit(*prior, x[train], y[train], prior_weight=prior_weight)
        predicted[held_out] = model.probability(x[held_out])
        if progress:
            progress(0.2 + 0.6 * (index + 1) / k, f"fold {index + 1} of {k}")
    baseline = old.probability(x)
    return OutOfSample(
        k, which, brier_score(y, baseline), log_loss(y, baseline), brier_score(y, predicted), log_loss(y, predicted)
    )


def learn(
    journal: Journal,
    progress: Progress | None = None,
    folds: int = FOLDS,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    switch: bool = True,
) -> Learned:
    """Refit on the prior plus every scored outcome in the journal, save it as a new version and switch to it.

    Raises
    ------
    NothingToLearn
        When no interview has an outcome that counts (withdrawn ones do not).
    """

    def step(share: float, text: str) -> None:
        if progress:
            progress(share, text)

    step(0.0, "reading the prior")
    prior_x, prior_y, prior_digest = prior_rows()
    x, y = journal_rows(journal.interviews())
    if len(y) == 0:
        raise NothingToLearn(
            "there is no outcome to learn from yet: record an offer, next round, rejection or no response first"
        )
    before = load(active_model())
    step(0.1, f"checking on {len(y)} outcome{'s' if len(y) != 1 else ''} out of sample")
    scores = None
    if len(y) >= 2:
        # The model in use is scored as it is when it has seen none of these outcomes; else the prior alone.
        old = before if before.real_outcomes == 0 else None
        scores = cross_validate((prior_x, prior_y), x, y, prior_weight, folds, progress, old)
    step(0.85, "fitting on everything")
    model = fit(prior_x, prior_y, x, y, prior_weight=prior_weight)
    if scores is not None:
        model.metrics.update(
            {
                "journal_outcomes": float(len(y)),
                "out_of_sample_folds": float(scores.folds),
                "out_of_sample_log_loss_old": scores.old_log_loss,
                "out_of_sample_log_loss_learned": scores.learned_log_loss,
                "out_of_sample_brier_old": scores.old_brier,
                "out_of_sample_brier_learned": scores.learned_brier,
            }
        )
    digest = hashlib.sha256(prior_digest.encode())
    digest.update(np.ascontiguousarray(x).tobytes() + np.ascontiguousarray(y).tobytes())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = learned_models() / f"model-{stamp}-{digest.hexdigest()[:8]}.joblib"
    step(0.95, "saving the new model")
    save(model, digest.hexdigest(), path)
    learned = load(path)  # through the hash check, as every later start will
    if switch:
        switch_to(path)
    step(1.0, "done")
    return Learned(learned, path, before, len(y), scores)


# --- which model is in use --------------------------------------------------------------------


def _write_choice(active: str | None, previous: str | None) -> None:
    target = model_choice()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.partial")
    partial.write_text(json.dumps({"active": active, "previous": previous}) + "\n")
    partial.replace(target)  # never half a choice: the old file or the new one


def switch_to(path: Path | None) -> None:
    """Serve the learned model at ``path`` from now on (None: the default, your trained or the bundled one)."""
    _write_choice(None if path is None else path.name, read_model_choice()["active"])


def switch_back() -> bool:
    """Serve the model that was in use before the last switch; False when there was none to go back to."""
    choice = read_model_choice()
    if choice["active"] is None and choice["previous"] is None:
        return False
    _write_choice(choice["previous"], choice["active"])
    return True


def can_switch_back() -> bool:
    """Whether :func:`switch_back` has somewhere to go."""
    choice = read_model_choice()
    return choice["active"] is not None or choice["previous"] is not None


def delete_everything(journal: Journal) -> list[Path]:
    """Delete the journal (its file, WAL and shared memory) and every model learned from it; returns what went."""
    removed = journal.delete_all()
    for path in (learned_models(), model_choice()):
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
        elif path.exists():
            path.unlink()
            removed.append(path)
    return removed


def summary_lines(learned: Learned) -> list[str]:
    """What learning did, in plain sentences: the new version, what changed, and how old and new do."""
    from interview_signals.estimate.features import FEATURES
    from interview_signals.estimate.model import logistic
    from interview_signals.present.wording import percent

    model, before = learned.model, learned.before
    n = learned.outcomes
    lines = [
        f"New model {model.version}: the prior (worth {model.prior_weight:g} interviews) plus your {n} "
        f"outcome{'s' if n != 1 else ''}, each counting once. It is in use now; you can switch back."
    ]
    if learned.too_little:
        lines.append(
            f"With fewer than {TOO_FEW_OUTCOMES} outcomes this is too little data to judge: the new model "
            "stays close to the prior, and any difference in the scores below may be luck."
        )
    lines.append(
        f"Starting point for an interview with nothing known: {percent(logistic(before.intercept))} before, "
        f"{percent(logistic(model.intercept))} now."
    )
    change = model.coefficients - before.coefficients
    for index in np.argsort(-np.abs(change))[:3]:
        if abs(change[index]) >= 0.01:
            feature = FEATURES[index]
            lines.append(
                f"Effect of “{feature.unit}”: {before.coefficients[index]:+.2f} → {model.coefficients[index]:+.2f} "
                "log-odds."
            )
    scores = learned.out_of_sample
    if scores is None:
        lines.append("With a single outcome there is nothing to hold out, so no out-of-sample score yet.")
    else:
        how = "leave-one-out" if scores.folds == n else f"{scores.folds}-fold"
        lines.append(
            f"On your history, out of sample ({how}: each outcome predicted by a model that never saw it): "
            f"{scores.old}: log loss {scores.old_log_loss:.3f}, Brier {scores.old_brier:.3f}; "
            f"with your outcomes: log loss {scores.learned_log_loss:.3f}, Brier {scores.learned_brier:.3f} "
            "(lower is better)."
        )
    return lines
