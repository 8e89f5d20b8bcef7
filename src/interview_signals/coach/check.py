"""Check a follow-up email draft against the article's advice: findings to fix and a checklist to complete."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interview_signals.coach.learned import Judged, LearnedModel, load_learned, word_tokens
from interview_signals.coach.rules import ChecklistItem, InvalidRules, Rule, RuleSet, entry_ids, load_rules, parse_rules
from interview_signals.coach.text import count_words, fold, word_spans

__all__ = [
    "CHECKLIST_IDS",
    "MAX_DRAFT_CHARS",
    "RULE_IDS",
    "ChecklistItem",
    "DraftReport",
    "Finding",
    "InvalidDraft",
    "InvalidRules",
    "Rule",
    "RuleSet",
    "check_draft",
    "count_words",
    "decode_draft",
    "fold",
    "load_rules",
    "name_parts",
    "parse_rules",
]

MAX_DRAFT_CHARS = 20_000

# Titles and honorifics are not names: "Dr." alone must not count as naming Dr. Levin.
_HONORIFICS = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam", "mme", "mlle", "herr")
)


class InvalidDraft(ValueError):
    """The draft can't be checked; the message says why and what to do."""


# --- Folding: match on a normalised copy, report offsets into the original ----------------------


# --- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the draft: which rule, where (``text[start:end] == excerpt``) and what to do."""

    rule: str
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str
    # Set only for a finding of the learned layer: the sentence's words that weighed most toward the rule.
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, str | int | list[str]]:
        """The finding as plain JSON-ready values; ``evidence`` only for a finding of the learned layer."""
        data: dict[str, str | int | list[str]] = {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.evidence:
            data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True, slots=True)
class DraftReport:
    """Everything :func:`check_draft` found: problems in text order, the checklist and the length."""

    findings: list[Finding]
    checklist: dict[str, bool]
    word_count: int

    def to_dict(self) -> dict[str, Any]:
        """``{"findings": [...], "checklist": {...}, "word_count": N}`` with plain JSON-ready values."""
        return {
            "findings": [finding.to_dict() for finding in self.findings],
            "checklist": dict(self.checklist),
            "word_count": self.word_count,
        }


# --- Rules as data --------------------------------------------------------------------------------


# --- The engine -----------------------------------------------------------------------------------


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Draft:
    """The draft prepared once for every rule: original and folded text, words, greeting, interviewer names."""

    text: str
    folded: str
    words: tuple[Span, ...]
    greeting: re.Match[str] | None
    names: re.Pattern[str] | None


def name_parts(name: str) -> list[str]:
    """The parts of a name that can identify the person, folded: neither titles nor initials.

    Examples
    --------
    >>> name_parts("Dr. Anne-Marie O'Brien")
    ['anne-marie', "o'brien"]
    >>> name_parts("Ms J.")
    []
    """
    parts = (part.strip('.,;:()"') for part in fold(name).split())
    return [part for part in parts if len(part) >= 2 and part not in _HONORIFICS]


