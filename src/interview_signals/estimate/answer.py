"""The one answer for an observation: its explanation, what could change, next steps, model info."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from interview_signals.estimate.explain import Contribution, Interval, explain
from interview_signals.estimate.model import Model
from interview_signals.estimate.next_steps import NextStep, next_steps
from interview_signals.estimate.what_if import Scenario, what_if
from interview_signals.observation import Observation


@dataclass(frozen=True)
class ModelInfo:
    """How much evidence stands behind the number."""

    version: str
    prior_weight: float
    real_outcomes: int


@dataclass(frozen=True)
class Estimate:
    """Everything the page and the CLI show for one observation."""

    probability: float
    interval: Interval
    baseline: float
    contributions: tuple[Contribution, ...]
    what_if: tuple[Scenario, ...]
    next_steps: tuple[NextStep, ...]
    model: ModelInfo

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (dates as ISO strings)."""
        return {
            "probability": self.probability,
            "interval": asdict(self.interval),
            "baseline": self.baseline,
            "contributions": [asdict(c) for c in self.contributions],
            "what_if": [asdict(s) | {"as_of": s.as_of.isoformat()} for s in self.what_if],
            "next_steps": [step.to_dict() for step in self.next_steps],
            "model": asdict(self.model),
        }


def estimate(model: Model, obs: Observation) -> Estimate:
    """The full answer for one observation: explanation, what-if scenarios, next steps and model info."""
    explanation = explain(model, obs)
    return Estimate(
        probability=explanation.probability,
        interval=explanation.interval,
        baseline=explanation.baseline,
        contributions=explanation.contributions,
        what_if=what_if(model, obs),
        next_steps=tuple(next_steps(obs)),
        model=ModelInfo(model.version, model.prior_weight, model.real_outcomes),
    )
