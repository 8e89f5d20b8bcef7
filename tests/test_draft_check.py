"""Tests for the follow-up draft checker: the labelled corpus, offsets, edge cases and rules as data."""

from __future__ import annotations

import doctest
import json
import tomllib
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from interview_signals.coach import check as draft_check
from interview_signals.coach.check import (
    CHECKLIST_IDS,
    MAX_DRAFT_CHARS,
    RULE_IDS,
    InvalidDraft,
    InvalidRules,
    check_draft,
    decode_draft,
    fold,
    load_rules,
    parse_rules,
)
from interview_signals.coach.learned import LEARNED_RULES
from interview_signals.coach.train import FRESH_BLIND, TRAINING_FILES


def load_drafts(name: str) -> list[dict[str, Any]]:
    """The labelled drafts of one TOML file beside this test."""
    drafts: list[dict[str, Any]] = tomllib.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))["draft"]
    return drafts


# The rules were tuned on all of these: the author's corpus first, then three sets that others wrote blind
# to the rules, each measured before it was tuned on.
DEV_NAMES = ("draft_dev.toml", "draft_dev2.toml", "draft_dev3.toml")
LABELLED = {name: load_drafts(name) for name in ("draft_corpus.toml", *DEV_NAMES)}
CORPUS = LABELLED["draft_corpus.toml"]
# The blind sets, oldest first: each written blind to the rules and to every other labelled file, by one author
# (draft_blind.toml to draft_blind4.toml) or two (the rest, half each), for a round of issue 11; copied in and
# measured once after all of that round's tuning; from the next round on a dev set (read and tuned on) and a training
# file of the learned layer (interview_signals.coach.train.TRAINING_FILES). The newest, FRESH_BLIND, is neither.
BLIND_NAME = "draft_blind.toml"
BLIND2_NAME = "draft_blind2.toml"
# The later sets and their sizes.
BLIND_SIZES = {
    "draft_blind3.toml": 100,
    "draft_blind4.toml": 100,
    "draft_blind5.toml": 100,
    "draft_blind6.toml": 140,
    "draft_blind7.toml": 140,
    "draft_blind8.toml": 150,
    "draft_blind9.toml": 160,
    "draft_blind10.toml": 160,
    "draft_blind11.toml": 160,
    "draft_blind12.toml": 160,
    "draft_blind13.toml": 160,
}
BLIND_NAMES = (BLIND_NAME, BLIND2_NAME, *BLIND_SIZES)
BLIND_SETS = {name: load_drafts(name) for name in BLIND_NAMES}
BLIND, BLIND2, FRESH = BLIND_SETS[BLIND_NAME], BLIND_SETS[BLIND2_NAME], BLIND_SETS[FRESH_BLIND]
EVERY_DRAFT = [draft for drafts in [*LABELLED.values(), *BLIND_SETS.values()] for draft in drafts]
RULES_TOML = Path(draft_check.__file__).with_name("draft_rules.toml")

MIN_PRECISION, MIN_RECALL = 0.9, 0.85
MIN_CHECKLIST_ACCURACY = 0.9


def rules_found(text: str, interviewers: tuple[str, ...] = (), *, learned: bool = True) -> set[str]:
    return {finding.rule for finding in check_draft(text, interviewers, learned=learned).findings}


# --- The labelled corpus --------------------------------------------------------------------------


class Score(NamedTuple):
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def corpus_scores(drafts: list[dict[str, Any]], *, learned: bool = True) -> dict[str, Score]:
    """Count, per rule and draft, whether the rule was predicted and whether it was expected."""
    counts = {rule: [0, 0, 0] for rule in RULE_IDS}
    for draft in drafts:
        found = rules_found(draft["text"], tuple(draft.get("interviewers", ())), learned=learned)
        expected = set(draft["expected"])
        for rule in RULE_IDS:
            if rule in found:
                counts[rule][0 if rule in expected else 1] += 1
            elif rule in expected:
                counts[rule][2] += 1
    return {rule: Score(*count) for rule, count in counts.items()}


def test_corpus_is_large_labelled_with_known_ids_and_has_enough_positives_per_rule() -> None:
    ids = [draft["id"] for draft in CORPUS]
    assert len(CORPUS) >= 60
    assert len(ids) == len(set(ids)), "draft ids must be unique"
    for draft in CORPUS:
        assert set(draft) <= {"id", "interviewers", "expected", "missing", "text"}, draft["id"]
        assert set(draft["expected"]) <= set(RULE_IDS), draft["id"]
        assert set(draft["missing"]) <= set(CHECKLIST_IDS), draft["id"]
    for rule in RULE_IDS:
        positives = sum(rule in draft["expected"] for draft in CORPUS)
        assert positives >= 6, f"{rule} has only {positives} positive drafts"
    assert sum(not draft["expected"] for draft in CORPUS) >= 20, "too few clean drafts to measure precision"


@pytest.mark.parametrize("name", DEV_NAMES)
def test_dev_sets_are_labelled_with_known_ids(name: str) -> None:
    drafts = LABELLED[name]
    ids = [draft["id"] for draft in drafts]
    assert len(drafts) >= 60
    assert len(ids) == len(set(ids)), "draft ids must be unique"
    others = {draft["id"] for name, labelled in LABELLED.items() for draft in labelled if labelled is not drafts}
    assert not set(ids) & others, "ids must not clash across the labelled files"
    for draft in drafts:
        assert set(draft) <= {"id", "interviewers", "expected", "note", "text"}, draft["id"]
        assert set(draft["expected"]) <= set(RULE_IDS), draft["id"]


def test_too_long_labels_match_the_word_count() -> None:
    for draft in EVERY_DRAFT:
        assert ("too_long" in draft["expected"]) == (len(draft["text"].split()) > 200), draft["id"]


def score_table(title: str, scores: dict[str, Score]) -> str:
    lines = [title, f"{'rule':<26} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}"]
    lines += [
        f"{rule:<26} {s.precision:>9.2f} {s.recall:>7.2f} {s.true_positives:>4} {s.false_positives:>4} "
        f"{s.false_negatives:>4}"
        for rule, s in scores.items()
    ]
    return "\n".join(lines)


# Since issue 11's eighth round the learned layer flags two sentences of draft_dev3.toml for sounds_desperate, both in
# drafts with other problems: "I hope you will consider this." ("this" weighs toward the rule from the many "I need
# this" sentences) and a nervous "I've been all over the place since.". Precision 0.87 there, held to 0.85.
TUNED_PRECISION_EXCEPTIONS = {("draft_dev3.toml", "sounds_desperate"): 0.85}


