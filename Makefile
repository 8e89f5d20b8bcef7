# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench model coach-model notebooks screenshot clean

# Create .venv when missing and (re)install the project whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,notebooks]'
	touch $(STAMP)

# Serve the page on 127.0.0.1 with the bundled model; .streamlit/config.toml turns off the prompt and telemetry.
run: $(STAMP)
	$(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src

test: lint
	$(BIN)/pytest

# Speed ratios, each against a baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the documented prior and refit the bundled model from it.
model: $(STAMP)
	$(BIN)/interview-signals simulate --rows 50000 --seed 2026 --out data/prior.csv
	$(BIN)/interview-signals train

# Retrain the draft checker's learned layer from the labelled drafts in tests/ (deterministic; about a minute).
coach-model: $(STAMP)
	$(BIN)/python -m interview_signals.draft_train

notebooks: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Retake docs/page.png: the page filled with a realistic example, 1440x900 (needs Debian's chromium).
screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py docs/page.png

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
