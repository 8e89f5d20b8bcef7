"""The prior's numbers, read from ``prior/assumptions.toml`` (package data), and what follows from them.

Every number the simulator and the news clock use is an entry of that file with its source. This
module sits below the model in the layers, so the clock and the what-ifs can read it. It turns the file
into typed values and derives what the class-conditional story implies: each signal's log likelihood
ratio (its effect on the log-odds) and the length distributions given each outcome.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from interview_signals.config import PRIOR_ASSUMPTIONS

ASSUMPTIONS_FILE = PRIOR_ASSUMPTIONS.name
OFFER, NO_OFFER = "offer", "no_offer"  # the two outcomes, as the file names them
STAGE_NAMES = ("phone_screen", "interview", "final_round")  # as in observation.STAGES, which a test holds equal


def _entries(table: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Flatten the file into ``{"base_rate.interview": {"value": ..., "source": ...}, ...}``."""
    out: dict[str, dict[str, Any]] = {}
    for key, item in table.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and "value" in item and "source" in item:
            out[name] = item
        elif isinstance(item, dict):
            out |= _entries(item, name + ".")
        else:
            raise ValueError(f"{ASSUMPTIONS_FILE}: {name} needs a value and a source")
    return out


@cache
def _document() -> dict[str, Any]:
    return tomllib.loads(PRIOR_ASSUMPTIONS.read_text(encoding="utf-8"))


@cache
def assumption_entries() -> dict[str, dict[str, Any]]:
    """Every entry of the bundled file, by dotted name, each with its ``value`` and ``source``."""
    return _entries({key: value for key, value in _document().items() if key != "known_limits"})


def known_limits() -> list[str]:
    """What the prior cannot know, one sentence each, from the bundled file."""
    return list(_document()["known_limits"])


def _mix(value: dict[str, float]) -> dict[str, float]:
    if not math.isclose(sum(value.values()), 1.0, abs_tol=1e-9):
        raise ValueError(f"{ASSUMPTIONS_FILE}: the shares {value} must sum to 1")
    return dict(value)


def _mean_tilt(effect: float, low: float, high: float) -> float:
    """E[exp(effect × s)] for s uniform on [low, high]."""
    return (math.exp(effect * high) - math.exp(effect * low)) / (effect * (high - low))