def test_every_rule_meets_precision_and_recall_on_the_labelled_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    """Scored per file and over their union: every file and the union must pass."""
    union = [draft for drafts in LABELLED.values() for draft in drafts]
    files = {**LABELLED, "union": union}
    scored = {name: corpus_scores(drafts) for name, drafts in files.items()}
    tables = [score_table(f"{name} ({len(files[name])} drafts)", scores) for name, scores in scored.items()]
    with capsys.disabled():
        print("\n\nDraft checker on labelled drafts\n" + "\n\n".join(tables))
    weak = [
        f"{rule} in {name}"
        for name, scores in scored.items()
        for rule, s in scores.items()
        if s.precision < TUNED_PRECISION_EXCEPTIONS.get((name, rule), MIN_PRECISION) or s.recall < MIN_RECALL
    ]
    assert not weak, f"below precision {MIN_PRECISION} or recall {MIN_RECALL}: {weak}"


# The blind set's floor only guards against a regression; the figures the test prints are the honest measure,
# and they are lower than on the files the rules were tuned on.
BLIND_FLOOR = {"precision": 0.6, "recall": 0.5}


def test_rules_carry_over_to_the_blind_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(BLIND) >= 60
    assert not {draft["id"] for draft in BLIND} & {draft["id"] for drafts in LABELLED.values() for draft in drafts}
    scores = corpus_scores(BLIND)
    with capsys.disabled():
        print("\n\n" + score_table(f"{BLIND_NAME} ({len(BLIND)} drafts, measured blind, now tuned on)", scores))
    weak = [
        rule for rule, s in scores.items() if s.precision < BLIND_FLOOR["precision"] or s.recall < BLIND_FLOOR["recall"]
    ]
    assert not weak, f"below the blind floor {BLIND_FLOOR}: {weak}"


# Measured once on draft_blind2.toml with the learned layer, after all tuning: content rules P 0.79-0.95 and
# R 0.95-1.00, 5 of 40 clean drafts with a content finding (2.5 per 20). These floors sit a little below.
BLIND2_FLOOR = {"precision": 0.7, "recall": 0.85}
BLIND2_MAX_FALSE_ALARMS_PER_20_CLEAN = 3.0


def clean_false_alarms(drafts: list[dict[str, Any]], *, learned: bool = True) -> tuple[int, int]:
    """(clean drafts with a finding of a content rule, clean drafts): a clean draft expects no rule at all."""
    clean = [draft for draft in drafts if not draft["expected"]]
    flagged = sum(
        bool(rules_found(draft["text"], tuple(draft.get("interviewers", ())), learned=learned) & set(LEARNED_RULES))
        for draft in clean
    )
    return flagged, len(clean)


