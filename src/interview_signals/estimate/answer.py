"""The one answer for an observation: its explanation, what could change, next steps, model info."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from interview_signals.estimate.explain import Contribution, Explanation, Interval, explain
from interview_signals.estimate.model import Model, ModelInfo
from interview_signals.estimate.next_steps import NextStep, next_steps
from interview_signals.estimate.what_if import Scenario, what_if
from interview_signals.observation import Observation


@dataclass(frozen=True)
class Estimate:
    """Everything the page and the CLI show for one observation: its explanation and what follows from it."""

    explanation: Explanation
    what_if: tuple[Scenario, ...]
    next_steps: tuple[NextStep, ...]
    model: ModelInfo

    @property
    def probability(self) -> float:
        """P(offer or next round): the explanation's."""
        return self.explanation.probability

    @property
    def interval(self) -> Interval:
        """The plausible range: the explanation's."""
        return self.explanation.interval

    @property
    def baseline(self) -> float:
        """The probability with every signal unknown: the explanation's."""
        return self.explanation.baseline

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Each signal's move in log-odds: the explanation's."""
        return self.explanation.contributions

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
    return Estimate(explain(model, obs), what_if(model, obs), tuple(next_steps(obs)), model.info)
