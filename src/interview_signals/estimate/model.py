"""Fit, persist and load the model. Scoring needs numpy only; scikit-learn is imported to fit.

The model is a logistic regression on :data:`~interview_signals.estimate.features.FEATURES`, each effect held
to the sign the follow-up article gives it. Uncertainty is the Laplace approximation: the covariance
of the coefficients is the inverse of the weighted Fisher information, where the simulated prior
counts as ``prior_weight`` pseudo-interviews in all and each real outcome counts once.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from importlib.metadata import version as package_version
from pathlib import Path
from statistics import NormalDist
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from interview_signals.config import TRAIN_COMMAND, active_model
from interview_signals.estimate.features import FEATURE_NAMES, SIGNAL_MEMBERSHIP, SIGNS

DEFAULT_PRIOR_WEIGHT = 100.0  # pseudo-interviews; see data/README.md for why so few
INTERVAL_LEVEL = 0.90
# A weak N(0, 10^2) prior on the intercept and every coefficient, in the fit (a MAP estimate) and in the
# covariance (its precision), so the two agree. It keeps a fit on a handful of real outcomes finite (a
# signal that only one outcome's interviews showed would otherwise run off to infinity) and the covariance
# finite for a signal no interview shows. At 100 pseudo-interviews it narrows the intervals by about 1 %.
COEFFICIENT_PRIOR_PRECISION = 1e-2


@overload
def logistic(log_odds: float) -> float: ...
@overload
def logistic(log_odds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def logistic(log_odds: float | npt.NDArray[np.float64]) -> float | npt.NDArray[np.float64]:
    """The logistic function, log-odds -> probability, for one number or an array, without overflow.

    Examples
    --------
    >>> logistic(0.0), logistic(-800.0), logistic(np.array([0.0, 800.0])).tolist()
    (0.5, 0.0, [0.5, 1.0])
    """
    if isinstance(log_odds, float | int):
        if log_odds >= 0:
            return 1.0 / (1.0 + math.exp(-log_odds))
        odds = math.exp(log_odds)
        return odds / (1.0 + odds)
    return 0.5 * (1.0 + np.tanh(0.5 * log_odds))  # tanh saturates where exp would overflow


@dataclass(frozen=True)
class ModelInfo:
    """How much evidence stands behind the number."""

    version: str
    prior_weight: float
    real_outcomes: int


class ModelUnavailable(RuntimeError):
    """The model artifact is missing, damaged or not the project's own; the message says how to retrain."""