def carry_over(
    drafts: list[dict[str, Any]],
    title: str,
    floor: dict[str, float],
    max_per_20: float,
    rules: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print a blind set's table with and without the learned layer; hold ``rules`` to ``floor`` with the layer."""
    measured = {
        label: (corpus_scores(drafts, learned=learned), clean_false_alarms(drafts, learned=learned))
        for learned, label in ((False, "regex rules alone"), (True, "with the learned layer"))
    }
    with capsys.disabled():
        for label, (scores, (flagged, clean)) in measured.items():
            print(f"\n\n{score_table(f'{title}: {label}', scores)}")
            print(f"clean drafts with a content finding: {flagged}/{clean} ({20 * flagged / clean:.1f} per 20)")
    scores, (flagged, clean) = measured["with the learned layer"]
    weak = [
        rule for rule in rules if scores[rule].precision < floor["precision"] or scores[rule].recall < floor["recall"]
    ]
    assert not weak, f"below the blind floor {floor}: {weak}"
    assert 20 * flagged / clean <= max_per_20


def test_rules_and_learned_layer_carry_over_to_the_second_blind_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(BLIND2) >= 100
    others = [*BLIND, *(draft for drafts in LABELLED.values() for draft in drafts)]
    assert not {draft["id"] for draft in BLIND2} & {draft["id"] for draft in others}
    title = f"{BLIND2_NAME} ({len(BLIND2)} drafts, now tuned on)"
    carry_over(BLIND2, title, BLIND2_FLOOR, BLIND2_MAX_FALSE_ALARMS_PER_20_CLEAN, RULE_IDS, capsys)


# The blind sets turned dev (issue 11, third and fourth rounds) are held to the tuned sets' bar, MIN_PRECISION and
# MIN_RECALL, where they reach it, else to what they reached, and to the false-alarm goal of at most 1 per 20 clean
# drafts. draft_blind.toml reached precision 0.87 for negative_language and 0.76 for sounds_desperate (its false
# alarms are in drafts with other problems, which the writers of the later sets labelled differently), so it is held
# to 0.75 there. draft_blind3.toml was measured once blind (a5bac55, with the learned layer): content rules P 0.87-1.00
# and R 1.00, 5 of 48 clean drafts with a content finding (2.1 per 20); the checker of f91d5a9 gave P 0.70-1.00, R 1.00
# and 9 of 48 (3.8 per 20). Turned dev, it reached P and R 1.00 and no clean draft flagged, and is held to the issue's
# recall goal of 0.9.
# draft_blind4.toml was measured once blind (74911cc, with the learned layer): recall negative_language 0.83,
# excuse_or_apology 1.00, compares_candidates 0.75, sounds_desperate 0.75, precision 0.83-0.92, 3 of 48 clean drafts
# with a content finding (1.2 per 20); the checker of 80f6f1f gave recall 0.92, 0.92, 0.75, 0.75 and 5 of 48 (2.1 per
# 20). Held out of the learned layer's training (`make coach-cv`, the layer trained on every other file) it reached
# recall 0.83, 1.00, 0.83, 0.75; trained on, it is held to the goal.
# draft_blind5.toml was measured once blind (61eb613, with the learned layer): recall negative_language 0.92,
# excuse_or_apology 0.67, compares_candidates 0.75, sounds_desperate 0.83, precision 0.61, 0.89, 0.82, 0.77; 10 of 48
# clean drafts with a content finding (4.2 per 20). The regex rules alone: recall 0.42, 0.33, 0.25, 0.67 and 8 of 48.
# The checker of 74911cc: recall 0.83, 0.75, 0.75, 0.83, precision 0.59-0.82, 11 of 48 (4.6 per 20). Turned dev and
# trained on in the sixth round, it reached recall 1.00 per rule, precision 0.92-1.00 and no clean draft flagged.
# draft_blind6.toml was measured once blind (640da32, with the learned layer): recall negative_language 0.95,
# excuse_or_apology 0.80, compares_candidates 0.85, sounds_desperate 1.00, precision 0.86, 0.84, 0.94, 0.83; 6 of 60
# clean drafts with a content finding (2.0 per 20). The regex rules alone: recall 0.75, 0.60, 0.55, 0.75 and 6 of 60.
# The checker of 4547176 (end of the fifth round): recall 0.95, 0.65, 0.80, 1.00, precision 0.81-0.84, 9 of 60 (3.0
# per 20). Turned dev and trained on in the seventh round, it reached recall 1.00 per rule, precision 0.95-1.00 and no
# clean draft flagged.
# draft_blind7.toml was measured once blind (f98c3f2, with the learned layer): recall negative_language 0.90,
# excuse_or_apology 1.00, compares_candidates 0.90, sounds_desperate 0.95, precision 0.82, 0.87, 1.00, 0.86; 5 of 60
# clean drafts with a content finding (1.7 per 20). The regex rules alone: recall 0.70, 0.60, 0.45, 0.85 and 5 of 60.
# The checker of ecc15b6 (end of the sixth round): recall 0.90, 1.00, 0.90, 1.00, precision 0.72-0.95, 10 of 60 (3.3
# per 20); of 4547176 (end of the fifth): recall 0.90, 1.00, 0.90, 0.95, 10 of 60. Turned dev and trained on in the
# eighth round, it reached recall 1.00 per rule, precision 0.95-1.00 and no clean draft flagged.
# draft_blind8.toml was measured once blind (f2a8ec5, with the learned layer): recall negative_language 0.95,
# excuse_or_apology 0.95, compares_candidates 0.90, sounds_desperate 1.00, precision 0.86, 0.90, 1.00, 0.87; 5 of 70
# clean drafts with a content finding (1.4 per 20). The regex rules alone: recall 0.85, 0.85, 0.60, 0.75 and 5 of 70.
# The checker of 1a3146c (end of the seventh round) gave the same figures; of 4547176 (end of the fifth): the same
# recall, precision 0.79-0.95 and 7 of 70 (2.0 per 20). Turned dev and trained on in the ninth round, it reached
# recall 1.00 per rule, precision 1.00 (sounds_desperate 0.95) and no clean draft flagged.
# draft_blind9.toml was measured once blind (a60567f, with the learned layer): recall negative_language 1.00,
# excuse_or_apology 0.95, compares_candidates 1.00, sounds_desperate 1.00, precision 0.74, 1.00, 0.91, 0.69; 6 of 80
# clean drafts with a content finding (1.5 per 20). The regex rules alone: recall 0.90, 0.85, 0.85, 0.90, precision
# 0.86, 1.00, 0.89, 0.82 and 5 of 80. The checker of 1fff33e (end of the eighth round): the same recall,
# sounds_desperate precision 0.71 and 7 of 80 (1.75 per 20). Most of the lost precision was a second rule flagged on a
# draft that has one. Turned dev and trained on in the tenth round, it reached recall 1.00 per rule, precision 0.91-1.00
# and no clean draft flagged.
# draft_blind10.toml, the hardest set (second-language and text-speak notes; clean drafts that make nerves, apologies
# and other candidates the job's topic), was measured once blind (2e29809, with the learned layer): recall
# negative_language 1.00, excuse_or_apology 0.80, compares_candidates 0.90, sounds_desperate 1.00, precision 0.69,
# 0.84, 0.86, 0.95; 11 of 80 clean drafts with a content finding (2.75 per 20). The regex rules alone: recall 0.55,
# 0.65, 0.55, 0.85 and 11 of 80. The checker of a9de819 (end of the ninth round): recall 1.00, 0.75, 0.90, 1.00 and 12
# of 80 (3.0 per 20); of 1fff33e (end of the eighth): recall 1.00, 0.80, 0.80, 1.00 and 12 of 80. Turned dev and
# trained on in the eleventh round, it reached recall 1.00 per rule, precision 0.95-1.00 and no clean draft flagged.
# draft_blind11.toml was measured once blind (bb930b6, with the learned layer):
# recall negative_language 1.00, excuse_or_apology 0.95, compares_candidates 0.95, sounds_desperate 1.00, precision
# 0.87, 0.79, 0.95, 0.95; 7 of 80 clean drafts with a content finding (1.75 per 20). The regex rules alone: recall
# 0.75, 0.75, 0.70, 0.80 and 6 of 80. The checker of b5395a9 (end of the tenth round): the same recall and 10 of 80
# (2.5 per 20); of 1fff33e (end of the eighth): the same recall and 12 of 80 (3.0 per 20). Turned dev and trained
# on in the twelfth round, it reached recall 1.00 per rule, precision 0.95-1.00 and no clean draft flagged.
# draft_blind12.toml was measured once blind (4b95e7f, with the learned layer and its veto on the regex findings):
# recall negative_language 1.00, excuse_or_apology 1.00, compares_candidates 0.95, sounds_desperate 1.00, precision
# 0.83, 0.91, 0.90, 1.00; 6 of 80 clean drafts with a content finding (1.5 per 20). The same model without the veto:
# 11 of 80, and the same recall. The regex rules alone: recall 0.70, 0.65, 0.65, 0.80 and 10 of 80. The checker of
# 255484d (end of the eleventh round): the same recall and 11 of 80 (2.75 per 20). Turned dev and trained on in the
# thirteenth round, it reached recall 1.00 per rule, precision 0.95-1.00 and 1 clean draft flagged.
# Since the fifth round the learned layer is trained on these, so for its part these are training figures: the
# leave-one-file-out estimate (`make coach-cv`) and the newest blind set measure how it carries over.
TURNED_DEV_FLOOR = {
    BLIND_NAME: {"precision": 0.75, "recall": MIN_RECALL},
    BLIND2_NAME: {"precision": MIN_PRECISION, "recall": MIN_RECALL},
    **{name: {"precision": MIN_PRECISION, "recall": 0.9} for name in BLIND_SIZES if name != FRESH_BLIND},
}
MAX_FALSE_ALARMS_PER_20_CLEAN = 1.0


@pytest.mark.parametrize("name", list(TURNED_DEV_FLOOR))
def test_the_blind_sets_turned_dev_hold_what_they_reached(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    drafts = BLIND_SETS[name]
    title = f"{name} ({len(drafts)} drafts, turned dev)"
    carry_over(drafts, title, TURNED_DEV_FLOOR[name], MAX_FALSE_ALARMS_PER_20_CLEAN, LEARNED_RULES, capsys)


def test_the_fresh_blind_set_is_the_newest_and_every_other_is_a_training_file() -> None:
    assert BLIND_NAMES[-1] == FRESH_BLIND
    assert [name for name in TRAINING_FILES if name.startswith("draft_blind")] == list(BLIND_NAMES[:-1])


@pytest.mark.parametrize(("name", "size"), BLIND_SIZES.items())
def test_the_later_blind_sets_have_their_size_and_ids_of_their_own(name: str, size: int) -> None:
    drafts = BLIND_SETS[name]
    assert len(drafts) == size
    others = [draft for draft in EVERY_DRAFT if draft not in drafts]
    assert not {draft["id"] for draft in drafts} & {draft["id"] for draft in others}


def test_checklist_agrees_with_the_labels(capsys: pytest.CaptureFixture[str]) -> None:
    wrong: dict[str, list[str]] = {item: [] for item in CHECKLIST_IDS}
    for draft in CORPUS:
        checklist = check_draft(draft["text"], draft.get("interviewers", ())).checklist
        for item in CHECKLIST_IDS:
            if checklist[item] != (item not in draft["missing"]):
                wrong[item].append(draft["id"])
    accuracy = {item: 1 - len(ids) / len(CORPUS) for item, ids in wrong.items()}
    with capsys.disabled():
        print("\n" + "\n".join(f"{item:<26} accuracy {value:.2f}" for item, value in accuracy.items()))
    assert all(value >= MIN_CHECKLIST_ACCURACY for value in accuracy.values()), wrong


def test_every_finding_points_into_the_original_text() -> None:
    for draft in EVERY_DRAFT:
        text = draft["text"]
        for finding in check_draft(text, draft.get("interviewers", ())).findings:
            assert 0 <= finding.start <= finding.end <= len(text), (draft["id"], finding)
            assert text[finding.start : finding.end] == finding.excerpt, (draft["id"], finding)


# --- How people actually write, and innocent uses --------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # The article's own examples.
        ("negative_language", "I am anxiously awaiting your decision."),
        ("negative_language", "I was feeling nervous during the interview."),
        ("compares_candidates", "I should be head and shoulders above other applicants."),
        ("compares_candidates", "No other candidate will do the job as well as I will."),
        ("sounds_desperate", "Getting this job would mean a lot to me."),
        ("sounds_desperate", "I've wanted to work for you for a really long time."),
        ("generic_greeting", "To Whom It May Concern,\n\nThank you for your time."),
        ("generic_greeting", "Dear Hiring Manager,\n\nThank you for your time."),
        ("generic_greeting", "Dear Sir or Madam,\n\nThank you for your time."),
        # Other words, tenses, contractions and curly apostrophes.
        ("negative_language", "I’m anxiously awaiting your reply."),
        ("negative_language", "I'm a bit anxious to hear back."),
        ("negative_language", "I’ve been so stressed about the decision."),
        ("negative_language", "Honestly I was dreading the case study."),
        ("excuse_or_apology", "Sorry again for being late."),
        ("excuse_or_apology", "I didn’t sleep much the night before."),
        ("excuse_or_apology", "My mind went blank on the last question."),
        ("excuse_or_apology", "Please forgive the late reply."),
        ("compares_candidates", "I’m confident I’m your strongest candidate."),
        ("compares_candidates", "I know you're seeing a lot of applicants."),
        ("sounds_desperate", "I’d do anything to join the team."),
        ("sounds_desperate", "This is my dream job."),
        ("generic_greeting", "Hi there!\n\nThanks for the chat."),
        # Classes added after the blind dev-set review, in words of our own.
        ("negative_language", "The wait has me a bit on edge."),
        ("negative_language", "I keep replaying the panel and fearing I blew it."),
        ("negative_language", "Honestly, the wait is eating me up."),
        ("excuse_or_apology", "I wasn't at my sharpest after the red-eye."),
        ("excuse_or_apology", "I was running on two hours of sleep."),
        ("excuse_or_apology", "In case I seemed hesitant, I'd just come off a long shift."),
        ("compares_candidates", "I'd stack my record against anyone's."),
        ("compares_candidates", "I'm sure the other people you're talking to are great, but I'm ready."),
        ("compares_candidates", "I know there are internal candidates too."),
        ("sounds_desperate", "I am in great need of this position."),
        ("sounds_desperate", "I've dreamed of working here for a decade."),
        ("generic_greeting", "Respected Sir,\n\nThank you for the interview."),
        ("generic_greeting", "Dear Members of the Search Committee,\n\nThank you."),
        # Families added after the second dev-set review, in words of our own.
        ("negative_language", "I was absolutely terrified walking into the panel."),
        ("negative_language", "My hands were trembling during the demo."),
        ("negative_language", "I am very much tensed about the outcome."),
        ("negative_language", "I've been worried sick since Monday."),
        ("excuse_or_apology", "I'd only landed from Dubai a few hours before, so I wasn't firing on all cylinders."),
        ("compares_candidates", "I'm sure I'm up against some seriously strong people."),
        ("compares_candidates", "Whoever else made your shortlist, I hope you'll remember me."),
        ("compares_candidates", "Out of everyone you interviewed, I think I'm the best fit."),
        ("compares_candidates", "I'm more hands-on than most people applying for this."),
        ("compares_candidates", "Put their sales numbers against mine and you'll see."),
        ("compares_candidates", "I hope my case study outdid the competition."),
        ("compares_candidates", "My years on the shop floor give me an edge over the others."),
        ("compares_candidates", "You'll have a hard choice between some very talented people."),
        ("sounds_desperate", "I'd be forever in your debt."),
        ("sounds_desperate", "I've been knocked back for so many jobs this year."),
        ("sounds_desperate", "Honestly this role would be a lifeline for me."),
        ("sounds_desperate", "I don't know where else to turn."),
        ("sounds_desperate", "I haven't applied anywhere else."),
        ("sounds_desperate", "I'd give anything to work with your team."),
        # Families added after the third dev-set review, in words of our own.
        ("negative_language", "Honestly, the silence has started to get to me."),
        ("negative_language", "I've been in a bit of a state since Monday."),
        ("negative_language", "I'm trying not to panic about the result."),
        ("negative_language", "I've spent the weekend second-guessing every answer."),
        ("negative_language", "My heart was hammering all the way through the panel."),
        ("negative_language", "I've been stewing over my answer on budgets."),
        ("negative_language", "I haven't slept properly since we spoke."),
        ("negative_language", "A quick update would put my mind at rest."),
        ("excuse_or_apology", "You probably noticed the patchy video; our broadband kept dropping."),
        ("excuse_or_apology", "My laptop battery gave out just as I shared my screen."),
        ("excuse_or_apology", "I was cross with myself for the slip on the pricing question."),
        ("excuse_or_apology", "I'd hardly slept before the panel, so my answers wandered."),
        ("compares_candidates", "I'll out-build anyone you've got lined up."),
        ("compares_candidates", "I know the shortlist for this post is a strong one."),
        ("compares_candidates", "I'd back my portfolio against the rest of the longlist."),
        ("compares_candidates", "I know a handful of senior engineers are in the running."),
        ("compares_candidates", "I'm sure lots of graduates applied for this scheme."),
        ("compares_candidates", "There must be a queue of people after this job."),
        ("compares_candidates", "I'd put in longer hours than any of them."),
        ("compares_candidates", "Not many of the others can match my sales record."),
        ("compares_candidates", "Honestly I'm the steadiest pair of hands of the bunch."),
        ("sounds_desperate", "Landing this role would be everything to me."),
        ("sounds_desperate", "This opportunity is really, really important to me."),
        ("sounds_desperate", "I'm scraping by on agency shifts right now."),
        ("sounds_desperate", "This job would truly rescue me."),
        ("sounds_desperate", "I'm running on empty after months of searching."),
        ("sounds_desperate", "I kindly request you to view my case with a soft corner."),
        ("sounds_desperate", "It has been my burning ambition since sixth form."),
        ("negative_language", "I've been refreshing my inbox like a maniac."),
        # The writer's own apology, however it is put, after the rule was narrowed to the writer (issue 11).
        ("excuse_or_apology", "Again, really sorry I was twenty minutes late."),
        ("excuse_or_apology", "I'd also like to apologise for mixing up the two dates."),
        ("excuse_or_apology", "I once again apologise for the noise on the line."),
        ("excuse_or_apology", "I froze on the budget question, apologies for that."),
        ("excuse_or_apology", "Please accept my apologies for the muddle over the start time."),
        ("negative_language", "I was so nervous I could hardly speak."),
        ("negative_language", "Sometimes I get nervous in panels."),
        ("compares_candidates", "You're seeing a few other candidates, but none will match me."),
        # Still flagged after the topic families of issue 11's fourth round, in words of our own.
        ("negative_language", "I had some anxiety about the decision all weekend."),
        ("negative_language", "I can't stop thinking about my answer on pricing."),
        ("negative_language", "I was properly rattled by the group exercise."),
        ("excuse_or_apology", "Sorry I didn't meet the deadline for the take-home task."),
        ("excuse_or_apology", "I regret not bringing a printed copy of my portfolio."),
        ("excuse_or_apology", "I feel bad about mixing up the two project dates."),
        ("excuse_or_apology", "I worked late the night before, so I was tired on the day."),
        ("compares_candidates", "My fellow candidates were impressive, but I have more field experience."),
        ("sounds_desperate", "I am begging you for a chance, sir."),
        ("sounds_desperate", "I'd take the job for any salary."),
    ],
)
def test_flags_how_people_actually_write(rule: str, text: str) -> None:
    assert rule in rules_found(text)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("negative_language", "We discussed how the team triages negative reviews."),
        ("negative_language", "I enjoyed hearing about your load and stress testing."),
        ("negative_language", "You mentioned the team is anxious to ship the redesign."),
        ("negative_language", "Your app's anxiety programme sounds fascinating."),
        ("excuse_or_apology", "I enjoyed learning about the late-stage trials."),
        ("excuse_or_apology", "I was sorry to hear about the office flooding."),
        ("excuse_or_apology", "You mentioned the traffic spikes during Black Friday."),
        ("compares_candidates", "I'm confident my background fits what the team needs."),
        ("compares_candidates", "It was great to hear how the platform team supports other teams."),
        ("compares_candidates", "We discussed the other candidate sites for the warehouse."),
        # A plain nod to the process, no ranking: every blind-set author who wrote one labelled it clean (issue 11).
        ("compares_candidates", "I know you're speaking with a few other candidates this week."),
        ("compares_candidates", "I understand the panel is still meeting other applicants, and I'm happy to wait."),
        ("sounds_desperate", "It meant a lot that you showed me the lab."),
        ("generic_greeting", "Dear Ms. Okafor and Mr. Lindqvist,\n\nThank you both."),
        ("generic_greeting", "Hi Dr. Nakamura and team,\n\nThank you both."),
        ("generic_greeting", "Dear Rajesh Sir,\n\nThank you for the interview."),
        ("generic_greeting", "Hi Sam from the design team,\n\nThank you."),
        ("negative_language", "Your sleep-tracking app stopped users losing sleep data."),
        ("negative_language", "I liked the nervous-system imaging work."),
        ("excuse_or_apology", "It was interesting to hear how the team rewrote its apology templates."),
        ("excuse_or_apology", "I come from a shift-based support background."),
        ("compares_candidates", "You mentioned you see a lot of applicants drop off at the assessment."),
        ("compares_candidates", "The sales team is up against two bigger rivals in the region."),
        ("sounds_desperate", "Your clinics desperately need a better way to triage."),
        ("sounds_desperate", "I've used Python since long before it was fashionable."),
        ("negative_language", "I'd love to help nervous first-timers feel at home on the wall."),
        ("negative_language", "The clinic's approach to anxious patients impressed me."),
        ("negative_language", "I enjoyed the edge computing demo."),
        ("excuse_or_apology", "I was sorry not to meet Dana this time."),
        ("excuse_or_apology", "Sorry to chase, I know it's a busy week."),
        ("excuse_or_apology", "I've just landed my AWS certification."),
        ("compares_candidates", "I enjoyed hearing how you stay ahead of the competition."),
        ("compares_candidates", "Our team beat the competition to market by six months."),
        ("compares_candidates", "I liked how you support the candidates you interview."),
        ("compares_candidates", "The people you'll meet on the team sound great."),
        ("compares_candidates", "My Spanish gives me an edge with Latin American clients."),
        ("compares_candidates", "I'm up against a tight deadline at work this week."),
        ("sounds_desperate", "The app is a lifeline for rural patients."),
        ("sounds_desperate", "I'm forever grateful to my first manager for teaching me SQL."),
        ("sounds_desperate", "The licence shall not apply to any other products."),
        ("negative_language", "It got to me that you remembered my portfolio piece."),
        ("negative_language", "The engine must be in a state of readiness before launch."),
        ("negative_language", "Your sleep clinic helps people who haven't slept well in years."),
        ("negative_language", "Our team tries not to stress the servers during peak hours."),
        ("excuse_or_apology", "Sorry to pester, just checking in on the analyst role."),
        ("excuse_or_apology", "Apologies for the extra email this week."),
        ("excuse_or_apology", "I liked the story of the agent who apologised to a caller and fixed the fault."),
        ("excuse_or_apology", "My late grandfather was a welder, which is how I got into fabrication."),
        ("excuse_or_apology", "I moved to Leeds late last year."),
        ("excuse_or_apology", "Your engineers fixed the frozen screen bug in the kiosk app."),
        ("compares_candidates", "I'd love to meet the rest of the panel next time."),
        ("compares_candidates", "The pool for the summer swim programme opened in May."),
        ("compares_candidates", "Several bids in the running for the contract came up in our chat."),
        ("compares_candidates", "I liked the Leeds site more than any of them."),
        ("compares_candidates", "I'm proud of the lot we restored at the auction house."),
        ("sounds_desperate", "Accessibility is really, really important to our users."),
        ("sounds_desperate", "The new dashboard would save me hours each week."),
        ("sounds_desperate", "We support tenants who are struggling to make ends meet."),
        ("sounds_desperate", "I promise it's a short read."),
        # Topics of the job and courtesies, by wording family (issue 11, third round), in words of our own.
        ("excuse_or_apology", "At the bank I trained call handlers how to apologise and then fix the fault."),
        ("excuse_or_apology", "Our refund letters apologise plainly and give a date."),
        ("excuse_or_apology", "I liked how your chatbot says sorry for the wait and offers a callback."),
        ("excuse_or_apology", 'I teach agents that a plain "I\'m sorry about that" calms most callers.'),
        ("excuse_or_apology", "I was sorry your head of design couldn't join us."),
        ("excuse_or_apology", "I'm sorry I didn't get the chance to meet Priya as well."),
        ("excuse_or_apology", "Sorry to trouble you again about the analyst role."),
        ("excuse_or_apology", "Forgive the extra email, I wanted to send the slides."),
        ("excuse_or_apology", "Forgive my directness, but the role fits me well."),
        ("excuse_or_apology", "I hope your train home wasn't delayed by the strike."),
        ("excuse_or_apology", "I joined the clinic late in its second year."),
        ("negative_language", "Many diners were anxious about allergens, so we printed clear menus."),
        ("negative_language", "I ran a swimming club for nervous beginners."),
        ("negative_language", "I'd like to help students who get nervous before exams."),
        ("negative_language", "You help the players handle pre-match nerves so well."),
        ("negative_language", "The social anxiety programme you run sounds valuable."),
        ("compares_candidates", "The lab screened several thousand drug candidates last year."),
        ("compares_candidates", "I enjoyed hearing how you keep the unsuccessful applicants informed."),
        ("compares_candidates", "At my agency I built a candidate pool of 200 chefs."),
        # More topic families and courtesies (issue 11, fourth round), in words of our own.
        ("negative_language", "Our survey found customer anxiety about delivery times."),
        ("negative_language", "I run support groups for adults with health anxiety."),
        ("negative_language", "Stage nerves are normal for first-year drama students."),
        ("negative_language", "We eased the drivers' nerves with a practice lap."),
        ("negative_language", "The team is anxious to see the pilot results."),
        ("negative_language", "I'm anxious to get going on the data work."),
        ("negative_language", "I couldn't stop thinking about your routing puzzle, so I sketched an answer."),
        ("excuse_or_apology", "Sorry to bother you with one more question about the start date."),
        ("excuse_or_apology", "Pardon the follow-up, I wanted to share the link."),
        ("excuse_or_apology", "Apologies if this reaches you on holiday."),
        ("excuse_or_apology", "Sorry I missed your call this morning, I was in a workshop."),
        ("excuse_or_apology", "Sorry for the lengthy email, there was a lot to cover."),
        ("excuse_or_apology", "Excuse the informal tone, I'm writing from the train."),
        ("excuse_or_apology", "I moved to Accra late in 2019."),
        ("excuse_or_apology", "Sorry we didn't get to meet the product lead."),
        ("excuse_or_apology", "I'm sorry your day was so packed, and thank you for fitting me in."),
        ("excuse_or_apology", "Sorry if this is a basic question, but is parking available?"),
        ("excuse_or_apology", "I regret that I couldn't stay for the team lunch."),
        ("excuse_or_apology", "Late trains were the main complaint your rail client had."),
        ("excuse_or_apology", "I often work late on Thursdays, so an evening call is fine."),
        ("compares_candidates", "I've interviewed over 300 applicants as a hiring manager."),
        ("compares_candidates", "Our candidates rated the assessment day highly."),
        ("compares_candidates", "The talent pool of nurses in the region is shrinking."),
        ("compares_candidates", "I was the first person in my family to study law."),
        ("sounds_desperate", "Shoppers have been begging for a faster checkout."),
        ("sounds_desperate", "That begs the question of how you'll scale."),
        ("sounds_desperate", "Please don't hesitate to contact me if you need references."),
    ],
)
def test_does_not_flag_innocent_uses(rule: str, text: str) -> None:
    assert rule not in rules_found(text)


