"""The draft rules as data: ``draft_rules.toml`` read, validated and compiled once."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

RULES_FILE = "draft_rules.toml"


# Patterns run on folded (lower-case) text, so IGNORECASE would only slow them down (about twice as slow).
PATTERN_FLAGS = re.MULTILINE


# A capital letter outside an escape (\S, \A) or a named group "(?P<" could never match folded text.
_CAPITAL = re.compile(r"(?<!\\)(?<!\(\?)[A-Z]")


# A reference to a named fragment of the [terms] table: "{not_a_plural}". Regex braces hold digits ("{0,3}"),
# so a name in braces can only mean a term.
_TERM = re.compile(r"\{([a-z_]+)\}")


class InvalidRules(ValueError):
    """The rules file is malformed; the message names the entry and the field."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``[[rule]]`` entry of the rules file, its patterns compiled into one alternation."""

    id: str
    kind: str
    message: str
    suggestion: str
    source: str
    pattern: re.Pattern[str] | None = None
    max_words: int | None = None
    # A match of ``pattern`` that overlaps a match of ``unless`` is not a finding: the same words used
    # as a topic of the job ("how to apologise to a caller", "anxious users", "drug candidates").
    unless: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One ``[[checklist]]`` entry: something a good note has."""

    id: str
    kind: str
    label: str
    hint: str
    source: str
    pattern: re.Pattern[str] | None = None
    unless_rule: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The parsed rules file: rules, checklist items and the greeting-line pattern they share."""

    rules: tuple[Rule, ...]
    checklist: tuple[ChecklistItem, ...]
    greeting: re.Pattern[str]


_RULE_FIELDS = {
    "pattern": {"id", "kind", "message", "suggestion", "source", "patterns", "unless"},
    "word_count": {"id", "kind", "message", "suggestion", "source", "max_words"},
    "names": {"id", "kind", "message", "suggestion", "source"},
}


# Fields an entry may leave out.
_OPTIONAL_FIELDS = {"unless"}


_CHECK_FIELDS = {
    "pattern": {"id", "kind", "label", "hint", "source", "patterns"},
    "greeting_name": {"id", "kind", "label", "hint", "source", "unless_rule"},
}


def parse_rules(document: Mapping[str, Any]) -> RuleSet:
    """Validate and compile a parsed rules document (the structure of ``draft_rules.toml``).

    Parameters
    ----------
    document
        The TOML document as a mapping: a ``[greeting]`` table with ``pattern``, ``[[rule]]`` entries,
        ``[[checklist]]`` entries and an optional ``[terms]`` table of named fragments that patterns
        refer to as ``{name}``.

    Returns
    -------
    RuleSet
        Compiled rules, in file order.

    Raises
    ------
    InvalidRules
        For a missing or unknown field, an unknown kind, a duplicate id, an unknown ``{term}`` or a pattern
        that doesn't compile.
    """
    terms = _terms(document)
    greeting = _compile("greeting", [_table(document, "greeting", "greeting").get("pattern")], terms)
    rules = tuple(_parse_rule(entry, terms) for entry in _entries(document, "rule"))
    checklist = tuple(_parse_check(entry, terms) for entry in _entries(document, "checklist"))
    for kind, ids in (("rule", [rule.id for rule in rules]), ("checklist", [item.id for item in checklist])):
        duplicates = sorted({one for one in ids if ids.count(one) > 1})
        if duplicates:
            raise InvalidRules(f"[[{kind}]] ids must be unique; repeated: {', '.join(duplicates)}")
    rule_ids = {rule.id for rule in rules}
    for item in checklist:
        if item.unless_rule is not None and item.unless_rule not in rule_ids:
            raise InvalidRules(f"checklist {item.id!r}: unless_rule {item.unless_rule!r} is not a rule id")
    return RuleSet(rules=rules, checklist=checklist, greeting=greeting)


@functools.cache
def _package_document() -> dict[str, Any]:
    text = resources.files(__package__ or "interview_signals").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.cache
def load_rules() -> RuleSet:
    """The package's own rules, read from ``draft_rules.toml`` and compiled once per process."""
    return parse_rules(_package_document())


def entry_ids(kind: str) -> tuple[str, ...]:
    """The ids of the package's ``[[rule]]`` or ``[[checklist]]`` entries, in file order, without compiling a pattern.

    Compiling every rule takes a fifth of a second; a module that only names the rules (the CLI's help,
    the page's labels) should not pay for it at import.
    """
    return tuple(str(entry["id"]) for entry in _package_document().get(kind, []))


