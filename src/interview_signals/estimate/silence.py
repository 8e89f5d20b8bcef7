"""How much hearing nothing should weigh: a time-to-news model of silence, after Travers (2020).

E. Travers, "Prediction through Simulation" (2020), simulates when a company phones after an
interview and reads P(offer | no call by day d) off the simulations: good news tends to come early,
bad news late or never, so each silent day is a little more evidence of bad news. Here the same
reasoning is written in closed form. Each parameter is an assumption, listed in ``data/README.md``.

For a silence of ``d`` business days after some event (a follow-up sent, a promised decision date):

* good news arrives after a grace period with a daily hazard ``fast_hazard``; a share ``slow_share``
  of good news is slow (another candidate was asked first and declined, Travers's long tail) and
  arrives with ``slow_hazard``;
* bad news never arrives with probability ``never``, otherwise with daily hazard ``bad_hazard``.

The weight of the silence is the log-likelihood ratio ``log P(silent | bad) - log P(silent | good)``:
zero inside the grace period, and growing with every silent business day after it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class SilenceModel:
    """Parameters of the time-to-news model for one kind of silence (all per business day)."""

    grace_days: int
    fast_hazard: float
    slow_share: float
    slow_hazard: float
    never: float
    bad_hazard: float
    cap_days: int

    def survival_good(self, days: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """P(no news yet after ``days`` business days | the news is good)."""
        waited = self._waited(days)
        fast = (1 - self.slow_share) * (1 - self.fast_hazard) ** waited
        return fast + self.slow_share * (1 - self.slow_hazard) ** waited

    def survival_bad(self, days: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """P(no news yet after ``days`` business days | the news is bad)."""
        return self.never + (1 - self.never) * (1 - self.bad_hazard) ** self._waited(days)

    def weight(self, days: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """How strongly ``days`` of silence point to bad news, in log-odds (0 inside the grace period)."""
        return np.log(self.survival_bad(days)) - np.log(self.survival_good(days))

    def _waited(self, days: npt.ArrayLike) -> npt.NDArray[np.float64]:
        return np.clip(np.asarray(days, dtype=np.float64), self.grace_days, self.cap_days) - self.grace_days


# "No reply carries no information in the first couple of business days": a grace of two.
AFTER_FOLLOW_UP = SilenceModel(
    grace_days=2,
    fast_hazard=0.30,
    slow_share=0.30,
    slow_hazard=0.07,
    never=0.45,
    bad_hazard=0.08,
    cap_days=30,
)
# A promised date that has just passed is often a day late; one business day of grace.
PAST_DECISION_DATE = SilenceModel(
    grace_days=1,
    fast_hazard=0.35,
    slow_share=0.35,
    slow_hazard=0.07,
    never=0.45,
    bad_hazard=0.10,
    cap_days=30,
)
