"""Tests for the draft checker's learned layer: the shipped arrays, its findings, its labels and its training."""

from __future__ import annotations

import doctest
import hashlib
import itertools
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from interview_signals.coach import learned as draft_learned
from interview_signals.coach import train as draft_train
from interview_signals.coach.check import RULE_IDS, check_draft, fold, load_rules
from interview_signals.coach.learned import (
    LEARNED_RULES,
    InvalidLearnedModel,
    LearnedModel,
    load_learned,
    ngrams,
    sentence_spans,
)

PACKAGE_MODEL = Path(draft_learned.__file__).with_name(draft_learned.MODEL_FILE)
SIDECAR = PACKAGE_MODEL.with_suffix(".json")
TESTS = Path(__file__).parent
LABELLED = {name: draft_train.load_drafts(name) for name in draft_train.TRAINING_FILES}
RULES = {rule.id: rule for rule in load_rules().rules}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- The artifact ---------------------------------------------------------------------------------


def test_the_learned_rules_are_the_content_rules_of_the_rules_file() -> None:
    assert set(LEARNED_RULES) <= set(RULE_IDS)
    assert all(RULES[rule].kind == "pattern" for rule in LEARNED_RULES)
    assert load_learned().rules == LEARNED_RULES


def test_the_artifact_holds_plain_numbers_and_strings_only() -> None:
    with zipfile.ZipFile(PACKAGE_MODEL) as archive:
        assert sorted(archive.namelist()) == sorted(f"{name}.npy" for name in draft_learned.MODEL_ARRAYS)
    with np.load(PACKAGE_MODEL, allow_pickle=False) as arrays:
        assert {arrays[name].dtype.kind for name in arrays.files} <= {"f", "U"}


def test_the_sidecar_records_the_artifacts_hash_and_the_files_it_was_trained_on() -> None:
    sidecar = json.loads(SIDECAR.read_text(encoding="utf-8"))
    assert sidecar["artifact_sha256"] == sha256(PACKAGE_MODEL)
    assert sidecar["training_files"] == {name: sha256(TESTS / name) for name in draft_train.TRAINING_FILES}, (
        "the labelled drafts changed since the model was trained: run `make coach-model`"
    )
    assert draft_train.FRESH_BLIND not in sidecar["training_files"]
    assert (TESTS / draft_train.FRESH_BLIND).is_file()


def copy_artifact(directory: Path) -> Path:
    directory.mkdir()
    shutil.copy(SIDECAR, directory / SIDECAR.name)
    return Path(shutil.copy(PACKAGE_MODEL, directory / PACKAGE_MODEL.name))


def test_a_copy_with_its_sidecar_loads_and_scores_like_the_package_model(tmp_path: Path) -> None:
    copy = load_learned(copy_artifact(tmp_path / "good"))
    sentences = ["i'm dreading the call.", "thank you for your time."]
    np.testing.assert_array_equal(copy.scores(sentences), load_learned().scores(sentences))


def test_a_changed_artifact_is_refused_before_it_is_read(tmp_path: Path) -> None:
    model = copy_artifact(tmp_path / "changed")
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(InvalidLearnedModel, match=r"SHA-256.*make coach-model"):
        load_learned(model)


def test_an_artifact_without_its_sidecar_is_refused(tmp_path: Path) -> None:
    model = copy_artifact(tmp_path / "alone")
    model.with_suffix(".json").unlink()
    with pytest.raises(InvalidLearnedModel, match="can't read"):
        load_learned(model)


# --- Scoring and findings -------------------------------------------------------------------------


def test_the_fast_scores_are_scikit_learns_decision_function() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    examples = draft_train.labelled_examples(LABELLED["draft_train.toml"][:60], "draft_train.toml")
    arrays = draft_train.fit(examples)
    sentences = [example.sentence for example in examples]
    vectorizer = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=2).fit(sentences)
    assert list(vectorizer.get_feature_names_out()) == list(arrays["features"])
    expected = vectorizer.transform(sentences) @ arrays["coef"] + arrays["intercept"]
    np.testing.assert_allclose(LearnedModel.from_arrays(arrays).scores(sentences), expected, atol=1e-9)


