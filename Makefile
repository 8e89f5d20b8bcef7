# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast lint lock bench model coach-model coach-cv notebooks screenshot clean

PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# Create .venv when missing and (re)install whenever the lock or pyproject.toml changes: first the exact
# versions the tests passed on (requirements.lock, every file hash-checked), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $(STAMP)

# Serve the page on 127.0.0.1 with the bundled model; .streamlit/config.toml turns off the prompt and telemetry.
run: $(STAMP)
	$(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src app.py app_pages tests scripts
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest

# The edit loop: everything but the slow tests (notebooks, browser, wheel, full-size files).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

# Re-resolve requirements.lock to the newest versions pyproject.toml allows (CPython 3.11 on x86-64 Linux,
# the machines this project runs on); run `make test` after it, and commit both.
lock: $(STAMP)
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11.7 --python-platform x86_64-unknown-linux-gnu \
		--extra dev --extra notebooks --no-emit-package interview-signals -o requirements.lock pyproject.toml

# Speed ratios, each against a baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the documented prior and refit the bundled model from it.
model: $(STAMP)
	$(BIN)/interview-signals simulate --rows 50000 --seed 2026 --out data/prior.csv
	$(BIN)/interview-signals train --out src/interview_signals/bundled/model.joblib

# Retrain the draft checker's learned layer from the labelled drafts in tests/ (deterministic; about a minute).
coach-model: $(STAMP)
	$(BIN)/python -m interview_signals.coach.train

# How the learned layer carries over: each labelled file held out of its training in turn (long: it grows with the square
# of the files). For a quicker estimate hold out only the newest blind sets:
#   .venv/bin/python -m interview_signals.coach.train --cv --held-out draft_blind10.toml draft_blind11.toml
coach-cv: $(STAMP)
	$(BIN)/python -m interview_signals.coach.train --cv

notebooks: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Retake docs/page.png: the page filled with a realistic example, 1440x900 (needs Debian's chromium).
screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py docs/page.png

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
