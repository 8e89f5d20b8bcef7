"""The model: monotone in the article's direction, calibrated, honest about its uncertainty, safe to load."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_signals.config import BUNDLED_MODEL
from interview_signals.estimate.batch import frame_features
from interview_signals.estimate.csv_rows import OUTCOME
from interview_signals.estimate.explain import explain
from interview_signals.estimate.features import FEATURE_NAMES, SIGNS
from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT, Model, ModelUnavailable, fit, load, save, sidecar_of
from interview_signals.evaluation.metrics import calibration_report
from interview_signals.observation import ROLE_SELLING, Observation
from interview_signals.prior.simulate import TRUE_PROBABILITY, PriorAssumptions, simulate
from tests.strategies import observations


def probability(model: Model, obs: Observation) -> float:
    return explain(model, obs).probability


def test_running_long_never_lowers_the_estimate(model: Model, base_obs: Callable[..., Observation]) -> None:
    short, on_time, long_ = (base_obs(actual_minutes=m) for m in (30, 45, 75))
    assert probability(model, long_) >= probability(model, on_time) >= probability(model, short)


@settings(max_examples=150, deadline=None)
@given(obs=observations(), minutes=st.integers(1, 720), more=st.integers(1, 200))
def test_more_minutes_never_lower_the_estimate(model: Model, obs: Observation, minutes: int, more: int) -> None:
    shorter = obs.model_copy(update={"actual_minutes": minutes})
    longer = obs.model_copy(update={"actual_minutes": min(720, minutes + more)})
    assert probability(model, longer) >= probability(model, shorter)


@settings(max_examples=150, deadline=None)
@given(obs=observations())
def test_being_cut_short_never_raises_and_selling_never_lowers(model: Model, obs: Observation) -> None:
    unknown_length = obs.model_copy(update={"actual_minutes": None})
    cut = obs.model_copy(update={"actual_minutes": max(1, obs.scheduled_minutes // 2)})
    assert probability(model, cut) <= probability(model, unknown_length)
    levels = [probability(model, obs.model_copy(update={"role_selling": level})) for level in ROLE_SELLING]
    assert levels == sorted(levels)


@settings(max_examples=150, deadline=None)
@given(obs=observations())
def test_an_affirming_reply_never_lowers_and_silence_never_raises(model: Model, obs: Observation) -> None:
    if obs.follow_up_sent_on is None:
        return
    replies = {r: probability(model, obs.model_copy(update={"follow_up_reply": r})) for r in ("none", "affirming")}
    unknown = probability(model, obs.model_copy(update={"follow_up_reply": None}))
    assert replies["affirming"] >= unknown >= replies["none"]


def _prior(rows: int, seed: int, assumptions: PriorAssumptions | None = None) -> tuple[np.ndarray, np.ndarray]:
    frame = simulate(rows, seed=seed, assumptions=assumptions)
    return frame_features(frame), frame[OUTCOME].to_numpy(float)


@pytest.fixture(scope="module")
def small_prior() -> tuple[np.ndarray, np.ndarray]:
    return _prior(10_000, seed=11)


def test_signs_hold_even_when_real_data_disagree(small_prior: tuple[np.ndarray, np.ndarray]) -> None:
    # A world where running long is bad news and a warm reply means nothing: the article says otherwise.
    contrary = PriorAssumptions(effects=PriorAssumptions().effects | {"ran_over": -2.0, "reply_affirming": -1.5})
    real_x, real_y = _prior(5_000, seed=12, assumptions=contrary)
    fitted = fit(*small_prior, real_x, real_y)
    constrained = SIGNS != 0
    assert (fitted.coefficients[constrained] * SIGNS[constrained] >= 0).all()
    assert fitted.coefficients[FEATURE_NAMES.index("ran_over")] == 0.0


def test_real_outcomes_from_another_world_pull_the_model_toward_it(
    small_prior: tuple[np.ndarray, np.ndarray], base_obs: Callable[..., Observation]
) -> None:
    harsher = PriorAssumptions(base_rate={"phone_screen": 0.2, "interview": 0.15, "final_round": 0.25})
    probe = base_obs(actual_minutes=50, role_selling="some")
    truth = {
        world: 1 / (1 + np.exp(-(a.true_coefficients()[0][0] + explain_row(probe) @ a.true_coefficients()[1])))
        for world, a in {"prior": PriorAssumptions(), "harsher": harsher}.items()
    }
    before = probability(fit(*small_prior), probe)
    after = probability(fit(*small_prior, *_prior(3_000, seed=13, assumptions=harsher)), probe)
    assert abs(before - truth["prior"]) < 0.05
    assert abs(after - truth["harsher"]) < abs(before - truth["harsher"]) - 0.1
    assert abs(after - truth["harsher"]) < 0.06


def explain_row(obs: Observation) -> np.ndarray:
    from interview_signals.estimate.features import features

    return features(obs)


def test_the_range_narrows_as_real_outcomes_arrive(
    small_prior: tuple[np.ndarray, np.ndarray], base_obs: Callable[..., Observation]
) -> None:
    probe = base_obs(actual_minutes=55, role_selling="some", decision_expected_by=date(2026, 11, 12))
    widths = []
    for n, seed in ((0, 0), (100, 21), (1_000, 22)):
        real = _prior(n, seed=seed) if n else (None, None)
        interval = explain(fit(*small_prior, *real), probe).interval
        widths.append(interval.high - interval.low)
    assert widths[0] > widths[1] > widths[2]
    assert widths[0] > 0.2  # before any real outcome the range is honestly wide


def test_the_prior_weighs_as_many_interviews_as_configured(small_prior: tuple[np.ndarray, np.ndarray]) -> None:
    light, heavy = fit(*small_prior, prior_weight=50), fit(*small_prior, prior_weight=200)
    np.testing.assert_allclose(light.coefficients, heavy.coefficients, atol=1e-5)  # same point estimate
    ratio = light.covariance.diagonal() / heavy.covariance.diagonal()
    np.testing.assert_allclose(ratio, 4.0, rtol=0.05)  # variance scales as 1 / weight


@pytest.fixture(scope="module")
def held_out() -> dict[str, np.ndarray]:
    frame = simulate(20_000, seed=987_654)
    return {"x": frame_features(frame), "y": frame[OUTCOME].to_numpy(float), "p": frame[TRUE_PROBABILITY].to_numpy()}


def test_the_bundled_model_is_calibrated_on_20000_held_out_interviews(
    model: Model, held_out: dict[str, np.ndarray]
) -> None:
    report = calibration_report(held_out["y"], model.probability(held_out["x"]), held_out["p"])
    print({k: round(v, 4) for k, v in report.items()})
    assert report["ece_10_bins"] <= 0.02
    assert 0.9 <= report["calibration_slope"] <= 1.1
    assert abs(report["calibration_intercept"]) <= 0.1
    assert report["log_loss"] <= 1.02 * report["bayes_log_loss"]


def test_the_model_json_records_what_it_promises(model: Model) -> None:
    description = json.loads(sidecar_of(BUNDLED_MODEL).read_text())
    assert description["prior_weight"] == DEFAULT_PRIOR_WEIGHT
    assert {"numpy", "scikit-learn", "joblib", "python"} <= set(description["library_versions"])
    assert len(description["training_data_sha256"]) == len(description["artifact_sha256"]) == 64
    assert description["metrics"]["held_out_interviews"] >= 20_000
    assert description["metrics"]["ece_10_bins"] <= 0.02
    assert description["metrics"]["log_loss_ratio_to_bayes"] <= 1.02


@pytest.fixture
def artifact(tmp_path: Path) -> Path:
    target = tmp_path / "model.joblib"
    shutil.copy(BUNDLED_MODEL, target)
    shutil.copy(sidecar_of(BUNDLED_MODEL), sidecar_of(target))
    return target


def test_a_copy_of_the_artifact_loads(artifact: Path, model: Model) -> None:
    np.testing.assert_array_equal(load(artifact).coefficients, model.coefficients)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda p: p.unlink(), "is missing"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "does not match the SHA-256"),
        (lambda p: p.write_bytes(p.read_bytes()[:-1] + bytes([p.read_bytes()[-1] ^ 1])), "does not match the SHA-256"),
        (lambda p: sidecar_of(p).unlink(), "no readable description"),
        (lambda p: sidecar_of(p).write_text("{not json"), "no readable description"),
    ],
)
def test_a_damaged_artifact_is_refused_with_the_retrain_command(
    artifact: Path, damage: Callable[[Path], object], words: str
) -> None:
    damage(artifact)
    with pytest.raises(ModelUnavailable) as caught:
        load(artifact)
    assert words in str(caught.value) and "interview-signals train" in str(caught.value)


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[attr-defined]

    marker: Path


def test_a_replaced_pickle_is_never_run(artifact: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _Exploit.marker = marker
    artifact.write_bytes(pickle.dumps(_Exploit()))
    with pytest.raises(ModelUnavailable):
        load(artifact)
    assert not marker.exists()


def test_saving_writes_a_loadable_artifact_and_its_hash(
    tmp_path: Path, small_prior: tuple[np.ndarray, np.ndarray]
) -> None:
    fitted = replace(fit(*small_prior), metrics={"ece_10_bins": 0.01})
    description = save(fitted, "ab" * 32, tmp_path / "m.joblib")
    loaded = load(tmp_path / "m.joblib")
    np.testing.assert_allclose(loaded.covariance, fitted.covariance)
    assert loaded.version == description["version"] and loaded.version.endswith("+abababab")
    assert not list(tmp_path.glob("*.partial"))


def test_scoring_imports_neither_scikit_learn_nor_scipy() -> None:
    code = (
        "import sys, datetime\n"
        "from interview_signals.estimate.model import load\n"
        "from interview_signals.estimate.answer import estimate\n"
        "from interview_signals.observation import Observation\n"
        "obs = Observation(interview_date=datetime.date(2026, 11, 2), scheduled_minutes=45)\n"
        "estimate(load(), obs)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
