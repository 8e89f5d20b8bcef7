"""How good the model is on simulated interviews whose true probability is known."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EPS = 1e-12


def expected_calibration_error(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], bins: int = 10) -> float:
    """Expected calibration error over ``bins`` equal-width bins of the predicted probability."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            total += members.mean() * abs(y[members].mean() - p[members].mean())
    return float(total)


def log_loss(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> float:
    """Mean negative log-likelihood of 0/1 outcomes under probabilities ``p``."""
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def calibration_slope_intercept(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Slope and intercept of the logistic recalibration ``logit P(y) = a + b * logit(p)`` (ideal: 1, 0)."""
    from sklearn.linear_model import LogisticRegression

    p = np.clip(p, EPS, 1 - EPS)
    logit = np.log(p / (1 - p))[:, None]
    fit = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(logit, y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def brier_score(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> float:
    """Mean squared difference between probabilities and 0/1 outcomes: 0 is perfect, 0.25 is a coin's 50%."""
    return float(np.mean((p - y) ** 2))


SCORE_LABELS = {
    "ece_10_bins": "ECE (10 bins)",
    "brier": "Brier score",
    "log_loss": "log loss",
    "calibration_slope": "calibration slope (ideal 1)",
    "calibration_intercept": "calibration intercept (ideal 0)",
}


def scores(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> dict[str, float]:
    """ECE, Brier score, log loss, calibration slope and intercept of ``p`` (keyed as :data:`SCORE_LABELS`)."""
    slope, intercept = calibration_slope_intercept(y, p)
    return {
        "ece_10_bins": expected_calibration_error(y, p),
        "brier": brier_score(y, p),
        "log_loss": log_loss(y, p),
        "calibration_slope": slope,
        "calibration_intercept": intercept,
    }


def calibration_report(
    y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], true_p: npt.NDArray[np.float64]
) -> dict[str, float]:
    """:func:`scores` on held-out interviews, with the Bayes-optimal log loss (of ``true_p``) and the ratio."""
    model, bayes_loss = scores(y, p), log_loss(y, true_p)
    return {
        "held_out_interviews": float(len(y)),
        **model,
        "bayes_log_loss": bayes_loss,
        "log_loss_ratio_to_bayes": model["log_loss"] / bayes_loss,
    }


def reliability_table(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], bins: int = 10) -> list[dict[str, float]]:
    """Per-bin mean prediction, observed rate and count: the data of a reliability diagram."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        members = which == b
        if members.any():
            rows.append(
                {
                    "bin": b,
                    "predicted": float(p[members].mean()),
                    "observed": float(y[members].mean()),
                    "interviews": float(members.sum()),
                }
            )
    return rows
