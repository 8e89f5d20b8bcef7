"""Studies of the fitted model: effects against the truth, calibration, coverage, narrowing, a day-by-day walk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.assumptions import PriorAssumptions
from interview_signals.estimate.batch import frame_features
from interview_signals.estimate.csv_rows import outcomes
from interview_signals.estimate.explain import effects_table, explain
from interview_signals.estimate.features import FEATURE_NAMES
from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT, INTERVAL_LEVEL, Model, fit
from interview_signals.evaluation.metrics import SCORE_LABELS, reliability_table, scores
from interview_signals.observation import Observation
from interview_signals.prior.simulate import TRUE_PROBABILITY, simulate, true_coefficients, true_probability


def effects_frame(model: Model, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """The points table (:func:`~interview_signals.estimate.explain.effects_table`) as a frame.

    With ``assumptions``, a ``true_log_odds`` column holds the simulator's own effect of each feature,
    to compare with the fitted one.
    """
    table = pd.DataFrame([vars(effect) for effect in effects_table(model)])
    if assumptions is not None:
        table["true_log_odds"] = true_coefficients(assumptions)[1]
    return table


def _metrics(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> dict[str, float]:
    return {SCORE_LABELS[name]: value for name, value in scores(y, p).items()}


def calibration_summary(model: Model, frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """Calibration metrics of the model on a labelled frame, one row per metric.

    When the frame has a ``true_probability`` column (simulated interviews), a ``bayes_optimal``
    column gives the same metrics for the true probabilities: the best any model could do.
    """
    y = outcomes(frame, first_line=2)
    table = pd.DataFrame({"model": _metrics(y, model.probability(frame_features(frame, today)))})
    if TRUE_PROBABILITY in frame:
        table["bayes_optimal"] = _metrics(y, frame[TRUE_PROBABILITY].to_numpy(dtype=np.float64))
    return table.rename_axis(f"{len(y):,} interviews")


def reliability(model: Model, frame: pd.DataFrame, bins: int = 10, today: date | None = None) -> pd.DataFrame:
    """The data of a reliability diagram: per bin of prediction, mean prediction, observed rate, interviews."""
    y = outcomes(frame, first_line=2)
    return pd.DataFrame(reliability_table(y, model.probability(frame_features(frame, today)), bins))


def probe_interviews() -> dict[str, Observation]:
    """A fixed set of named interviews spanning the signals, all seen three weeks after a Monday interview."""
    first = {"interview_date": date(2026, 11, 2), "as_of": date(2026, 11, 20), "scheduled_minutes": 45}
    variants: dict[str, dict[str, Any]] = {
        "nothing known": {},
        "typical": {"actual_minutes": 55, "role_selling": "some", "decision_expected_by": date(2026, 11, 12)},
        "ran over, strong selling": {"actual_minutes": 75, "role_selling": "strong"},
        "cut short, no selling": {"actual_minutes": 25, "role_selling": "none"},
        "warm reply": {"follow_up_sent_on": date(2026, 11, 12), "follow_up_reply": "affirming"},
        "silent after follow-up": {"follow_up_sent_on": date(2026, 11, 10), "follow_up_reply": "none"},
        "final round, date passed": {"stage": "final_round", "decision_expected_by": date(2026, 11, 9)},
        "phone screen, acknowledged": {
            "stage": "phone_screen",
            "follow_up_sent_on": date(2026, 11, 12),
            "follow_up_reply": "acknowledged",
        },
    }
    return {name: Observation.model_validate(first | changes) for name, changes in variants.items()}


def _labelled(frame: pd.DataFrame) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    return frame_features(frame), outcomes(frame, first_line=2)


def interval_coverage(
    probes: Mapping[str, Observation],
    datasets: int = 200,
    rows: int = 300,
    seed: int = 0,
    assumptions: PriorAssumptions | None = None,
) -> pd.DataFrame:
    """How often the stated range holds the true probability, over many datasets of real outcomes only.

    Each of ``datasets`` datasets is ``rows`` interviews simulated from ``assumptions``; a model is fitted
    on it with no prior (``prior_weight=0``), and each probe's range, as :func:`explain` states it, is
    checked against the probe's true probability. Columns: probe, true_probability, mean_estimate,
    coverage (share of datasets whose range held the truth), its standard_error, mean_width, level
    and datasets.
    """
    truth = {name: true_probability(obs, assumptions) for name, obs in probes.items()}
    no_prior = np.empty((0, len(FEATURE_NAMES))), np.empty(0)
    hits = dict.fromkeys(probes, 0)
    estimates = dict.fromkeys(probes, 0.0)
    widths = dict.fromkeys(probes, 0.0)
    level = INTERVAL_LEVEL
    for i in range(datasets):
        real = _labelled(simulate(rows, seed=seed + i, assumptions=assumptions))
        model = fit(*no_prior, *real, prior_weight=0.0)
        level = model.level
        for name, obs in probes.items():
            said = explain(model, obs)
            hits[name] += said.interval.low <= truth[name] <= said.interval.high
            estimates[name] += said.probability / datasets
            widths[name] += (said.interval.high - said.interval.low) / datasets
    coverage = np.array([hits[name] / datasets for name in probes])
    return pd.DataFrame(
        {
            "probe": list(probes),
            "true_probability": list(truth.values()),
            "mean_estimate": list(estimates.values()),
            "coverage": coverage,
            "standard_error": np.sqrt(coverage * (1 - coverage) / datasets),
            "mean_width": list(widths.values()),
            "level": level,
            "datasets": datasets,
        }
    )


def interval_narrowing(
    prior: pd.DataFrame,
    real: pd.DataFrame,
    counts: Sequence[int],
    obs: Observation,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
) -> pd.DataFrame:
    """The estimate and range for ``obs`` as the first ``n`` real outcomes are added to the prior, for each n.

    ``prior`` and ``real`` are labelled frames of raw observation columns; ``real`` is taken in its
    order (a journal's, oldest first). Columns: real_outcomes, probability, low, high, width.

    Raises
    ------
    ValueError
        When a count asks for more real outcomes than ``real`` holds.
    """
    if max(counts, default=0) > len(real):
        raise ValueError(f"counts: {max(counts)} real outcomes asked for, but the frame holds {len(real)}")
    prior_x, prior_y = _labelled(prior)
    real_x, real_y = _labelled(real)
    rows = []
    for n in counts:
        model = fit(prior_x, prior_y, real_x[:n], real_y[:n], prior_weight=prior_weight)
        said = explain(model, obs)
        low, high = said.interval.low, said.interval.high
        rows.append(
            {"real_outcomes": n, "probability": said.probability, "low": low, "high": high, "width": high - low}
        )
    return pd.DataFrame(rows)


def _as_known_on(obs: Observation, day: date) -> Observation:
    """The observation as it stood on ``day``: what was sent later was not sent yet, nor was its reply."""
    update: dict[str, Any] = {"as_of": day}
    if obs.thank_you_sent_on is not None and obs.thank_you_sent_on > day:
        update["thank_you_sent_on"] = None
    if obs.follow_up_sent_on is not None and obs.follow_up_sent_on > day:
        update |= {"follow_up_sent_on": None, "follow_up_reply": None}
    return obs.model_copy(update=update)


def day_by_day(model: Model, obs: Observation) -> pd.DataFrame:
    """Replay an interview from its day to ``obs.as_of``: the estimate and its range on every calendar day.

    ``obs`` is the interview as it stands on its last day; earlier days see only what had been sent
    by then, and the decision date as promised at the interview. Columns: as_of, days_since_interview,
    probability, low, high, event (what happened that day, if anything).
    """
    reply = f" (reply: {obs.follow_up_reply})" if obs.follow_up_reply else ""
    events: dict[date | None, list[str]] = {}
    for day, event in (
        (obs.interview_date, "interview"),
        (obs.thank_you_sent_on, "thank-you sent"),
        (obs.follow_up_sent_on, "follow-up sent" + reply),
        (obs.decision_expected_by, "decision date"),
    ):
        events.setdefault(day, []).append(event)
    rows = []
    for offset in range((obs.as_of - obs.interview_date).days + 1):
        day = obs.interview_date + timedelta(days=offset)
        said = explain(model, _as_known_on(obs, day))
        rows.append(
            {
                "as_of": pd.Timestamp(day),
                "days_since_interview": offset,
                "probability": said.probability,
                "low": said.interval.low,
                "high": said.interval.high,
                "event": ", ".join(events.get(day, [])),
            }
        )
    return pd.DataFrame(rows)


def what_if_average(model: Model, obs: Observation) -> pd.DataFrame:
    """Each pending signal's outcomes with their chance and estimate, and the chance-weighted average of each.

    The average is the law of total probability at work: it equals the current estimate (the
    ``now`` column) up to how closely the fitted model follows the prior. Columns: signal, outcome,
    chance, probability, average, now.
    """
    from interview_signals.estimate.what_if import what_if

    now = explain(model, obs).probability
    table = pd.DataFrame([vars(s) for s in what_if(model, obs)])[["signal", "outcome", "chance", "probability"]]
    weighted = (table["chance"] * table["probability"]).groupby(table["signal"]).transform("sum")
    return table.assign(average=weighted, now=now)