def test_sentences_cover_every_word_of_a_draft_once_in_order() -> None:
    for drafts in LABELLED.values():
        for draft in drafts:
            folded = fold(draft["text"])
            spans = sentence_spans(folded)
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
            sentences = [folded[start:end] for start, end in spans]
            assert all(sentence == sentence.strip() for sentence in sentences), draft["id"]
            assert "".join("".join(sentences).split()) == "".join(folded.split()), draft["id"]


# Paraphrases in words of our own that the regex rules miss: examples of what a learned finding looks like,
# not a measure of how often the layer catches one (the blind sets' tables in test_draft_check.py are that).
PARAPHRASES = [
    ("negative_language", "Honestly the last few days of waiting have been rough on me."),
    ("compares_candidates", "I reckon I would bring more to the table than whoever else is on your list."),
    ("compares_candidates", "I suspect not many who apply have run a depot the size of ours."),
    ("sounds_desperate", "My family is counting on me landing this post."),
]


@pytest.mark.parametrize(("rule", "sentence"), PARAPHRASES)
def test_a_paraphrase_the_rules_miss_is_a_learned_finding_on_its_sentence(rule: str, sentence: str) -> None:
    text = f"Hi Dana,\n\nThank you for the chat on Monday. {sentence} I look forward to hearing from you.\n\nBest,\nSam"
    assert rule not in {f.rule for f in check_draft(text, learned=False).findings}
    (finding,) = [f for f in check_draft(text).findings if f.rule == rule]
    assert finding.excerpt == sentence
    assert text[finding.start : finding.end] == sentence
    assert (finding.message, finding.suggestion) == (RULES[rule].message, RULES[rule].suggestion)
    assert 1 <= len(finding.evidence) <= draft_learned.EVIDENCE_WORDS
    assert set(finding.evidence) <= set(fold(sentence).replace(",", " ").replace(".", " ").split())
    assert finding.to_dict()["evidence"] == list(finding.evidence)


# Short, plain and keen, and in no labelled file. Before issue 11's tenth round added such sentences to
# draft_topics.toml, "this", "would" and "really" carried the first four over the sounds_desperate threshold; "I'd
# really love to work on this." still scores just over it.
PLAIN_SENTENCES = [
    "I would like to work with this team.",
    "This job would be a good fit for me.",
    "I would really enjoy this role.",
    "I am really interested in this job.",
    "This position would suit me well.",
    "I would really like to take on this role.",
    "This role is a great match for my skills.",
    "I would enjoy this challenge.",
]


@pytest.mark.parametrize("sentence", PLAIN_SENTENCES)
def test_a_short_plain_sentence_of_interest_is_not_a_learned_finding(sentence: str) -> None:
    model, folded = load_learned(), fold(sentence)
    scores = dict(zip(LEARNED_RULES, model.scores([folded])[0].round(2), strict=True))
    assert not model.flagged(model.judge(folded)), scores


@pytest.mark.parametrize(("rule", "sentence"), PARAPHRASES)
def test_the_strongest_evidence_word_is_what_the_score_rests_on(rule: str, sentence: str) -> None:
    model, column = load_learned(), LEARNED_RULES.index(rule)
    folded = fold(sentence)
    top = model.evidence(folded, rule)[0]
    without = " ".join(word for word in folded.split() if word.strip(",.") != top)
    assert model.scores([without])[0, column] < model.scores([folded])[0, column]


def test_learned_findings_add_to_the_regex_findings_it_does_not_overrule_and_never_repeat_one() -> None:
    model = load_learned()
    for drafts in LABELLED.values():
        for draft in drafts:
            interviewers = tuple(draft.get("interviewers", ()))
            regex = check_draft(draft["text"], interviewers, learned=False).findings
            both = check_draft(draft["text"], interviewers).findings
            judged = model.judge(fold(draft["text"]))
            kept = [
                f for f in regex if f.rule not in LEARNED_RULES or not model.overrules(f.rule, f.start, f.end, judged)
            ]
            assert [f for f in both if not f.evidence] == kept, draft["id"]
            for finding in (f for f in both if f.evidence):
                assert finding.rule in LEARNED_RULES
                assert not any(
                    f.rule == finding.rule and f.start < finding.end and f.end > finding.start for f in regex
                )