@dataclass(frozen=True)
class Model:
    """A fitted model: what scoring needs, in plain numpy."""

    intercept: float
    coefficients: npt.NDArray[np.float64]
    covariance: npt.NDArray[np.float64]  # over (intercept, *coefficients)
    prior_weight: float
    real_outcomes: int
    version: str = "unsaved"
    metrics: dict[str, float] = field(default_factory=dict)
    level: float = INTERVAL_LEVEL

    @cached_property
    def parts(self) -> npt.NDArray[np.float64]:
        """Maps ``[1, *features]`` to ``[baseline log-odds, *each signal's contribution]`` in one product."""
        return SIGNAL_MEMBERSHIP * np.concatenate(([self.intercept], self.coefficients))

    @cached_property
    def z(self) -> float:
        """The normal quantile of the interval's two-sided level: 1.645 at 90%."""
        return NormalDist().inv_cdf(0.5 + self.level / 2)

    @property
    def info(self) -> ModelInfo:
        """How much evidence stands behind this model's numbers."""
        return ModelInfo(self.version, self.prior_weight, self.real_outcomes)

    def log_odds(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Log-odds of each row of a design matrix (or of one feature row)."""
        return self.intercept + features @ self.coefficients

    def probability(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """P(offer or next round) of each row of a design matrix."""
        return logistic(self.log_odds(features))

    def spread(self, design: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Half-width of the plausible range in log-odds: ``z * sqrt(xᵀ S x)`` for each ``x = [1, *features]``.

        ``design`` is one such row or a matrix of them; the interval's ends are ``logistic(log-odds ± spread)``.
        """
        variance = ((design @ self.covariance) * design).sum(axis=-1)
        return np.asarray(self.z * np.sqrt(variance), dtype=np.float64)


def _fit_sign_constrained(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], weight: npt.NDArray[np.float64]
) -> tuple[float, npt.NDArray[np.float64]]:
    """The MAP estimate under the N(0, 1 / :data:`COEFFICIENT_PRIOR_PRECISION`) prior, each effect held to its sign.

    Maximises ``Σ weight × log-likelihood − precision / 2 × |(intercept, coefficients)|²``. An active-set
    loop around scikit-learn's L2-penalised ``LogisticRegression`` (the intercept a column of ones, so
    it is penalised like the rest): a coefficient that comes out with the wrong sign is pinned at 0 and
    the rest refitted; a pinned one whose gradient points the right way is released. With data like the
    prior nothing is ever pinned.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    if len(np.unique(y)) < 2:
        raise ValueError("outcome: fitting needs at least one interview of each outcome (1 and 0)")
    direction = np.concatenate(([1.0], np.where(SIGNS == 0, 1.0, SIGNS)))
    # Column 0 is the intercept; in these units every constrained coefficient must be >= 0.
    signed = np.hstack([np.ones((len(y), 1)), x]) * direction
    constrained = np.concatenate(([False], SIGNS != 0))
    scaled = weight * (len(weight) / weight.sum())  # same optimum, better-conditioned solver
    # scikit-learn minimises |θ|² / 2 + C Σ scaled × loss; this C makes that the MAP objective divided by a constant.
    c = weight.sum() / (COEFFICIENT_PRIOR_PRECISION * len(weight))
    active = np.ones(signed.shape[1], dtype=bool)
    for _ in range(4 * signed.shape[1]):
        # One BLAS thread: these problems are small, and on two busy cores threads made fits 10x slower.
        with threadpool_limits(limits=1):
            fit = LogisticRegression(C=c, fit_intercept=False, tol=1e-10, max_iter=10_000).fit(
                signed[:, active], y, sample_weight=scaled
            )
        theta = np.zeros(signed.shape[1])
        theta[active] = fit.coef_[0]
        wrong = active & constrained & (theta < 0)
        if wrong.any():
            active[np.argmin(np.where(wrong, theta, np.inf))] = False
            continue
        gradient = signed.T @ (scaled * (y - logistic(signed @ theta)))  # the penalty's gradient is 0 at 0
        wants_out = ~active & (gradient > 1e-6 * len(y))
        if not wants_out.any():
            beta = theta * direction
            return float(beta[0]), beta[1:]
        active[np.argmax(np.where(wants_out, gradient, -np.inf))] = True
    raise RuntimeError("the sign-constrained fit did not settle; this is a bug, please report it")


def laplace_covariance(
    x: npt.NDArray[np.float64],
    weight: npt.NDArray[np.float64],
    intercept: float,
    coefficients: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Inverse of the weighted Fisher information at the fit, over (intercept, *coefficients)."""
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    p = logistic(intercept + x @ coefficients)
    information = design.T @ (design * (weight * p * (1 - p))[:, None])
    information += COEFFICIENT_PRIOR_PRECISION * np.eye(design.shape[1])
    covariance = np.asarray(np.linalg.inv(information), dtype=np.float64)
    return (covariance + covariance.T) / 2


def fit(
    prior_x: npt.NDArray[np.float64],
    prior_y: npt.NDArray[np.float64],
    real_x: npt.NDArray[np.float64] | None = None,
    real_y: npt.NDArray[np.float64] | None = None,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
) -> Model:
    """Fit on the simulated prior (``prior_weight`` pseudo-interviews in all) plus real outcomes (1 each).

    Parameters
    ----------
    prior_x, prior_y
        Design matrix and 0/1 outcomes of simulated interviews; may be empty when ``prior_weight`` is 0.
    real_x, real_y
        Design matrix and 0/1 outcomes of interviews the user recorded.
    prior_weight
        How many real interviews the whole prior is worth. Each simulated row weighs
        ``prior_weight / len(prior_y)``.
    """
    if prior_weight < 0 or not math.isfinite(prior_weight):
        raise ValueError(f"prior_weight: {prior_weight!r} must be a finite number of pseudo-interviews, 0 or more")
    real_x = np.empty((0, len(FEATURE_NAMES))) if real_x is None else real_x
    real_y = np.empty(0) if real_y is None else real_y
    use_prior = prior_weight > 0 and len(prior_y) > 0
    parts_x = [prior_x, real_x] if use_prior else [real_x]
    parts_y = [prior_y, real_y] if use_prior else [real_y]
    weights = ([np.full(len(prior_y), prior_weight / len(prior_y))] if use_prior else []) + [np.ones(len(real_y))]
    x, y, weight = np.vstack(parts_x), np.concatenate(parts_y), np.concatenate(weights)
    intercept, coefficients = _fit_sign_constrained(x, y, weight)
    return Model(
        intercept=intercept,
        coefficients=coefficients,
        covariance=laplace_covariance(x, weight, intercept, coefficients),
        prior_weight=prior_weight if use_prior else 0.0,
        real_outcomes=len(real_y),
    )


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sidecar_of(path: Path) -> Path:
    """The JSON that describes an artifact, beside it."""
    return path.with_suffix(".json")


