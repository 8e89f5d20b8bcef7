"""The data card read as tables and lists: its claims, base rates and known limits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from interview_signals.config import DATA_CARD
from interview_signals.prior.simulate import PriorAssumptions

if TYPE_CHECKING:  # pandas and altair load on first use: the CLI's sentences should not pay for them
    import pandas as pd


def _plain(cell: str) -> str:
    """A markdown table cell as plain text: no bold markers, no backticks, straight minus signs."""
    return cell.replace("**", "").replace("`", "").replace("\N{MINUS SIGN}", "-").strip()


def card_table(heading: str, path: Path = DATA_CARD) -> pd.DataFrame:
    """The first markdown table under the data card's heading that starts with ``heading``, as plain text.

    Raises
    ------
    LookupError
        When the card has no such heading, or no table under it.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.lstrip("#").strip().startswith(heading) and line[:1] == "#"]
    if not starts:
        raise LookupError(f"{path.name} has no heading starting with {heading!r}")
    rows: list[list[str]] = []
    for line in lines[starts[0] + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([_plain(cell) for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    if len(rows) < 3:
        raise LookupError(f"{path.name} has no table under {heading!r}")
    header, body = rows[0], rows[2:]  # rows[1] is the |---| rule
    return pd.DataFrame(body, columns=header)


def _first_name(cell: str) -> str:
    return cell.split()[0]


def claims_table(path: Path = DATA_CARD, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """Each claim of the advice, the feature that encodes it, its effect in the simulator and its sources.

    ``effect`` is the simulator's number (log-odds per unit of the feature); ``as_stated`` is how the
    data card states it, so the two can be compared at a glance (a test holds them equal).
    """
    effects = (assumptions or PriorAssumptions()).effects
    card = card_table("Effect of each signal", path)
    feature = card["feature"].map(_first_name)
    return pd.DataFrame(
        {
            "feature": feature,
            "claim (direction source)": card["direction source"],
            "effect": feature.map(effects),
            "as_stated": card["effect"],
            "size source": card["size source"],
        }
    )


def base_rates_table(path: Path = DATA_CARD, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """P(offer or next round) by stage when nothing else is known: the simulator's number and its source."""
    rates = (assumptions or PriorAssumptions()).base_rate
    card = card_table("Base rates by stage", path)
    stage = card["stage"].map(_first_name)
    return pd.DataFrame({"stage": stage, "rate": stage.map(rates), "as_stated": card["rate"], "source": card["source"]})


def data_card_limits(markdown: str) -> list[str]:
    r"""The bullet points under the data card's "Known limits" heading, each joined onto one line.

    Examples
    --------
    >>> data_card_limits("# Card\n## Known limits\n\n- One,\n  wrapped.\n- Two.\n## Next\n- no")
    ['One, wrapped.', 'Two.']
    """
    section = re.search(r"^## Known limits\s*$(.*?)(?=^## |\Z)", markdown, flags=re.MULTILINE | re.DOTALL)
    if section is None:
        return []
    items: list[str] = []
    for line in section.group(1).splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def read_data_card_limits(path: Path = DATA_CARD) -> list[str]:
    """:func:`data_card_limits` of the data card file; empty when the file is missing."""
    try:
        return data_card_limits(path.read_text(encoding="utf-8"))
    except OSError:
        return []


# What no model of these signals can know, whatever its data: said first, in plain words.
PLAIN_LIMITS = (
    "It is not a verdict. It can't see how well you answered, who else is in the running, "
    "or the company's budget and timing.",
    "It knows only the signals on this page; anything else you noticed is not in the number.",
)


def limits(path: Path = DATA_CARD) -> list[str]:
    """The estimate's limits: the plain ones, then the data card's "Known limits"."""
    card = read_data_card_limits(path)
    if not card:
        return [*PLAIN_LIMITS, f"The data card ({path.name}) could not be read, so its own list of limits is missing."]
    return [*PLAIN_LIMITS, *card]