def one_word_model(word: str, weights: dict[str, float], vetoes: dict[str, float] | None = None) -> LearnedModel:
    """A learned layer that knows one feature, ``word``, worth ``weights[rule]`` for each rule named there.

    Every sentence scores -1 for every rule, plus the word's weight for a rule if it holds ``word``. The layer
    flags at 0 and vetoes a regex finding of a rule under ``vetoes[rule]`` (no veto for a rule not named).
    """
    coef = np.array([[weights.get(rule, 0.0) for rule in LEARNED_RULES]])
    cut_offs = np.array([(vetoes or {}).get(rule, -np.inf) for rule in LEARNED_RULES])
    return LearnedModel.from_arrays(
        {
            "rules": np.array(LEARNED_RULES),
            "features": np.array(["=" + word]),
            "idf": np.ones(1),
            "coef": coef,
            "intercept": np.full(len(LEARNED_RULES), -1.0),
            "thresholds": np.zeros(len(LEARNED_RULES)),
            "vetoes": cut_offs,
        }
    )


def scores_sentences_with(word: str, rule: str, weight: float, veto: float = -np.inf) -> LearnedModel:
    """:func:`one_word_model` for one rule: ``word`` worth ``weight`` for ``rule``, vetoed under ``veto``."""
    return one_word_model(word, {rule: weight}, {rule: veto})


def test_a_model_without_vetoes_is_refused_with_the_arrays_it_lacks() -> None:
    with np.load(PACKAGE_MODEL, allow_pickle=False) as arrays:
        old = {name: arrays[name] for name in arrays.files if name != "vetoes"}
    with pytest.raises(InvalidLearnedModel, match=r"lacks the arrays vetoes; rebuild it with `make coach-model`"):
        LearnedModel.from_arrays(old)


def flags_every_sentence_with(word: str, rule: str) -> LearnedModel:
    """A learned layer that flags, for ``rule`` alone, every sentence holding ``word``."""
    return scores_sentences_with(word, rule, 5.0)


# "Sorry for the long email" is a courtesy by excuse_or_apology's `unless` list: a sentence flagged on the strength of
# those words is not a finding; flagged on another word of the sentence, it is.
@pytest.mark.parametrize(("word", "kept"), [("sorry", False), ("email", False), ("questions", True)])
def test_a_sentence_flagged_on_a_word_the_rules_call_a_topic_use_is_not_a_finding(word: str, kept: bool) -> None:
    text = "Sorry for the long email, I had three questions."
    assert check_draft(text, learned=False).findings == []
    findings = check_draft(text, learned=flags_every_sentence_with(word, "excuse_or_apology")).findings
    assert [(f.rule, f.excerpt) for f in findings] == ([("excuse_or_apology", text)] if kept else [])


def test_the_layer_flags_a_sentence_for_the_one_rule_it_passes_by_most() -> None:
    # "tour" is worth 4 for excuse_or_apology and 2 for negative_language: both pass 0, the excuse by more.
    model = one_word_model("tour", {"excuse_or_apology": 4.0, "negative_language": 2.0})
    text = "The lab tour was the best part of the whole day for me."
    assert check_draft(text, learned=False).findings == []
    assert [f.rule for f in check_draft(text, learned=model).findings] == ["excuse_or_apology"]
    assert draft_learned.top_rules(
        np.array([[0.5, 3.0, -1.0, np.nan], [-1.0, -1.0, -1.0, -1.0]]), np.zeros(4)
    ).tolist() == [1, -1]


# The layer's second opinion on the regex rules: a sentence of VETO_MIN_WORDS words or more, in which the regex finds
# negative_language ("nervous").
VETOED = "I was so nervous during the interview on Monday that I spoke far too quickly."


@pytest.mark.parametrize(("weight", "veto", "kept"), [(-5.0, -1.0, False), (-5.0, -7.0, True), (5.0, -1.0, True)])
def test_a_regex_finding_stands_unless_its_sentence_scores_below_the_rules_veto(
    weight: float, veto: float, kept: bool
) -> None:
    # Score -1 + weight for the sentence: -6 is under a veto of -1 and over one of -7; 4 is over both.
    model = scores_sentences_with("interview", "negative_language", weight, veto)
    assert len(VETOED.split()) >= draft_learned.VETO_MIN_WORDS
    regex = [(f.rule, f.excerpt) for f in check_draft(VETOED, learned=False).findings]
    assert regex == [("negative_language", "nervous")]
    findings = [(f.rule, f.excerpt) for f in check_draft(VETOED, learned=model).findings if not f.evidence]
    assert findings == (regex if kept else [])