def _table(document: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = document.get(key)
    if not isinstance(value, Mapping):
        raise InvalidRules(f"{where}: needs a [{key}] table")
    return value


def _entries(document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    entries = document.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(entry, Mapping) for entry in entries):
        raise InvalidRules(f"{key!r} must be an array of tables: [[{key}]]")
    return entries


def _check_fields(entry: Mapping[str, Any], allowed: Mapping[str, set[str]], what: str) -> tuple[str, str]:
    """The entry's (id, kind) after checking it has exactly the fields its kind needs."""
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        raise InvalidRules(f"every [[{what}]] needs a non-empty string 'id'")
    kind = entry.get("kind", "pattern")
    if kind not in allowed:
        raise InvalidRules(f"{what} {entry_id!r}: unknown kind {kind!r}; use one of {', '.join(sorted(allowed))}")
    required = allowed[kind] - {"kind"} - _OPTIONAL_FIELDS
    missing, unknown = sorted(required - set(entry)), sorted(set(entry) - allowed[kind])
    if missing or unknown:
        problems = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unknown {', '.join(unknown)}"] if unknown else []
        )
        raise InvalidRules(f"{what} {entry_id!r} (kind {kind!r}): {'; '.join(problems)}")
    for name in required - {"patterns", "max_words"}:
        if not isinstance(entry[name], str) or not entry[name].strip():
            raise InvalidRules(f"{what} {entry_id!r}: {name!r} must be a non-empty string")
    return entry_id, kind


def _terms(document: Mapping[str, Any]) -> dict[str, str]:
    terms = document.get("terms", {})
    if not isinstance(terms, Mapping):
        raise InvalidRules("'terms' must be a table: [terms]")
    for name, fragment in terms.items():
        if not _TERM.fullmatch(f"{{{name}}}") or not isinstance(fragment, str) or not fragment:
            raise InvalidRules(f"terms: {name!r} must be a lower-case name (a-z, _) holding a non-empty pattern")
        if _TERM.search(fragment):
            raise InvalidRules(f"terms: {name!r} refers to another term; terms are not nested")
    return dict(terms)


def _expanded(owner: str, pattern: str, terms: Mapping[str, str]) -> str:
    def fragment(reference: re.Match[str]) -> str:
        if reference[1] not in terms:
            raise InvalidRules(f"{owner}: unknown term {{{reference[1]}}}; define it in [terms]")
        return terms[reference[1]]

    return _TERM.sub(fragment, pattern)


def _compile(owner: str, patterns: object, terms: Mapping[str, str]) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise InvalidRules(f"{owner}: 'patterns' must be a non-empty list of regular expressions")
    patterns = [_expanded(owner, pattern, terms) for pattern in patterns]
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern, PATTERN_FLAGS)
        except re.error as exc:
            raise InvalidRules(f"{owner}: pattern {index} does not compile ({exc}): {pattern}") from None
        capital = _CAPITAL.search(pattern)
        if capital:
            raise InvalidRules(
                f"{owner}: pattern {index} has the capital {capital.group()!r}; text is lower-cased "
                f"before matching, so write patterns in lower case: {pattern}"
            )
    try:
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), PATTERN_FLAGS)
    except re.error as exc:  # each compiles alone, so the join clashes: a repeated group name
        raise InvalidRules(f"{owner}: patterns clash when joined ({exc}); don't reuse group names") from None


def _parse_rule(entry: Mapping[str, Any], terms: Mapping[str, str]) -> Rule:
    rule_id, kind = _check_fields(entry, _RULE_FIELDS, "rule")
    pattern = _compile(f"rule {rule_id!r}", entry["patterns"], terms) if kind == "pattern" else None
    topics = entry.get("unless", [])
    if "unless" in entry and (not isinstance(topics, list) or not topics):
        raise InvalidRules(f"rule {rule_id!r}: 'unless' must be a non-empty list of regular expressions")
    # Compiled one by one, not joined: topics may overlap, and each must be able to cover a match.
    unless = tuple(_compile(f"rule {rule_id!r}, unless {i}", [topic], terms) for i, topic in enumerate(topics))
    max_words = entry.get("max_words")
    if kind == "word_count" and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        raise InvalidRules(f"rule {rule_id!r}: 'max_words' must be a whole number of 1 or more")
    return Rule(
        id=rule_id,
        kind=kind,
        message=entry["message"],
        suggestion=entry["suggestion"],
        source=entry["source"],
        pattern=pattern,
        max_words=max_words,
        unless=unless,
    )


def _parse_check(entry: Mapping[str, Any], terms: Mapping[str, str]) -> ChecklistItem:
    item_id, kind = _check_fields(entry, _CHECK_FIELDS, "checklist")
    return ChecklistItem(
        id=item_id,
        kind=kind,
        label=entry["label"],
        hint=entry["hint"],
        source=entry["source"],
        pattern=_compile(f"checklist {item_id!r}", entry["patterns"], terms) if kind == "pattern" else None,
        unless_rule=entry.get("unless_rule"),
    )
