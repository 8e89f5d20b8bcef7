#!/usr/bin/env bash
# Install the wheel into a fresh venv, as a user would, and use it from a folder outside the repository:
# the bundled model, the draft rules and the user's own home must all work without the checkout.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$repo/.venv/bin/python" -m build --wheel --outdir "$work/dist" "$repo" >/dev/null
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$work"/dist/*.whl
export INTERVIEW_SIGNALS_HOME="$work/home"
cd "$work"
cli="$work/venv/bin/interview-signals"
echo '{"interview_date": "2026-11-02", "as_of": "2026-11-20", "scheduled_minutes": 45, "actual_minutes": 70}' > obs.json
"$cli" estimate obs.json | "$work/venv/bin/python" -c 'import json, sys; d = json.load(sys.stdin); assert 0 < d["probability"] < 1, d'
printf 'Dear Hiring Manager,\n\nThank you for your time.\n' > note.txt
"$cli" check-draft note.txt | grep -q generic_greeting
"$cli" draft obs.json --kind thank_you | grep -q "Thank you"
echo "wheel: estimate, check-draft and draft work from $work, outside the repository"
