"""The follow-up note for people: findings highlighted in place, their reasons, the checklist."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and altair load on first use: the CLI's sentences should not pay for them
    from interview_signals.coach.check import DraftReport, Finding


DRAFT_KIND_LABELS = {"thank_you": "Thank-you note", "second_follow_up": "Second follow-up"}


_MARK_STYLE = "background:#ffe08a;border-radius:3px;padding:0 2px"


_DRAFT_STYLE = (
    "white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6;"
    "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem"
)


def _clusters(findings: Sequence[Finding]) -> list[tuple[int, int, list[int]]]:
    """Overlapping findings (of different rules) as one span: (start, end, their 1-based numbers)."""
    clusters: list[tuple[int, int, list[int]]] = []
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, -findings[i].end))
    for index in order:
        finding = findings[index]
        if clusters and finding.start < clusters[-1][1]:
            start, end, numbers = clusters[-1]
            clusters[-1] = (start, max(end, finding.end), [*numbers, index + 1])
        else:
            clusters.append((finding.start, finding.end, [index + 1]))
    return clusters


def highlight_html(text: str, findings: Sequence[Finding]) -> str:
    """The draft as HTML, each finding's span in a ``<mark>`` whose tooltip gives the reason and the fix.

    Every piece of the draft is escaped, so a draft that contains markup shows that markup as text.
    A mark is followed by the finding's number in :func:`findings_html`'s list.

    Examples
    --------
    >>> from interview_signals.coach.check import Finding
    >>> found = Finding("negative_language", 5, 14, "anxiously", "Reads as negative.", "Delete it.")
    >>> shown = highlight_html("I am anxiously <waiting>", [found])
    >>> shown.split(">", 1)[1]  # doctest: +ELLIPSIS
    'I am <mark title="1. Reads as negative. Delete it." data-rules="negative_language" ...>anxiously</mark>...'
    >>> shown.endswith("<sup>1</sup> &lt;waiting&gt;</div>")
    True
    """
    parts: list[str] = []
    done = 0
    for start, end, numbers in _clusters(findings):
        members = [findings[number - 1] for number in numbers]
        title = " ".join(f"{number}. {f.message} {f.suggestion}" for number, f in zip(numbers, members, strict=True))
        rules = " ".join(dict.fromkeys(f.rule for f in members))
        parts.append(html.escape(text[done:start]))
        parts.append(
            f'<mark title="{html.escape(title)}" data-rules="{html.escape(rules)}" style="{_MARK_STYLE}">'
            f"{html.escape(text[start:end])}</mark><sup>{','.join(map(str, numbers))}</sup>"
        )
        done = end
    parts.append(html.escape(text[done:]))
    return f'<div class="draft-check" style="{_DRAFT_STYLE}">{"".join(parts)}</div>'


def findings_html(findings: Sequence[Finding]) -> str:
    """A numbered list of the findings: the words, why they hurt, and what to write instead (escaped HTML).

    A finding of the learned layer also names the words that weighed most toward it.
    """
    items = "".join(
        f"<li><b>“{html.escape(f.excerpt)}”</b>: {html.escape(f.message)} <i>{html.escape(f.suggestion)}</i>"
        + (f" <small>(mostly because of: {html.escape(', '.join(f.evidence))})</small>" if f.evidence else "")
        + "</li>"
        for f in findings
    )
    return f'<ol class="draft-findings" style="margin:0;padding-left:1.5rem">{items}</ol>'


def checklist_lines(report: DraftReport) -> list[tuple[bool, str, str]]:
    """(present, label, hint) for each item a good note has, in the rules file's order."""
    from interview_signals.coach.rules import load_rules

    return [(report.checklist[item.id], item.label, item.hint) for item in load_rules().checklist]