@functools.lru_cache(maxsize=256)
def _names_pattern(interviewers: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for every interviewer: the full name, or any part of it that isn't a title or initial."""
    variants: set[str] = set()
    for name in interviewers:
        full = " ".join(fold(name).split())
        if not full:
            continue
        variants.add(full)
        variants.update(name_parts(name))
    if not variants:
        return None
    # "Jean Luc" and "JeanLuc" name Jean-Luc too.
    alternatives = "|".join(
        re.escape(variant).replace(r"\-", r"[-\s]?") for variant in sorted(variants, key=len, reverse=True)
    )
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


# A match of an ``unless`` pattern is a short phrase: one that overlaps a finding lies within this many characters
# of it, so the topic patterns search only there (a 200-word draft has a few findings per rule at most).
_TOPIC_REACH = 200


def _pattern_spans(rule: Rule, draft: _Draft) -> list[Span]:
    """Every non-empty match of the rule's patterns that no match of its ``unless`` patterns overlaps."""
    assert rule.pattern is not None
    spans = [match.span() for match in rule.pattern.finditer(draft.folded) if match.end() > match.start()]
    if not spans or not rule.unless:
        return spans
    # Only drafts with a match pay for the topic patterns, and only around the matches.
    windows = _merged((max(0, start - _TOPIC_REACH), end + _TOPIC_REACH) for start, end in spans)
    topics = [
        match.span() for window in windows for topic in rule.unless for match in topic.finditer(draft.folded, *window)
    ]
    return [(start, end) for start, end in spans if not any(a < end and start < b for a, b in topics)]


def _word_count_spans(rule: Rule, draft: _Draft) -> list[Span]:
    """The words past the limit, from the first extra word to the end of the last word."""
    assert rule.max_words is not None
    if len(draft.words) <= rule.max_words:
        return []
    return [(draft.words[rule.max_words][0], draft.words[-1][1])]


def _names_spans(rule: Rule, draft: _Draft) -> list[Span]:
    """The greeting line when no interviewer name appears anywhere; an empty span at 0 if there's no greeting."""
    if draft.names is None or draft.names.search(draft.folded):
        return []
    return [draft.greeting.span("line") if draft.greeting else (0, 0)]


_RULE_KINDS: Mapping[str, Callable[[Rule, _Draft], list[Span]]] = {
    "pattern": _pattern_spans,
    "word_count": _word_count_spans,
    "names": _names_spans,
}


def _pattern_present(item: ChecklistItem, draft: _Draft, findings: Sequence[Finding]) -> bool:
    assert item.pattern is not None
    return item.pattern.search(draft.folded) is not None


def _greeting_names_someone(item: ChecklistItem, draft: _Draft, findings: Sequence[Finding]) -> bool:
    """A greeting line that names a person: one of the interviewers if given, else any capitalised word."""
    if draft.greeting is None:
        return False
    start, end = draft.greeting.span("line")
    if any(f.rule == item.unless_rule and f.start < end and f.end > start for f in findings):
        return False
    if draft.names is not None:
        return draft.names.search(draft.folded, start, end) is not None
    addressee = draft.text[slice(*draft.greeting.span("addressee"))] if draft.greeting["addressee"] else ""
    return any(word[0].isupper() for word in addressee.split())


_CHECK_KINDS: Mapping[str, Callable[[ChecklistItem, _Draft, Sequence[Finding]], bool]] = {
    "pattern": _pattern_present,
    "greeting_name": _greeting_names_someone,
}


def _merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans of one rule become one finding."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _validated(text: str, interviewers: Sequence[str]) -> tuple[str, ...]:
    if not isinstance(text, str):
        raise InvalidDraft(f"draft must be text, not {type(text).__name__}; decode bytes with decode_draft()")
    if not text.strip():
        raise InvalidDraft("draft is empty: paste the text of your follow-up email")
    if len(text) > MAX_DRAFT_CHARS:
        raise InvalidDraft(
            f"draft is {len(text):,} characters, over the {MAX_DRAFT_CHARS:,} limit; "
            "a follow-up note should be a few short paragraphs"
        )
    if isinstance(interviewers, str):
        raise InvalidDraft(f"interviewers must be a list of names, not one string: use [{interviewers!r}]")
    if not all(isinstance(name, str) for name in interviewers):
        raise InvalidDraft("interviewers must be a list of names (strings)")
    return tuple(name for name in interviewers if name.strip())


def _topic_words(rule: Rule, folded: str, start: int, end: int) -> set[str]:
    """The words of ``folded[start:end]`` that the rule's ``unless`` patterns mark as a topic use ("sorry to hear")."""
    matches = (match[0] for topic in rule.unless for match in topic.finditer(folded, start, end))
    return {word for match in matches for word in word_tokens(match)}


def _learned_findings(
    text: str, folded: str, ruleset: RuleSet, model: LearnedModel, judged: Judged, found: Sequence[Finding]
) -> list[Finding]:
    """Sentences the learned layer flags for a rule the regex rules did not already find in that sentence.

    Where both find a rule, the regex's excerpt is kept: it points at the very words. A sentence whose strongest
    evidence is a word the rule's ``unless`` patterns call a topic use there ("I was sorry to hear ...") is not
    flagged: the rules know that use is innocent, and the layer's weight for the word comes from its other uses.
    """
    rules = {rule.id: rule for rule in ruleset.rules}
    findings = []
    for rule_id, start, end in model.flagged(judged):
        rule = rules.get(rule_id)
        if rule is None or any(f.rule == rule_id and f.start < end and f.end > start for f in found):
            continue
        evidence = model.evidence(folded[start:end], rule_id)
        if evidence and evidence[0] in _topic_words(rule, folded, start, end):
            continue
        findings.append(Finding(rule_id, start, end, text[start:end], rule.message, rule.suggestion, evidence))
    return findings


def check_draft(
    text: str,
    interviewers: Sequence[str] = (),
    *,
    rules: RuleSet | None = None,
    learned: LearnedModel | bool = True,
) -> DraftReport:
    r"""Check a follow-up email draft: what to fix, what a good note has, and how long it is.

    Parameters
    ----------
    text
        The draft as written. Offsets in the findings index into this exact string.
    interviewers
        Names of the people the candidate met, as typed (``"Zoë Ångström"``). When given, the draft
        must name one of them (full, first or last name, case and accents ignored); when empty, the
        ``missing_interviewer_name`` rule is off. Blank names are ignored.
    rules
        Rules to apply; the package's ``draft_rules.toml`` by default.
    learned
        The learned sentence layer (:mod:`interview_signals.coach.learned`) for the content rules:
        ``True`` for the package's model, a :class:`LearnedModel`, or ``False`` for the regex rules alone.
        Its findings span a whole sentence and name the words that drove them (``evidence``). It is also
        the regex rules' second opinion: a content rule's regex finding whose sentence it scores below the
        rule's veto is dropped (:meth:`LearnedModel.overrules`).

    Returns
    -------
    DraftReport
        ``findings`` sorted by position, ``checklist`` as item id -> present, and ``word_count``.

    Raises
    ------
    InvalidDraft
        If the draft is empty, only whitespace or longer than ``MAX_DRAFT_CHARS``.

    Examples
    --------
    >>> report = check_draft("Dear Hiring Manager,\n\nI am anxiously awaiting your decision.")
    >>> [(f.rule, f.excerpt) for f in report.findings]
    [('generic_greeting', 'Dear Hiring Manager,'), ('negative_language', 'anxiously')]
    >>> report.checklist["addresses_by_name"], report.word_count
    (False, 9)
    """
    names = _validated(text, interviewers)
    ruleset = rules if rules is not None else load_rules()
    folded = fold(text)
    draft = _Draft(
        text=text,
        folded=folded,
        words=word_spans(text),
        greeting=ruleset.greeting.match(folded),
        names=_names_pattern(names),
    )
    findings = [
        Finding(rule.id, start, end, text[start:end], rule.message, rule.suggestion)
        for rule in ruleset.rules
        for start, end in _merged(_RULE_KINDS[rule.kind](rule, draft))
    ]
    if learned is not False:
        model = load_learned() if learned is True else learned
        judged = model.judge(folded)
        # The layer's second opinion: a content rule's regex match in a sentence it scores far below the rule
        # ("calmed that nervous German shepherd") is a topic word, not the writer's mistake.
        findings = [
            finding
            for finding in findings
            if finding.rule not in model.rules or not model.overrules(finding.rule, finding.start, finding.end, judged)
        ]
        findings += _learned_findings(text, folded, ruleset, model, judged, findings)
    findings.sort(key=lambda finding: finding.start)
    checklist = {item.id: _CHECK_KINDS[item.kind](item, draft, findings) for item in ruleset.checklist}
    return DraftReport(findings=findings, checklist=checklist, word_count=len(draft.words))


def decode_draft(data: bytes) -> str:
    """Decode a draft file's bytes as UTF-8 (a leading byte-order mark is dropped).

    Raises
    ------
    InvalidDraft
        If the bytes are not valid UTF-8; the message gives the offending byte and the fix.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDraft(
            f"the draft is not UTF-8 text (not valid UTF-8 from byte 0x{data[exc.start]:02X} at offset {exc.start}); "
            "save the file as UTF-8 and try again"
        ) from None


RULE_IDS: tuple[str, ...] = entry_ids("rule")
CHECKLIST_IDS: tuple[str, ...] = entry_ids("checklist")