@pytest.mark.parametrize("text", ["I was so nervous.", "I was so nervous during the interview on Monday."])
def test_a_regex_finding_in_a_sentence_too_short_for_a_second_opinion_stands(text: str) -> None:
    assert len(text.split()) < draft_learned.VETO_MIN_WORDS
    model = scores_sentences_with("nervous", "negative_language", -50.0, 0.0)
    assert [(f.rule, f.excerpt) for f in check_draft(text, learned=model).findings] == [
        ("negative_language", "nervous")
    ]


def test_the_shipped_layer_overrules_a_topic_word_the_regex_rules_take_for_an_excuse() -> None:
    # A sentence of our own, in no labelled file: the lateness is the suppliers' and the job's topic.
    text = "At my last depot we logged supplier lateness by route and reviewed the worst five each quarter."
    assert [(f.rule, f.excerpt) for f in check_draft(text, learned=False).findings] == [
        ("excuse_or_apology", "lateness")
    ]
    assert check_draft(text).findings == []


def test_on_the_labelled_files_the_veto_costs_at_most_its_recall_budget() -> None:
    model = load_learned()
    flagged = overruled = 0
    for drafts in LABELLED.values():
        for draft in drafts:
            folded = fold(draft["text"])
            judged = model.judge(folded)
            found: dict[str, list[bool]] = {}
            for f in check_draft(draft["text"], draft.get("interviewers", ()), learned=False).findings:
                if f.rule in draft["expected"] and f.rule in LEARNED_RULES:
                    found.setdefault(f.rule, []).append(model.overrules(f.rule, f.start, f.end, judged))
            flagged += len(found)
            overruled += sum(all(vetoed) for vetoed in found.values())
    print(f"\nveto: {overruled} of {flagged} rightly flagged (draft, rule) pairs lose every regex finding")
    assert overruled <= draft_train.VETO_RECALL_COST * flagged


def test_vetoes_cost_at_most_the_recall_budget_and_spare_what_is_too_short_to_judge() -> None:
    rule = "negative_language"
    drafts = 200
    facts = {("f", n): draft_train._Labelled(frozenset({rule}), frozenset({rule})) for n in range(drafts)}
    long = " ".join(["word"] * draft_learned.VETO_MIN_WORDS)
    examples = [draft_train.Example("f", n, long, (1, 0, 0, 0), frozenset({rule})) for n in range(drafts)]
    # Draft 0's sentence is too short for a second opinion; draft 1's too short to judge at all (NaN).
    examples[0] = draft_train.Example("f", 0, "word", (1, 0, 0, 0), frozenset({rule}))
    # And one more draft, of no rule, whose regex finding scores lowest of all.
    facts |= {("f", drafts): draft_train._Labelled(frozenset(), frozenset({rule}))}
    examples.append(draft_train.Example("f", drafts, long, (0, 0, 0, 0), frozenset({rule})))
    scores = np.array([[float(n), 0.0, 0.0, 0.0] for n in range(drafts)] + [[-100.0, 0.0, 0.0, 0.0]])
    scores[1, 0] = np.nan
    vetoes = draft_train.choose_vetoes(examples, scores, facts)
    allowed = int(draft_train.VETO_RECALL_COST * drafts)
    assert allowed >= 1
    # Drafts 0 and 1 are not counted as lost, though draft 0 scores under the veto: the next `allowed` drafts are.
    assert scores[0, 0] < vetoes[0]
    assert [n for n in range(2, drafts) if scores[n, 0] < vetoes[0]] == list(range(2, 2 + allowed))
    assert np.isneginf(vetoes[1:]).all()  # no draft has those rules: no veto


# --- Labels and thresholds ------------------------------------------------------------------------


def labels_of(draft: draft_train.Draft) -> dict[str, dict[str, int | None]]:
    examples = draft_train.labelled_examples([draft], "test")
    return {example.sentence: dict(zip(LEARNED_RULES, example.labels, strict=True)) for example in examples}


