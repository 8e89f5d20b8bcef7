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

from interview_signals.assumptions import OFFER, PriorAssumptions, load_assumptions
from interview_signals.config import BUNDLED_MODEL
from interview_signals.estimate.batch import columns_from_frame, frame_features
from interview_signals.estimate.csv_rows import OUTCOME
from interview_signals.estimate.explain import explain
from interview_signals.estimate.features import FEATURE_NAMES, SIGNS
from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT, Model, ModelUnavailable, fit, load, save, sidecar_of
from interview_signals.estimate.silence import news_clock
from interview_signals.evaluation import signal_rates
from interview_signals.evaluation.metrics import calibration_report
from interview_signals.observation import ROLE_SELLING, Observation
from interview_signals.prior.simulate import TRUE_PROBABILITY, simulate, true_probability
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
    a = load_assumptions()
    reply = a.reply_given | {OFFER: {"none": 0.50, "acknowledged": 0.40, "affirming": 0.10}}
    contrary = replace(a, ran_over_effect=-1.0, cut_short_effect=1.0, reply_given=reply)
    real_x, real_y = _prior(5_000, seed=12, assumptions=contrary)
    fitted = fit(*small_prior, real_x, real_y)
    constrained = SIGNS != 0
    assert (fitted.coefficients[constrained] * SIGNS[constrained] >= 0).all()
    assert fitted.coefficients[FEATURE_NAMES.index("ran_over")] == 0.0


def test_real_outcomes_from_another_world_pull_the_model_toward_it(
    small_prior: tuple[np.ndarray, np.ndarray], base_obs: Callable[..., Observation]
) -> None:
    harsher = replace(load_assumptions(), base_rate={"phone_screen": 0.2, "interview": 0.15, "final_round": 0.25})
    probe = base_obs(actual_minutes=50, role_selling="some")
    truth = {
        world: true_probability(probe, a) for world, a in {"prior": load_assumptions(), "harsher": harsher}.items()
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
    # The N(0, 10²) coefficient prior is in the fit now (a MAP estimate): it pulls a lighter prior a little more.
    np.testing.assert_allclose(light.coefficients, heavy.coefficients, atol=0.1)
    assert np.abs(light.coefficients).sum() < np.abs(heavy.coefficients).sum()
    ratio = light.covariance.diagonal() / heavy.covariance.diagonal()
    assert ((ratio > 3.6) & (ratio <= 4.0)).all(), ratio  # variance scales as 1 / weight, less the fixed prior's share


def test_fits_on_a_few_real_outcomes_and_no_prior_stay_finite() -> None:
    # A handful of outcomes often has a signal that only one outcome's interviews showed: without the
    # coefficient prior in the fit, its coefficient ran off (72 of 400 fits above 20, the largest 236).
    largest, fits = 0.0, 0
    for seed in range(400):
        real = simulate(100, seed=50_000 + seed)
        x, y = frame_features(real), real[OUTCOME].to_numpy(float)
        if len(np.unique(y)) < 2:
            continue
        fitted = fit(np.empty((0, x.shape[1])), np.empty(0), x, y, prior_weight=0.0)
        theta = np.concatenate(([fitted.intercept], fitted.coefficients))
        assert np.isfinite(theta).all()
        assert np.isfinite(fitted.covariance).all()
        largest, fits = max(largest, float(np.abs(theta).max())), fits + 1
    print(f"{fits} fits of 100 real rows, largest |coefficient| {largest:.2f}")
    assert fits >= 390
    assert largest < 15


def test_a_single_real_outcome_of_each_kind_gives_a_finite_fit() -> None:
    real = simulate(2, seed=3)
    x, y = frame_features(real), np.array([0.0, 1.0])
    fitted = fit(np.empty((0, x.shape[1])), np.empty(0), x, y, prior_weight=0.0)
    assert np.isfinite(fitted.coefficients).all()
    assert np.abs(fitted.coefficients).max() < 15


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


def test_with_nothing_known_the_estimate_is_the_stages_simulated_rate(model: Model) -> None:
    # The cited rates are over all interviews: the model's estimate with nothing known on the interview
    # day, the simulator's outcome rate before any news could come, and the cited rate all agree.
    for row in signal_rates.stage_rates_before_news(simulate(200_000, seed=4_242)).to_dict("records"):
        obs = Observation(
            interview_date=date(2026, 11, 2), as_of=date(2026, 11, 2), stage=row["stage"], scheduled_minutes=45
        )
        said = explain(model, obs).probability
        print(
            f"{row['stage']}: estimate {said:.4f}, cited {row['cited']}, "
            f"simulated {row['outcome_rate']:.4f} ({row['interviews']})"
        )
        assert abs(said - row["cited"]) <= 0.01
        assert abs(row["true_probability"] - row["cited"]) <= 0.01
        assert abs(row["outcome_rate"] - said) <= 0.02  # sampling error of several thousand outcomes, about ±0.007


def test_calibration_holds_where_two_silences_cover_the_same_days(
    model: Model, held_out: dict[str, np.ndarray]
) -> None:
    frame = simulate(60_000, seed=5_151)
    cols = columns_from_frame(frame)
    both = (
        (frame["follow_up_reply"] == "none").to_numpy()
        & (cols.waited_days - cols.follow_up_day > news_clock().follow_up_grace_days)
        & (cols.waited_days - cols.decision_day > news_clock().decision_grace_days)
    )
    predicted = model.probability(frame_features(frame[both]))
    y, truth = frame.loc[both, OUTCOME].to_numpy(float), frame.loc[both, TRUE_PROBABILITY].to_numpy()
    print(
        f"{both.sum()} rows with both silences: predicted {predicted.mean():.4f}, true {truth.mean():.4f}, "
        f"observed {y.mean():.4f}"
    )
    assert both.sum() > 1_000
    assert abs(predicted.mean() - truth.mean()) <= 0.01
    assert np.abs(predicted - truth).max() <= 0.05
    assert abs(y.mean() - predicted.mean()) <= 3 * np.sqrt(predicted.mean() * (1 - predicted.mean()) / both.sum())


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
    assert words in str(caught.value)
    assert "interview-signals train" in str(caught.value)


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))

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
    assert loaded.version == description["version"]
    assert loaded.version.endswith("+abababab")
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
