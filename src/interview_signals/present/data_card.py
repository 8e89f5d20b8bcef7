"""The data card's numbers, generated from the prior's assumptions file, and the estimate's limits.

``data/README.md`` is prose around blocks that this module writes from ``prior/assumptions.toml`` (package
data), so the card cannot disagree with the simulator: ``python -m interview_signals.present.data_card``
rewrites the blocks, and a test holds the card equal to its regenerated self. The page reads the same
file (through :func:`limits` and :func:`~interview_signals.present.wording.assumptions`), so an installed
package shows the same text as a checkout.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_signals.assumptions import NO_OFFER, OFFER, assumption_entries, known_limits, load_assumptions
from interview_signals.config import DATA_CARD
from interview_signals.estimate.features import FEATURES
from interview_signals.estimate.silence import news_clock

if TYPE_CHECKING:  # pandas loads on first use: the CLI's sentences should not pay for it
    import pandas as pd

BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)
CLOCK_DAYS = (0, 2, 3, 5, 10, 20, 40, 60)  # business days since the interview shown in the clock's table
CLOCK_FOLLOW_UP_DAY, CLOCK_DECISION_DAY = 7, 5  # the example follow-up and promised date of that table


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_number(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "–".join(_number(item) for item in value)
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _base_rates() -> str:
    entries = assumption_entries()
    rows = [
        [f"`{stage}`", f"{rate:.2f}", entries[f"base_rate.{stage}"]["source"]]
        for stage, rate in load_assumptions().base_rate.items()
    ]
    return _table(["stage", "P(offer or next round)", "source"], rows)


def _signals() -> str:
    rows = [
        [
            str(r["signal"]),
            str(r["level"]),
            f"{r['given_offer']:.3f}",
            f"{r['given_no_offer']:.3f}",
            f"{r['log_likelihood_ratio']:+.3f}",
        ]
        for r in signal_distributions().to_dict("records")
    ]
    return _table(["signal", "level", "given an offer", "given no offer", "log likelihood ratio"], rows)


def _effects() -> str:
    effects = load_assumptions().effects()
    rows = [
        [f"`{feature.name}`", feature.unit, f"{effects[feature.name]:+.3f}"]
        for feature in FEATURES
        if feature.name in effects
    ]
    return _table(["model feature", "one unit is", "true effect (log-odds)"], rows)


def _clock() -> str:
    clock = news_clock()
    f, p = CLOCK_FOLLOW_UP_DAY, CLOCK_DECISION_DAY
    rows = [
        [
            str(day),
            f"{clock.weight_of(day):.2f}",
            f"{clock.weight_of(day, follow_up=f):.2f}",
            f"{clock.weight_of(day, decision=p):.2f}",
            f"{clock.weight_of(day, f, p):.2f}",
        ]
        for day in CLOCK_DAYS
    ]
    header = [
        "business days since the interview",
        "nothing else",
        f"follow-up on day {f}",
        f"promised date day {p}",
        "both",
    ]
    return _table(header, rows)


def _entries() -> str:
    rows = [[f"`{name}`", _number(entry["value"]), entry["source"]] for name, entry in assumption_entries().items()]
    return _table(["entry", "value", "source"], rows)


def _limits() -> str:
    return "".join(f"- {limit}\n" for limit in known_limits())


BLOCKS: dict[str, Callable[[], str]] = {
    "base-rates": _base_rates,
    "signals": _signals,
    "effects": _effects,
    "clock": _clock,
    "entries": _entries,
    "limits": _limits,
}


def render(card: str) -> str:
    """The card with every generated block rewritten from the assumptions file.

    Raises
    ------
    LookupError
        When the card names a block this module does not know.
    """

    def block(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in BLOCKS:
            raise LookupError(f"the data card names an unknown generated block {name!r}")
        return match[1] + BLOCKS[name]() + match[4]

    return BLOCK.sub(block, card)


def signal_distributions() -> pd.DataFrame:
    """Each signal's distribution given each outcome and the log likelihood ratio of each level (the story's core).

    Columns: signal, level, given_offer, given_no_offer, log_likelihood_ratio; "not known" has the same
    share under both outcomes, so its ratio is 0.
    """
    import pandas as pd

    a = load_assumptions()
    lengths = {outcome: a.length_kind_given(outcome) for outcome in (OFFER, NO_OFFER)}
    rows = []
    for signal, tables, unknown in (
        ("length", lengths, a.length_unknown),
        ("role selling", a.selling_given, a.selling_unknown),
        ("reply to the follow-up", a.reply_given, a.reply_not_recorded),
    ):
        rows.append((signal, "not known", unknown, unknown))
        rows += [
            (signal, level.replace("_", " "), tables[OFFER][level], tables[NO_OFFER][level]) for level in tables[OFFER]
        ]
    frame = pd.DataFrame(rows, columns=["signal", "level", "given_offer", "given_no_offer"])
    return frame.assign(log_likelihood_ratio=lambda f: (f["given_offer"] / f["given_no_offer"]).map(math.log))


def claims_table() -> pd.DataFrame:
    """Each feature the prior gives an effect: what one unit means, its true effect and where it comes from."""
    import pandas as pd

    effects, sources = load_assumptions().effects(), assumption_entries()
    origin = {
        "ran_over": "duration.ran_over_effect",
        "cut_short": "duration.cut_short_effect",
        "selling_none": "role_selling.given_no_offer",
        "selling_some_or_more": "role_selling.given_offer",
        "selling_strong": "role_selling.given_offer",
        "reply_acknowledged_or_better": "reply.given_no_offer",
        "reply_affirming": "reply.given_offer",
        "no_reply": "reply.given_no_offer",
        "silence": "clock.grace_business_days",
    }
    return pd.DataFrame(
        [
            {
                "feature": f.name,
                "one unit is": f.unit,
                "effect": effects[f.name],
                "source": sources[origin[f.name]]["source"],
            }
            for f in FEATURES
            if f.name in effects
        ]
    )


def base_rates_table() -> pd.DataFrame:
    """P(offer or next round) by stage over all its interviews (the rate on the interview day) and its source."""
    import pandas as pd

    entries = assumption_entries()
    return pd.DataFrame(
        [
            {"stage": stage, "rate": rate, "source": entries[f"base_rate.{stage}"]["source"]}
            for stage, rate in load_assumptions().base_rate.items()
        ]
    )


# What no model of these signals can know, whatever its data: said first, in plain words.
PLAIN_LIMITS = (
    "It is not a verdict. It can't see how well you answered, who else is in the running, "
    "or the company's budget and timing.",
    "It knows only the signals on this page; anything else you noticed is not in the number.",
)


def limits() -> list[str]:
    """The estimate's limits: the plain ones, then the prior's known limits (package data, as on the data card)."""
    return [*PLAIN_LIMITS, *known_limits()]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks of the data card (default ``data/README.md``) in place."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DATA_CARD
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