def test_a_named_greeting_to_two_people_has_no_findings_at_all() -> None:
    text = "Dear Ms. Okafor and Mr. Lindqvist,\n\nThank you both for your time today.\n\nBest regards,\nTomás"
    report = check_draft(text, ["Adaeze Okafor", "Erik Lindqvist"])
    assert report.findings == []
    assert report.checklist["addresses_by_name"]


def test_curly_and_straight_apostrophes_give_the_same_spans() -> None:
    straight = "Hi Sam,\n\nI'm sorry, I've been worried I didn't explain it well."
    curly = straight.replace("'", "’")
    spans = [(f.rule, f.start, f.end) for f in check_draft(straight).findings]
    assert spans
    assert spans == [(f.rule, f.start, f.end) for f in check_draft(curly).findings]
    assert "I’ve been worried" in [f.excerpt for f in check_draft(curly).findings]


def test_fold_keeps_length_and_plain_letters() -> None:
    text = "I’m “Zoë” Ångström — Łukasz, Nguyễn Thị Minh Khai\r\n"
    assert len(fold(text)) == len(text)
    assert fold(text) == 'i\'m "zoe" angstrom — lukasz, nguyen thi minh khai \n'


# --- Structural rules -----------------------------------------------------------------------------


def words(count: int) -> str:
    return " ".join(f"word{i}" for i in range(count))


