"""Folding: match on a normalised copy of a draft, report offsets into the original."""

from __future__ import annotations

import re
import unicodedata

# A word is a whitespace-separated token with at least one letter or digit ("I'm", "follow-up", "$1.2M").
_WORD = re.compile(r"\S*[^\W_]\S*")


# Characters whose plain form NFKD can't find, or that only differ by typography.
_SPECIAL_FOLDS = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u02bc": "'",  # ʼ (modifier letter apostrophe)
    "\u2032": "'",  # ′
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\r": " ",  # so "\r\n" line ends behave like "\n" for ^ and $
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ħ": "h",
    "Ħ": "h",
    "ı": "i",
}


def _fold_char(char: str) -> str:
    """One character folded to one character: plain lower-case letter, straight quote, or itself."""
    special = _SPECIAL_FOLDS.get(char)
    if special is not None:
        return special
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    lower = (base if len(base) == 1 else char).lower()
    return lower if len(lower) == 1 else char


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that fills itself in, one code point at a time."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text``, straighten quotes and strip accents, keeping its length.

    Every character maps to exactly one character, so an offset into the folded text is the same
    offset into the original, and ``text[start:end]`` is the excerpt a person sees.

    Examples
    --------
    >>> fold("I’m Zoë Ångström, Łukasz")
    "i'm zoe angstrom, lukasz"
    """
    return text.translate(_FOLD_TABLE)


def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` of every word of ``text``, as :func:`count_words` counts them.

    Examples
    --------
    >>> word_spans("Hi — Dana!")
    ((0, 2), (5, 10))
    """
    return tuple(match.span() for match in _WORD.finditer(text))


def count_words(text: str) -> int:
    """Number of whitespace-separated tokens that hold at least one letter or digit.

    Examples
    --------
    >>> count_words("Thanks again — I'm excited about the follow-up!")
    7
    """
    return sum(1 for _ in _WORD.finditer(text))