def save(model: Model, training_sha256: str, path: Path) -> dict[str, Any]:
    """Write the artifact with joblib (plain arrays and numbers only) and its JSON description beside it."""
    import joblib

    version = f"{package_version('interview-signals')}+{training_sha256[:8]}"
    payload = {
        "features": list(FEATURE_NAMES),
        "intercept": model.intercept,
        "coefficients": model.coefficients,
        "covariance": model.covariance,
        "prior_weight": model.prior_weight,
        "real_outcomes": model.real_outcomes,
        "level": model.level,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".joblib.partial")
    joblib.dump(payload, partial)
    description = {
        "version": version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "features": list(FEATURE_NAMES),
        "prior_weight": model.prior_weight,
        "real_outcomes": model.real_outcomes,
        "interval_level": model.level,
        "training_data_sha256": training_sha256,
        "artifact_sha256": sha256_of(partial),
        "library_versions": {
            name: package_version(name) for name in ("numpy", "scikit-learn", "pandas", "joblib", "holidays")
        }
        | {"python": platform.python_version()},
        "metrics": model.metrics,
    }
    sidecar_of(path).write_text(json.dumps(description, indent=2) + "\n")
    partial.replace(path)  # the artifact appears only once its description is in place
    return description


def _unavailable(path: Path, problem: str) -> ModelUnavailable:
    return ModelUnavailable(f"the model at {path} {problem}; retrain it with `{TRAIN_COMMAND}` (or `make model`)")


def load(path: Path | None = None) -> Model:
    """Load the project's model after checking its SHA-256 against the JSON beside it.

    ``path`` defaults to :func:`~interview_signals.config.active_model`: the user's own model if they
    trained one, else the bundled one.

    Nothing is unpickled before the hash matches, so a truncated or replaced file is refused, not run.

    Raises
    ------
    ModelUnavailable
        When the artifact or its description is missing, unreadable, or does not match.
    """
    path = active_model() if path is None else path
    sidecar = sidecar_of(path)
    if not path.is_file():
        raise _unavailable(path, "is missing")
    try:
        description = json.loads(sidecar.read_text())
        expected = description["artifact_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        raise _unavailable(path, f"has no readable description at {sidecar.name}") from None
    if sha256_of(path) != expected:
        raise _unavailable(path, f"does not match the SHA-256 recorded in {sidecar.name} (truncated or changed)")
    import joblib

    try:
        payload = joblib.load(path)
        if payload["features"] != list(FEATURE_NAMES):
            raise _unavailable(path, "was trained on other features than this version uses")
        k = len(FEATURE_NAMES)
        coefficients = np.asarray(payload["coefficients"], dtype=np.float64).reshape(k)
        covariance = np.asarray(payload["covariance"], dtype=np.float64).reshape(k + 1, k + 1)
        return Model(
            intercept=float(payload["intercept"]),
            coefficients=coefficients,
            covariance=covariance,
            prior_weight=float(payload["prior_weight"]),
            real_outcomes=int(payload["real_outcomes"]),
            version=str(description["version"]),
            metrics=dict(description.get("metrics", {})),
            level=float(payload["level"]),
        )
    except ModelUnavailable:
        raise
    except Exception as exc:  # a file that matched its hash but is not what this version expects
        raise _unavailable(path, f"could not be read ({type(exc).__name__})") from None