def test_exactly_200_words_is_not_too_long() -> None:
    report = check_draft(words(200))
    assert report.word_count == 200
    assert "too_long" not in {f.rule for f in report.findings}


def test_too_long_spans_the_words_past_the_limit() -> None:
    text = words(203) + "\n"
    (finding,) = [f for f in check_draft(text).findings if f.rule == "too_long"]
    assert finding.excerpt == "word200 word201 word202"
    assert finding.end == len(text) - 1


def test_word_count_counts_contractions_and_hyphenated_words_once_and_skips_dashes() -> None:
    assert check_draft("I'm glad — the follow-up went well.").word_count == 6


@pytest.mark.parametrize(
    ("interviewers", "greeting"),
    [
        (["Zoë Ångström"], "Hi Zoe,"),
        (["Zoe Angstrom"], "Hej Zoë,"),
        (["Łukasz Zieliński"], "Dear Lukasz,"),
        (["Siobhan O'Brien"], "Dear Dr. O’Brien,"),
        (["Nguyễn Thị Minh Khai"], "Dear Ms. Khai,"),
        (["Anne-Marie Dupont-Leclerc"], "Dear Anne-Marie,"),
        (["Jean-Luc Moreau"], "Dear Jean Luc,"),
        (["PRIYA RAMAN"], "hi priya,"),
        (["", "Priya Raman"], "Dear Ms. Raman,"),
    ],
)
def test_an_interviewers_first_or_last_name_counts_whatever_the_accents_or_case(
    interviewers: list[str], greeting: str
) -> None:
    report = check_draft(f"{greeting}\n\nThank you for your time.", interviewers)
    assert "missing_interviewer_name" not in {f.rule for f in report.findings}
    assert report.checklist["addresses_by_name"]


