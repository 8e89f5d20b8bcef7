"""One clock for news: how much hearing nothing weighs, since the interview, after a follow-up, past a date.

After E. Travers, "Prediction through Simulation" (2020), whose idea is to simulate when the company
calls after an interview and read P(offer | no call by day d) off the simulations: good news tends to
come early, so every silent day is a little evidence of bad news. Here the same reasoning is written
in closed form, for one decision that arrives once, on some business day after the interview.

Given each outcome, companies are of a few kinds (a share and a daily hazard each, from
``prior/assumptions.toml``): good news comes fast or slowly; bad news comes slowly or never. Nothing comes
in the first ``grace`` business days. The news becomes overdue from two business days after a follow-up
or from one business day after a promised decision date, whichever comes first: from then on each kind's
daily hazard is multiplied by the outcome's overdue multiplier. A follow-up and a passed date are two
reasons to expect the *same* news, so they share one multiplier and a day counts once however many
reasons apply: two silences over the same days weigh as one. The weight of a silence is

    log P(no news by then | no offer) - log P(no news by then | offer),

the exact Bayes update of this clock: 0 inside the grace period, growing with every silent day after it.
Days are business days since the interview; a follow-up or a date that does not exist is :data:`NEVER`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import numpy.typing as npt

from interview_signals.assumptions import NO_OFFER, OFFER, PriorAssumptions, load_assumptions

NEVER = 1 << 40  # the business day of a follow-up that was not sent, or of a date not given
Days = npt.ArrayLike


@dataclass(frozen=True)
class NewsClock:
    """The time-to-news model: a mixture of daily hazards per outcome, made more urgent by events."""

    grace_days: int
    cap_days: int
    follow_up_grace_days: int
    decision_grace_days: int
    kinds: dict[str, tuple[tuple[float, float], ...]]  # outcome -> ((share, daily hazard), ...)
    overdue_multiplier: dict[str, float]

    @classmethod
    def of(cls, a: PriorAssumptions) -> NewsClock:
        """The clock the assumptions describe."""
        c = a.clock
        fast = c["offer_fast_share"]
        never = c["no_offer_never_share"]
        return cls(
            grace_days=c["grace_business_days"],
            cap_days=c["cap_business_days"],
            follow_up_grace_days=a.reply_within_days,
            decision_grace_days=c["decision_date_grace_business_days"],
            kinds={
                OFFER: ((fast, c["offer_fast_hazard"]), (1 - fast, c["offer_slow_hazard"])),
                NO_OFFER: ((never, 0.0), (1 - never, c["no_offer_hazard"])),
            },
            overdue_multiplier=dict(c["overdue_multiplier"]),
        )

    def _capped(self, days: Days, follow_up: Days, decision: Days) -> tuple[npt.NDArray[np.int64], ...]:
        """The last counted day, and the day the news becomes overdue (the earlier of the two events' starts).

        The start lies in ``[grace, cap]`` and the last day in ``[0, cap]``: past the cap a later start
        counts nothing either way, and before the grace period no day counts, so clipping changes no exposure.
        """
        end = np.clip(np.asarray(days, dtype=np.int64), 0, self.cap_days)
        follow_up_start = np.asarray(follow_up, dtype=np.int64) + self.follow_up_grace_days
        decision_start = np.asarray(decision, dtype=np.int64) + self.decision_grace_days
        return end, np.clip(np.minimum(follow_up_start, decision_start), self.grace_days, self.cap_days)

    def exposure(
        self, outcome: str, days: Days, follow_up: Days = NEVER, decision: Days = NEVER
    ) -> npt.NDArray[np.float64]:
        """Hazard-weighted silent days by day ``days``: an overdue day counts the multiplier, any other day 1."""
        return self._exposure(outcome, *self._capped(days, follow_up, decision))

    def _exposure(
        self, outcome: str, end: npt.NDArray[np.int64], overdue: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        silent = np.maximum(end - self.grace_days, 0)
        late = np.maximum(end - overdue, 0)
        return np.asarray(silent + (self.overdue_multiplier[outcome] - 1) * late, dtype=np.float64)

    def log_survival(
        self, outcome: str, days: Days, follow_up: Days = NEVER, decision: Days = NEVER
    ) -> npt.NDArray[np.float64]:
        """The log of P(no news by business day ``days`` | outcome)."""
        return self._log_survival(outcome, self.exposure(outcome, days, follow_up, decision))

    def _log_survival(self, outcome: str, exposure: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        terms = [np.log(share) + exposure * np.log1p(-hazard) for share, hazard in self.kinds[outcome]]
        return np.asarray(np.logaddexp.reduce(terms, axis=0), dtype=np.float64)

    @cached_property
    def _log_survivals(self) -> dict[str, npt.NDArray[np.float64]]:
        """:meth:`log_survival` of each outcome at every capped (last day, overdue start).

        Built once from the formula; a million rows, or one interview, then read it with one look-up.
        """
        grid = np.meshgrid(np.arange(self.cap_days + 1), np.arange(self.grace_days, self.cap_days + 1), indexing="ij")
        return {outcome: self._log_survival(outcome, self._exposure(outcome, *grid)) for outcome in self.kinds}

    @cached_property
    def _weights(self) -> npt.NDArray[np.float64]:
        tables = self._log_survivals
        return np.asarray(tables[NO_OFFER] - tables[OFFER], dtype=np.float64)

    def _cell(self, days: int, follow_up: int, decision: int) -> tuple[int, int]:
        """The table cell of one interview: :meth:`_capped` in plain ints, the single estimate's fast path."""
        grace, cap = self.grace_days, self.cap_days
        overdue = min(follow_up + self.follow_up_grace_days, decision + self.decision_grace_days)
        return min(max(days, 0), cap), min(max(overdue, grace), cap) - grace

    def log_survival_of(self, outcome: str, days: int, follow_up: int = NEVER, decision: int = NEVER) -> float:
        """:meth:`log_survival` of one interview, as a plain float."""
        return float(self._log_survivals[outcome][self._cell(days, follow_up, decision)])

    def weight_of(self, days: int, follow_up: int = NEVER, decision: int = NEVER) -> float:
        """:meth:`weight` of one interview, as a plain float."""
        return float(self._weights[self._cell(days, follow_up, decision)])

    def weight(self, days: Days, follow_up: Days = NEVER, decision: Days = NEVER) -> npt.NDArray[np.float64]:
        """How strongly the silence points to bad news, in log-odds (0 inside the grace period)."""
        end, overdue = self._capped(days, follow_up, decision)
        return np.asarray(self._weights[end, overdue - self.grace_days], dtype=np.float64)


@cache
def news_clock() -> NewsClock:
    """The clock of the bundled prior."""
    return NewsClock.of(load_assumptions())
