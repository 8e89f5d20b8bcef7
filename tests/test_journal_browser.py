"""The journal in a real browser: save an interview, update it, record its outcome and export, as a person would.

Skipped with a reason when chromium or playwright is missing, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from interview_signals.journal.store import Journal
from scripts import screenshot as browser
from tests.test_browser import require_browser

pytestmark = pytest.mark.slow  # a real browser against a real server


def test_save_update_record_and_export_in_chromium(tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import sync_playwright

    home = tmp_path / "home"
    env = {"INTERVIEW_SIGNALS_TODAY": browser.TODAY.isoformat(), "INTERVIEW_SIGNALS_HOME": str(home)}
    with browser.serve(env) as url, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page(viewport=browser.VIEWPORT, accept_downloads=True)
        page.goto(url)
        browser.likelihood(page)
        browser.fill_form(page, {"interview_date": date(2026, 11, 6), "actual_minutes": 70})

        label = page.locator('input[aria-label="Label"]')
        label.fill("Acme, analyst")
        label.press("Enter")
        browser.wait_until_idle(page)
        page.get_by_role("button", name="Save to journal").click()
        browser.wait_for_text(page, ["Saved as #1"])

        page.get_by_role("link", name="Journal").click()
        browser.wait_for_text(page, ["Your journal", "1 save."])
        page.get_by_role("button", name="Load into the form").click()
        browser.wait_until_idle(page)
        browser.fill_form(page, {"follow_up_sent_on": date(2026, 11, 16), "follow_up_reply": "A warm, affirming reply"})
        page.get_by_role("button", name="Save the form as an update").click()
        browser.wait_for_text(page, ["Updated Acme, analyst.", "2 saves."])

        page.get_by_role("button", name="Record outcome").click()  # "How it went" starts at "Offer"
        browser.wait_for_text(page, ["Recorded “Offer” for Acme, analyst.", "Outcome: Offer"])

        browser.wait_until_idle(page)  # the export button is redrawn by the outcome's rerun
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Export everything (CSV)").click()
        data = Path(download.value.path()).read_bytes()
        assert "Traceback" not in page.content()
        page.screenshot(path=str(tmp_path / "journal.png"))
        chromium.close()

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(row["label"], row["event"], row["outcome"]) for row in rows] == [
        ("Acme, analyst", "estimate", ""),
        ("Acme, analyst", "estimate", ""),
        ("Acme, analyst", "outcome", "offer"),
    ]
    assert rows[1]["follow_up_reply"] == "affirming"
    assert rows[0]["actual_minutes"] == "70"
    (saved,) = Journal(home / "journal.sqlite3").interviews()
    assert saved.outcome == "offer"
    assert len(saved.snapshots) == 2
    assert saved.snapshots[1].shown.probability > saved.snapshots[0].shown.probability
