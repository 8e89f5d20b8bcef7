"""Take docs/page.png: serve the page, fill in a realistic interview as a person would, and shoot it.

Usage: ``python scripts/screenshot.py [docs/page.png]`` (``make screenshot``). Needs Debian's chromium.
The helpers here (serve the page, drive the form, read the likelihood) are shared with the browser
test and the page benchmark.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, ViewportSize

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Playwright can't download its own browsers here; Debian's chromium, headless and offline, does the job.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}  # a laptop screen: everything but "About" must fit in it
TODAY = date(2026, 11, 20)  # pinned, so the picture's dates never go stale between retakes

# A week and a half after an interview that ran long, with a decision date just missed.
EXAMPLE: dict[str, Any] = {
    "interview_date": date(2026, 11, 9),
    "scheduled_minutes": 45,
    "actual_minutes": 60,
    "role_selling": "some",
    "decision_expected_by": date(2026, 11, 18),
    "thank_you_sent_on": date(2026, 11, 9),
    "country": "US",
    "as_of": TODAY,
}

# The form's widgets by field: their kind (a date is a text box for YYYY-MM-DD); their labels are the page's
# own (wording.FIELD_LABELS).
KINDS = {
    "stage": "select",
    "interview_date": "date",
    "scheduled_minutes": "number",
    "actual_minutes": "number",
    "role_selling": "select",
    "decision_expected_by": "date",
    "thank_you_sent_on": "date",
    "follow_up_sent_on": "date",
    "follow_up_reply": "select",
    "country": "select",
    "as_of": "date",
}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(env: Mapping[str, str] | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free loopback port until the block ends; yield its URL.

    Returns once ``/_stcore/health`` answers. The server is stopped, by its own process id, on exit.
    """
    port = free_port()
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
    ]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, server, timeout)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()


def wait_for_health(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll the health endpoint until it answers "ok"; fail with the server's stderr if it exits or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stderr = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise RuntimeError(f"streamlit exited with status {server.returncode}:\n{stderr}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health within {timeout:.0f} s")


def launch(playwright: Playwright) -> Browser:
    """Debian's chromium, headless, with nothing that reaches the network on its own."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def likelihood(page: Page, timeout: float = 30_000) -> str:
    """The headline's text once it is on screen ("62% chance this leads to …")."""
    headline = page.locator(".likelihood")
    headline.wait_for(timeout=timeout)
    return headline.inner_text()


def wait_for_text(page: Page, texts: list[str], timeout: float = 15_000) -> None:
    """Wait until the main area shows every one of ``texts``: the rerun of the last input has landed."""
    page.wait_for_function(
        "texts => { const main = document.querySelector('[data-testid=\"stMain\"]');"
        " return !!main && texts.every(text => main.innerText.includes(text)); }",
        arg=texts,
        timeout=timeout,
    )


def wait_until_idle(page: Page, timeout: float = 30_000, settle: float = 100) -> None:
    """Wait until Streamlit has finished the rerun that the last input started.

    ``data-test-script-state`` on the app's root is the state Streamlit's own end-to-end tests wait on;
    ``settle`` milliseconds first let the input's rerun request leave before asking whether it has ended.
    """
    page.wait_for_timeout(settle)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout,
    )


def set_field(page: Page, field: str, value: object) -> None:
    """Enter one value into the sidebar form by typing and choosing, as a person would.

    ``None`` empties a date or number ("not sure" / "not yet"); a date is typed as YYYY-MM-DD, other text as
    given; selectboxes take their visible label.
    """
    wait_until_idle(page, settle=0)  # a widget redrawn by a running rerun can lose what is typed into it
    kind, label = KINDS[field], _labels()[field]
    sidebar = page.get_by_test_id("stSidebar")
    if kind == "select":
        box = sidebar.locator(f'input[aria-label="{label}"]')
        box.click()
        box.fill(str(value).split(" (")[0])  # type the name; the list's filter ignores the "(US)" code
        page.get_by_role("option", name=str(value), exact=True).first.click()
    else:  # a number, or a day as text in its box: Enter hands what was typed to Streamlit
        box = sidebar.locator(f'input[aria-label="{label}"]')
        box.fill("" if value is None else value.isoformat() if isinstance(value, date) else str(value))
        box.press("Enter")
    wait_until_idle(page)


def _labels() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from interview_signals.present import wording

    return wording.FIELD_LABELS


def fill_form(page: Page, values: Mapping[str, object]) -> None:
    """Fill the form field by field; selectbox values are given as the labels on screen."""
    for field, value in values.items():
        set_field(page, field, value)


def shown_values(observation: Mapping[str, Any]) -> dict[str, object]:
    """An observation's fields as the form shows them (labels for choices), ready for :func:`fill_form`."""
    sys.path.insert(0, str(ROOT / "src"))
    from interview_signals.present import wording

    labels: dict[str, Mapping[Any, str]] = {
        "stage": wording.STAGE_LABELS,
        "role_selling": wording.ROLE_SELLING_LABELS,
        "follow_up_reply": wording.FOLLOW_UP_REPLY_LABELS,
        "country": {code: wording.country_label(code) for code in wording.country_names()},
    }
    return {field: labels[field][value] if field in labels else value for field, value in observation.items()}


def take(path: Path) -> None:
    """Serve the page with "today" pinned, fill in :data:`EXAMPLE` and save a laptop-sized screenshot."""
    from playwright.sync_api import sync_playwright

    with serve({"INTERVIEW_SIGNALS_TODAY": TODAY.isoformat()}) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(url)
        likelihood(page)
        fill_form(page, shown_values(EXAMPLE))
        page.locator(".likelihood").click()  # take the focus off the last box: no focus ring in the picture
        page.get_by_test_id("stSidebarContent").evaluate("sidebar => sidebar.scrollTo(0, 0)")
        page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first.wait_for()
        page.wait_for_timeout(500)  # the chart's first paint
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        browser.close()


def main(argv: list[str] | None = None) -> int:
    """Serve the page, fill in the example, and save the screenshot (``docs/page.png`` by default)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else ROOT / "docs" / "page.png"
    if not CHROMIUM.exists():
        print(f"screenshot: {CHROMIUM} is missing; install Debian's chromium (apt-get install chromium)")
        return 1
    take(path)
    print(f"screenshot: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