def test_missing_interviewer_name_spans_the_greeting_line() -> None:
    text = "Hi Sarah, thanks again!\n\nI enjoyed the chat."
    (finding,) = check_draft(text, ["Priya Raman"]).findings
    assert (finding.rule, finding.start, finding.excerpt) == ("missing_interviewer_name", 0, "Hi Sarah, thanks again!")


def test_missing_interviewer_name_without_a_greeting_is_an_empty_span_at_the_start() -> None:
    (finding,) = check_draft("Thank you for your time today.", ["Priya Raman"]).findings
    assert (finding.rule, finding.start, finding.end, finding.excerpt) == ("missing_interviewer_name", 0, 0, "")


def test_a_title_alone_is_not_a_name() -> None:
    assert rules_found("Dear Dr. Smith,\n\nThank you.", ("Dr. Ruth Levin",)) == {"missing_interviewer_name"}
    assert rules_found("Dear Dr. Levin,\n\nThank you.", ("Dr. Ruth Levin",)) == set()


def test_names_are_only_required_when_given() -> None:
    assert rules_found("Hello,\n\nThank you for your time.") == set()
    assert rules_found("Hello,\n\nThank you for your time.", ("  ",)) == set()


def test_a_bare_hello_is_not_generic_but_does_not_address_anyone() -> None:
    report = check_draft("Hello,\n\nThank you for meeting with me.")
    assert report.findings == []
    assert not report.checklist["addresses_by_name"]