@dataclass(frozen=True)
class PriorAssumptions:
    """Every number of the prior, typed. Build it with :func:`load_assumptions`; ``replace`` to vary one."""

    stage_mix: dict[str, float]
    base_rate: dict[str, float]  # P(offer or next round | stage), over all interviews of the stage
    scheduled_minutes: dict[int, float]
    length_unknown: float
    on_time: float
    share_range: tuple[float, float]
    ran_over_effect: float
    cut_short_effect: float
    selling_unknown: float
    selling_given: dict[str, dict[str, float]]  # outcome -> level -> share
    thank_you_sent: float
    thank_you_days: tuple[int, int]
    decision_date_unknown: float
    decision_business_days: tuple[int, int]
    follow_up_sent: float
    follow_up_business_days: tuple[int, int]
    reply_within_days: int
    reply_not_recorded: float
    reply_given: dict[str, dict[str, float]]  # outcome -> none/acknowledged/affirming -> share
    clock: dict[str, Any]
    days_to_as_of: tuple[int, int]
    country_mix: dict[str, float]
    interview_dates: tuple[date, date]
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    # What the class-conditional story implies -------------------------------------------------

    def length_kind_given(self, outcome: str) -> dict[str, float]:
        """P(ran over / on time / cut short | outcome) among interviews whose length is known.

        Given no offer, lengths are the reference; given an offer, each share ``s`` over (short) is
        that density tilted by ``exp(effect × s)``, and "on time" has the same probability either way,
        so the log likelihood ratio of a length is exactly ``effect × share`` and on time says nothing.
        """
        low, high = self.share_range
        over_tilt = _mean_tilt(self.ran_over_effect, low, high)
        short_tilt = _mean_tilt(self.cut_short_effect, low, high)
        rest = 1.0 - self.on_time
        over = rest * (1 - short_tilt) / ((over_tilt - 1) + (1 - short_tilt))
        short = rest - over
        if outcome == OFFER:
            over, short = over * over_tilt, short * short_tilt
        return {"ran_over": over, "on_time": self.on_time, "cut_short": short}

    def typical_share(self, kind: str) -> float:
        """The share over (or short) whose likelihood ratio equals that of the kind as a whole.

        A what-if that says only "it ran over" is worth exactly as much as running over by this much.
        """
        low, high = self.share_range
        effect = self.ran_over_effect if kind == "ran_over" else self.cut_short_effect
        return math.log(_mean_tilt(effect, low, high)) / effect

    def effects(self) -> dict[str, float]:
        """Each model feature's log likelihood ratio per unit: its true effect on the log-odds."""
        sell, reply = self.selling_given, self.reply_given

        def lr(table: dict[str, dict[str, float]], level: str) -> float:
            return math.log(table[OFFER][level] / table[NO_OFFER][level])

        some = lr(sell, "some")
        acknowledged = lr(reply, "acknowledged")
        return {
            "ran_over": self.ran_over_effect,
            "cut_short": self.cut_short_effect,
            "selling_none": lr(sell, "none"),
            "selling_some_or_more": some,
            "selling_strong": lr(sell, "strong") - some,
            "reply_acknowledged_or_better": acknowledged,
            "reply_affirming": lr(reply, "affirming") - acknowledged,
            "no_reply": lr(reply, "none"),
            "silence": -1.0,  # the clock's weight is a log likelihood ratio already
        }


def _pair(value: list[Any]) -> tuple[Any, Any]:
    first, second = value
    return first, second


@cache
def load_assumptions() -> PriorAssumptions:
    """The bundled prior, validated (every mix sums to 1)."""
    e = {name: entry["value"] for name, entry in assumption_entries().items()}
    clock = {name.removeprefix("clock."): value for name, value in e.items() if name.startswith("clock.")}
    first, last = (date.fromisoformat(day) for day in e["population.interview_dates"])
    return PriorAssumptions(
        stage_mix=_mix({k: e[f"stage_mix.{k}"] for k in STAGE_NAMES}),
        base_rate={k: e[f"base_rate.{k}"] for k in STAGE_NAMES},
        scheduled_minutes={int(k): v for k, v in _mix(e["scheduled_minutes"]).items()},
        length_unknown=e["duration.unknown"],
        on_time=e["duration.on_time"],
        share_range=_pair(e["duration.share"]),
        ran_over_effect=e["duration.ran_over_effect"],
        cut_short_effect=e["duration.cut_short_effect"],
        selling_unknown=e["role_selling.unknown"],
        selling_given={OFFER: _mix(e["role_selling.given_offer"]), NO_OFFER: _mix(e["role_selling.given_no_offer"])},
        thank_you_sent=e["thank_you.sent"],
        thank_you_days=_pair(e["thank_you.calendar_days"]),
        decision_date_unknown=e["decision_date.unknown"],
        decision_business_days=_pair(e["decision_date.business_days"]),
        follow_up_sent=e["follow_up.sent"],
        follow_up_business_days=_pair(e["follow_up.business_days"]),
        reply_within_days=e["reply.within_business_days"],
        reply_not_recorded=e["reply.not_recorded"],
        reply_given={OFFER: _mix(e["reply.given_offer"]), NO_OFFER: _mix(e["reply.given_no_offer"])},
        clock=clock,
        days_to_as_of=_pair(e["population.calendar_days_to_as_of"]),
        country_mix=_mix(e["population.country_mix"]),
        interview_dates=(first, last),
        sources={name: entry["source"] for name, entry in assumption_entries().items()},
    )