def test_a_flagged_list_makes_its_sentences_positive_and_the_others_clean() -> None:
    draft = {
        "expected": ["sounds_desperate"],
        "flagged": ["Honestly I'd take anything at this point."],
        "text": "Hi Dana,\n\nThanks for Monday. Honestly I'd take anything at this point. Good luck with the launch.\n",
    }
    labels = labels_of(draft)
    assert labels["honestly i'd take anything at this point."]["sounds_desperate"] == 1
    assert labels["good luck with the launch."] == dict.fromkeys(LEARNED_RULES, 0)


def test_without_a_flagged_list_only_what_the_rules_or_the_note_point_at_is_positive() -> None:
    draft = {
        "expected": ["negative_language"],
        "note": "The writer's own unease: 'the wait has been rough'.",
        "text": "Hi Dana,\n\nThanks for Monday. Honestly the wait has been rough. I'm dreading the call. See you.\n",
    }
    labels = {sentence: rules["negative_language"] for sentence, rules in labels_of(draft).items()}
    assert labels["honestly the wait has been rough."] == 1  # quoted by the note
    assert labels["i'm dreading the call."] == 1  # found by the regex rule
    assert labels["see you."] is None  # can't tell: left out rather than called clean
    assert labels_of({**draft, "expected": []})["see you."] == dict.fromkeys(LEARNED_RULES, 0)


def test_cross_validation_can_hold_out_a_few_files_and_counts_every_draft_of_them() -> None:
    files = {name: LABELLED[name][:60] for name in ("draft_dev.toml", "draft_dev2.toml", "draft_blind2.toml")}
    report = draft_train.cross_validate(files, ["draft_dev2.toml"])
    assert list(report) == ["draft_dev2.toml"]
    held = files["draft_dev2.toml"]
    for rule, counts in report["draft_dev2.toml"].items():
        for tally in counts.values():
            assert tally["tp"] + tally["fn"] == sum(rule in draft["expected"] for draft in held)
            assert tally["clean"] == sum(not draft["expected"] for draft in held)


def test_cross_validation_refuses_a_held_out_file_it_was_not_given_before_fitting() -> None:
    with pytest.raises(ValueError, match=r"not among the training files: draft_nope\.toml"):
        draft_train.cross_validate({"draft_dev.toml": LABELLED["draft_dev.toml"]}, ["draft_nope.toml"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cv", "--held-out", "draft_nope.toml"], "invalid choice: 'draft_nope.toml'"),
        (["--held-out", "draft_dev.toml"], "needs --cv"),
    ],
)
def test_the_training_command_refuses_a_held_out_file_it_cannot_use(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        draft_train.main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_thresholds_allow_at_most_the_false_alarm_budget_among_drafts_without_the_rule() -> None:
    negatives = 200
    facts = {("f", n): draft_train._Labelled(frozenset(), frozenset()) for n in range(negatives)}
    scores = {key: np.full(len(LEARNED_RULES), float(key[1])) for key in facts}
    thresholds = draft_train.choose_thresholds(scores, facts)
    allowed = int(draft_train.FALSE_ALARM_RATE * negatives)
    for column in range(len(LEARNED_RULES)):
        assert sum(row[column] >= thresholds[column] for row in scores.values()) == allowed


@pytest.mark.slow
def test_the_committed_artifact_is_what_training_gives_now() -> None:
    arrays = draft_train.train(draft_train.training_files())
    with np.load(PACKAGE_MODEL, allow_pickle=False) as committed:
        assert list(committed["rules"]) == list(arrays["rules"])
        assert list(committed["features"]) == list(arrays["features"])
        for name in ("idf", "coef", "intercept", "thresholds", "vetoes"):
            np.testing.assert_allclose(committed[name], arrays[name].astype(np.float32), rtol=1e-4, atol=1e-5)


def test_module_examples_run() -> None:
    assert doctest.testmod(draft_learned).failed == 0


def test_a_short_line_such_as_a_sign_off_name_is_not_judged_by_the_learned_layer() -> None:
    # Found by the written-draft property test: a name folded to "i ŀd" read as an apology.
    draft = "Hello,\n\nThank you for speaking with me today. I enjoyed our conversation.\n\nBest regards,\nI ĿD"
    assert not check_draft(draft, ()).findings