# --- The checklist --------------------------------------------------------------------------------


def test_a_good_note_ticks_every_checklist_item() -> None:
    text = (
        "Hi Priya,\n\nThank you for meeting with me yesterday. I enjoyed learning about the churn dashboard "
        "your team rebuilt.\n\nI remain very interested in the role and look forward to hearing from you.\n\n"
        "Best regards,\nJordan"
    )
    assert check_draft(text, ["Priya Raman"]).checklist == dict.fromkeys(CHECKLIST_IDS, True)


def test_a_bare_note_misses_every_checklist_item() -> None:
    assert check_draft("Any news on the job?").checklist == dict.fromkeys(CHECKLIST_IDS, False)


def test_a_placeholder_is_not_a_signature() -> None:
    assert not check_draft("Hello,\n\nThanks.\n\nBest regards,\n[Your name]").checklist["sign_off"]
    assert check_draft("Hello,\n\nThanks.\n\nBest regards,\nJordan").checklist["sign_off"]


# --- Validation and output ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_an_empty_draft_is_refused(text: str) -> None:
    with pytest.raises(InvalidDraft, match="empty"):
        check_draft(text)


def test_the_length_limit_is_inclusive() -> None:
    assert check_draft("a" * MAX_DRAFT_CHARS).word_count == 1
    with pytest.raises(InvalidDraft, match="20,001 characters"):
        check_draft("a" * (MAX_DRAFT_CHARS + 1))


def test_a_single_string_of_interviewers_is_refused() -> None:
    with pytest.raises(InvalidDraft, match=r"\['Priya Raman'\]"):
        check_draft("Hi Priya,", "Priya Raman")


def test_decode_draft_drops_a_byte_order_mark_and_refuses_bad_bytes() -> None:
    assert decode_draft("\ufeffHi Zoë".encode()) == "Hi Zoë"
    with pytest.raises(InvalidDraft, match=r"not valid UTF-8.*offset 3"):
        decode_draft(b"Hi \xff there")


def test_to_dict_has_exactly_the_documented_shape_and_is_json() -> None:
    report = check_draft("Dear Hiring Manager,\n\nI am anxiously awaiting your decision.")
    data = report.to_dict()
    assert list(data) == ["findings", "checklist", "word_count"]
    assert list(data["findings"][0]) == ["rule", "start", "end", "excerpt", "message", "suggestion"]
    assert list(data["checklist"]) == list(CHECKLIST_IDS)
    assert json.loads(json.dumps(data)) == data


