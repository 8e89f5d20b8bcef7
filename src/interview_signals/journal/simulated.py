"""Simulated journals: a user's interviews drawn from a world of their own, for the notebook, tests and benchmarks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pandas as pd

from interview_signals.assumptions import NO_OFFER, OFFER, PriorAssumptions, load_assumptions
from interview_signals.estimate.csv_rows import OUTCOME
from interview_signals.estimate.model import Model
from interview_signals.journal.pipeline import estimates
from interview_signals.journal.store import Journal, NewInterview, Outcome, OutcomeEvent, Snapshot
from interview_signals.observation import FIELDS, Observation
from interview_signals.prior.simulate import simulate

DAYS_TO_OUTCOME = 21  # an outcome is recorded this many days after the save it followed


def different_world() -> PriorAssumptions:
    """A user whose world is not the prior's: offers are rarer, and how they answer a follow-up matters more."""
    prior = load_assumptions()
    return replace(
        prior,
        base_rate={stage: rate * 0.45 for stage, rate in prior.base_rate.items()},
        reply_given={
            OFFER: {"none": 0.30, "acknowledged": 0.30, "affirming": 0.40},
            NO_OFFER: {"none": 0.75, "acknowledged": 0.20, "affirming": 0.05},
        },
    )


def observations_of(frame: pd.DataFrame) -> list[Observation]:
    """The rows of a frame of raw observation columns (as :func:`simulate` draws them) as observations."""
    cells = frame[list(FIELDS)].astype(object).where(frame[list(FIELDS)].notna(), None)
    rows = []
    for record in cells.to_dict("records"):
        values = {}
        for name, value in record.items():
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif isinstance(value, np.generic):
                value = value.item()
            if value is not None:
                values[name] = value
        rows.append(Observation.model_validate(values, strict=False))
    return rows


def fill(
    journal: Journal,
    model: Model,
    interviews: int,
    seed: int,
    world: PriorAssumptions | None = None,
    closed_share: float = 1.0,
) -> list[int]:
    """Add ``interviews`` interviews drawn from ``world``, each saved with ``model``'s estimate, in one transaction.

    A ``closed_share`` of them have their outcome recorded: an offer or a next round when the world said yes,
    a rejection or no response when it said no. Returns the new ids.
    """
    frame = simulate(interviews, seed=seed, assumptions=world)
    observations = observations_of(frame)
    rng = np.random.default_rng(seed + 1)
    closed = rng.random(interviews) < closed_share
    kind = rng.random(interviews) < 0.5
    new = []
    for index, (obs, shown) in enumerate(zip(observations, estimates(model, observations), strict=True)):
        saved_at = datetime.combine(obs.as_of, time(12), tzinfo=UTC)
        outcomes: tuple[OutcomeEvent, ...] = ()
        if closed[index]:
            said_yes, first_kind = bool(frame[OUTCOME].iat[index]), bool(kind[index])
            outcome: Outcome = (
                ("offer" if first_kind else "next_round") if said_yes else ("rejected" if first_kind else "no_response")
            )
            outcomes = (OutcomeEvent(outcome, saved_at + timedelta(days=DAYS_TO_OUTCOME)),)
        new.append(NewInterview(f"Simulated interview {index + 1}", (Snapshot.of(obs, shown, saved_at),), outcomes))
    return journal.add_many(new)
