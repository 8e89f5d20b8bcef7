"""The page in a real browser: Debian's chromium, driven by playwright, typing as a person would.

Skipped with a reason when chromium or playwright is missing, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from interview_signals.estimate.answer import estimate
from interview_signals.estimate.model import Model
from interview_signals.observation import InvalidObservation, Observation, observation_from_mapping
from interview_signals.present import wording
from scripts import screenshot as browser  # serving the page and filling its form, shared with `make screenshot`


def _missing() -> str | None:
    if not browser.CHROMIUM.exists():
        return f"{browser.CHROMIUM} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is missing (pip install playwright)"
    return None


pytestmark = pytest.mark.slow  # a real browser against a real server: seconds per test


def require_browser() -> None:
    """Skip, saying why, when chromium or playwright is missing; in CI, fail instead."""
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test is mandatory in CI: {reason}")
        print(f"skipping the browser test: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    """The app served on a free port with "today" pinned; stopped when the module's tests end."""
    require_browser()
    with browser.serve({"INTERVIEW_SIGNALS_TODAY": browser.TODAY.isoformat()}) as url:
        yield url


@pytest.fixture
def page(page_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        tab = chromium.new_page(viewport=browser.VIEWPORT)
        tab.goto(page_url)
        yield tab
        chromium.close()


# A final round two weeks ago: it ran long, the role was sold hard, and the follow-up has had no reply.
OBSERVED: dict[str, Any] = {
    "stage": "final_round",
    "interview_date": date(2026, 11, 6),
    "scheduled_minutes": 60,
    "actual_minutes": 75,
    "role_selling": "strong",
    "thank_you_sent_on": date(2026, 11, 6),
    "follow_up_sent_on": date(2026, 11, 16),
    "follow_up_reply": "none",
    "country": "CA",
}


def test_a_person_fills_the_form_and_sees_the_librarys_likelihood(page: Any, model: Model, tmp_path: Path) -> None:
    first = browser.likelihood(page)
    default = Observation(interview_date=browser.TODAY, as_of=browser.TODAY, scheduled_minutes=45)
    assert first == wording.headline(estimate(model, default))

    browser.fill_form(page, browser.shown_values(OBSERVED))
    obs = observation_from_mapping(OBSERVED | {"as_of": browser.TODAY})
    result = estimate(model, obs)
    expected = wording.headline(result)
    sections = [expected, wording.range_line(result).capitalize(), wording.business_days_note(obs.country)]
    sections += [wording.step_line(step) for step in result.next_steps]
    browser.wait_for_text(page, sections)  # every input has landed: the number, the range, the steps
    shown = browser.likelihood(page)
    assert shown == expected
    assert abs(float(shown.split("%")[0]) - 100 * result.probability) <= 0.5
    page.screenshot(path=str(tmp_path / "filled.png"))
    assert (tmp_path / "filled.png").stat().st_size > 10_000


def test_an_impossible_entry_shows_a_message_beside_its_field_and_no_traceback(
    page: Any, model: Model, tmp_path: Path
) -> None:
    browser.likelihood(page)
    browser.set_field(page, "actual_minutes", 0)
    with pytest.raises(InvalidObservation) as raised:
        observation_from_mapping({"interview_date": browser.TODAY, "scheduled_minutes": 45, "actual_minutes": 0})
    message = raised.value.errors["actual_minutes"]

    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    alert.wait_for(timeout=15_000)
    assert alert.inner_text().strip().endswith(message)
    # "Beside the field": the message's container comes right after the number input's.
    follows = page.evaluate(
        """() => {
            const input = document.querySelector('input[aria-label="Minutes it ran"]');
            const box = input.closest('[data-testid="stElementContainer"]');
            return box.nextElementSibling.querySelector('[data-testid="stAlert"]') !== null;
        }"""
    )
    assert follows
    assert page.locator(".likelihood").count() == 0
    assert "Fix the field marked in the sidebar" in page.get_by_test_id("stMain").inner_text()
    content = page.content()
    assert "Traceback" not in content
    assert "Error:" not in re.sub(r"<[^>]+>", " ", content)
    page.screenshot(path=str(tmp_path / "invalid.png"))

    browser.set_field(page, "actual_minutes", None)  # back to "not sure": the estimate returns
    assert browser.likelihood(page).endswith("chance this leads to an offer or a next round")


def test_feb_30_typed_in_the_browser_reaches_the_library_and_is_refused_under_its_field(page: Any) -> None:
    # Issue 12: the date picker corrected 2026-02-30 to Feb 28 in the browser, so nothing was ever refused.
    browser.likelihood(page)
    browser.set_field(page, "interview_date", "2026-02-30")
    with pytest.raises(InvalidObservation) as raised:
        observation_from_mapping({"interview_date": "2026-02-30", "scheduled_minutes": 45})
    message = raised.value.errors["interview_date"]
    assert message == "2026-02-30 is not a real date: February 2026 has 28 days"

    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    alert.wait_for(timeout=15_000)
    assert alert.inner_text().strip().endswith(f"Interview date: {message}")
    box = page.locator('input[aria-label="Interview date"]')
    assert box.input_value() == "2026-02-30"  # what was typed, not a corrected day
    follows = box.evaluate(
        """input => input.closest('[data-testid="stElementContainer"]')
                     .nextElementSibling.querySelector('[data-testid="stAlert"]') !== null"""
    )
    assert follows
    assert page.locator(".likelihood").count() == 0

    browser.set_field(page, "interview_date", browser.TODAY)  # a real day again: the estimate returns
    assert browser.likelihood(page).endswith("chance this leads to an offer or a next round")


def test_a_pasted_faulty_draft_shows_its_findings_highlighted(page: Any, tmp_path: Path) -> None:
    from interview_signals.coach.check import check_draft

    browser.likelihood(page)
    page.get_by_role("link", name="Follow-up note").click()
    draft = "Dear Hiring Manager,\n\nSorry to bother you, I am anxiously awaiting your decision.\n"
    box = page.get_by_label("Your draft")
    box.fill(draft)
    box.press("Control+Enter")  # how a text area hands its text to Streamlit without leaving it
    report = check_draft(draft)
    marks = page.locator(".draft-check mark")
    marks.first.wait_for(timeout=15_000)
    assert marks.all_inner_texts() == [finding.excerpt for finding in report.findings]
    anxious = page.locator('.draft-check mark[data-rules="negative_language"]')
    title = anxious.get_attribute("title") or ""
    finding = next(f for f in report.findings if f.rule == "negative_language")
    assert finding.message in title
    assert finding.suggestion in title
    assert finding.message in page.locator(".draft-findings").inner_text()
    assert "Traceback" not in page.content()
    page.screenshot(path=str(tmp_path / "follow-up.png"))


# --- Issue 12: a phone-sized first view and the dark theme, each saved as a screenshot to look at ----------

SCREENSHOTS = Path(tempfile.gettempdir()) / "interview-signals-screenshots"


def _shot(tab: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    tab.screenshot(path=str(path))
    print(f"screenshot: {path}")
    assert path.stat().st_size > 10_000
    return path


def test_at_390_px_the_first_view_shows_the_form(page_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        tab = chromium.new_page(viewport={"width": 390, "height": 844})
        tab.goto(page_url)
        booked = tab.locator('input[aria-label="Minutes booked"]')
        booked.wait_for(timeout=30_000)
        browser.wait_until_idle(tab)
        _shot(tab, "phone-390x844.png")
        # The form is on screen, not behind the sidebar's arrow: its fields lie inside the viewport, on top.
        for label in ("Interview date", "Minutes booked"):
            box = tab.get_by_test_id("stSidebar").get_by_text(label, exact=True).bounding_box()
            assert box is not None, label
            assert box["x"] >= 0, label
            assert box["x"] + box["width"] <= 390, label
            assert box["y"] < 844, label
        assert tab.evaluate(
            """() => { const input = document.querySelector('input[aria-label="Minutes booked"]');
                       const box = input.getBoundingClientRect();
                       return document.elementFromPoint(box.x + 5, box.y + box.height / 2) === input; }"""
        ), "the Minutes booked field is covered"
        chromium.close()


def test_in_the_dark_theme_the_page_is_dark_and_the_chart_labels_light(page_url: str, model: Model) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        tab = chromium.new_page(viewport=browser.VIEWPORT, color_scheme="dark")
        tab.goto(page_url)
        browser.likelihood(tab)
        browser.fill_form(tab, browser.shown_values(browser.EXAMPLE))
        result = estimate(model, observation_from_mapping(browser.EXAMPLE))
        browser.wait_for_text(tab, [wording.headline(result)])
        tab.locator(".likelihood").click()  # take the focus off the last box, as the screenshot does
        chart = tab.get_by_test_id("stVegaLiteChart")
        chart.locator("canvas, svg").first.wait_for()
        tab.wait_for_timeout(500)  # the chart's first paint
        _shot(tab, "dark-theme.png")
        background = tab.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
        )
        red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
        assert red + green + blue < 3 * 60, f"not the dark theme: {background}"
        chart.screenshot(path=str(SCREENSHOTS / "dark-theme-chart.png"))
        pixels = Image.open(SCREENSHOTS / "dark-theme-chart.png").convert("L")
        width, height = pixels.size
        labels = pixels.crop((0, 0, width // 4, height * 2 // 3))  # where the signal names and figures are
        bright = sum(labels.histogram()[151:])  # pixels lighter than 150 of 255
        assert bright > 150, f"the chart's labels are not light on the dark background ({bright} light pixels)"
        chromium.close()


def test_country_search_finds_britain_england_and_uk(page: Any) -> None:
    browser.likelihood(page)
    box = page.get_by_test_id("stSidebar").locator('input[aria-label="Country (for public holidays)"]')
    for name in ("Britain", "England", "UK"):
        box.click()
        box.fill(name)
        option = page.get_by_role("option").filter(has_text="United Kingdom (GB)")
        option.first.wait_for(timeout=10_000)
        page.keyboard.press("Escape")