def test_findings_are_sorted_and_frozen() -> None:
    report = check_draft("Dear Hiring Manager,\n\nSorry, I am anxiously awaiting your decision.")
    assert [f.start for f in report.findings] == sorted(f.start for f in report.findings)
    with pytest.raises(FrozenInstanceError):
        report.findings[0].rule = "other"  # type: ignore[misc]


# --- Rules as data --------------------------------------------------------------------------------


def test_rule_ids_come_from_the_rules_file_in_order() -> None:
    assert RULE_IDS == (
        "negative_language",
        "excuse_or_apology",
        "compares_candidates",
        "sounds_desperate",
        "generic_greeting",
        "too_long",
        "missing_interviewer_name",
    )
    assert CHECKLIST_IDS == (
        "thanks_interviewer",
        "addresses_by_name",
        "specific_detail",
        "continued_interest",
        "sign_off",
    )
    assert load_rules() is load_rules(), "rules are compiled once"


def test_every_rule_cites_one_sentence_of_the_article() -> None:
    ruleset = load_rules()
    sources = {rule.id: rule.source for rule in ruleset.rules} | {item.id: item.source for item in ruleset.checklist}
    for entry_id, source in sources.items():
        assert "\n" not in source, entry_id
        assert source[-1] in ".?!", entry_id
        assert len(source.split(". ")) == 1, f"{entry_id}: quote a single sentence"


def rules_with(rule_id: str, patterns: list[str], **fields: Any) -> draft_check.RuleSet:
    """The package's rules and one more entry, parsed as the rules file would be."""
    document = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    document["rule"].append(
        {
            "id": rule_id,
            "message": "A test rule.",
            "suggestion": "Say it otherwise.",
            "source": "Keep things friendly but professional.",
            "patterns": patterns,
            **fields,
        }
    )
    return parse_rules(document)


def test_adding_a_rule_is_adding_an_entry() -> None:
    rules = rules_with("exclamation_marks", [r"!{2,}"])
    (finding,) = check_draft("Thanks so much!!!", rules=rules).findings
    assert (finding.rule, finding.excerpt) == ("exclamation_marks", "!!!")


def test_an_unless_pattern_drops_only_the_matches_it_overlaps() -> None:
    rules = rules_with("mentions_tickets", [r"\btickets?\b"], unless=[r"\b(?:support|help-?desk)\s+tickets?\b"])
    report = check_draft("I closed support tickets all year. Two tickets are still open.", rules=rules, learned=False)
    assert [f.excerpt for f in report.findings if f.rule == "mentions_tickets"] == ["tickets"]
    assert [f.start for f in report.findings if f.rule == "mentions_tickets"] == [39]


def test_a_term_is_written_once_and_patterns_use_it_by_name() -> None:
    document = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    document["terms"]["thanks_word"] = r"(?:thanks|cheers)"
    document["rule"].append(
        {
            "id": "thanks_twice",
            "message": "A test rule.",
            "suggestion": "Say it once.",
            "source": "Keep things friendly but professional.",
            "patterns": [r"\b{thanks_word}\s+again\b"],
        }
    )
    report = check_draft("Cheers again for Tuesday. Thanks again!", rules=parse_rules(document), learned=False)
    assert [f.excerpt for f in report.findings if f.rule == "thanks_twice"] == ["Cheers again", "Thanks again"]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"Shouty": "x"}, "'Shouty' must be a lower-case name"),
        ({"empty": ""}, "'empty' must be a lower-case name"),
        ({"outer": "{not_a_plural}x"}, "'outer' refers to another term"),
        (["not", "a", "table"], "'terms' must be a table"),
    ],
)
def test_a_malformed_term_is_refused_with_a_message_naming_it(terms: Any, message: str) -> None:
    document = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    document["terms"] = {**document["terms"], **terms} if isinstance(terms, dict) else terms
    with pytest.raises(InvalidRules, match=message):
        parse_rules(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "sentiment"}, "unknown kind 'sentiment'"),
        ({"patterns": [r"\b{no_such_term}\b"]}, "unknown term {no_such_term}"),
        ({"patterns": ["(unclosed"]}, "does not compile"),
        ({"patterns": [r"\bSorry\b"]}, "capital 'S'"),
        ({"patterns": []}, "non-empty list"),
        ({"message": ""}, "'message' must be a non-empty string"),
        ({"severity": "high"}, "unknown severity"),
        ({"id": "too_long"}, "repeated: too_long"),
        ({"unless": []}, "'unless' must be a non-empty list"),
        ({"unless": "\\bsorry\\b"}, "'unless' must be a non-empty list"),
        ({"unless": ["(unclosed"]}, "unless 0: pattern 0 does not compile"),
    ],
)
def test_a_malformed_rule_is_refused_with_a_message_naming_it(change: dict[str, Any], message: str) -> None:
    document = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    document["rule"][0] = {**document["rule"][0], **change}
    with pytest.raises(InvalidRules, match=message):
        parse_rules(document)


def test_module_examples_run() -> None:
    assert doctest.testmod(draft_check).failed == 0


# Issue 11's thirteenth round, measured once on draft_blind13.toml after all tuning (ad38363), with the learned layer,
# its veto and one learned rule per sentence: recall negative_language 1.00, excuse_or_apology 0.90,
# compares_candidates 0.90, sounds_desperate 1.00, precision 0.95, 1.00, 0.90, 1.00; 3 of 80 clean drafts with a
# content finding (0.75 per 20). The same model without the veto: 4 of 80, the same recall. The regex rules alone:
# recall 0.70, 0.65, 0.55, 0.85 and 4 of 80. The checker of e5d2a2f (end of the twelfth round): the same recall and 4
# of 80; of 255484d (end of the eleventh): the same recall and 5 of 80 (1.25 per 20). Issue 11's goals, recall 0.9
# per rule and at most 1 false alarm per 20 clean drafts, are met here; on draft_blind12.toml, a round earlier, the
# false-alarm goal was not (1.5 per 20). The floors are the goals, and a little under the measured precision.
FRESH_FLOOR = {"precision": 0.85, "recall": 0.9}
FRESH_MAX_FALSE_ALARMS_PER_20_CLEAN = 1.0


def test_rules_and_learned_layer_carry_over_to_the_fresh_blind_set(capsys: pytest.CaptureFixture[str]) -> None:
    title = f"{FRESH_BLIND} ({len(FRESH)} drafts, never read, tuned or trained on)"
    carry_over(FRESH, title, FRESH_FLOOR, FRESH_MAX_FALSE_ALARMS_PER_20_CLEAN, tuple(LEARNED_RULES), capsys)
