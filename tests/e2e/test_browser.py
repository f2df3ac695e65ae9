"""Browser tests: Debian's chromium, driven by Playwright, against `skillmarket app` serving a
small sample market. Visits every page, changes a filter, runs the offer check and the skill
advisor, checks that shared filters survive navigation, and saves screenshots to
tests/e2e/screenshots/."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ingest.sample import generate_sample_market
from skillmarket.config import Settings
from skillmarket.pipeline import build

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make setup)"),
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser-home")
    settings = Settings(home=home)
    generate_sample_market(settings.raw_root, n_postings=2_500, seed=5)
    build(settings)
    port = _free_port()
    env = {**os.environ, "SKILLMARKET_HOME": str(home)}
    # Its own session: `skillmarket app` runs streamlit as a child, so the whole process group
    # is stopped at the end (terminating the CLI alone would leave the server running).
    proc = subprocess.Popen(
        [sys.executable, "-m", "skillmarket.cli", "app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not become healthy within 60 s")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def _open(page: object, url: str, heading: str, wait_text: str | None = None) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    if wait_text:  # the page script streams its elements; wait for one drawn late
        page.get_by_text(wait_text).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


def _pick_option(page: object, select: object, option: str) -> None:
    """Open a selectbox and click an option; a rerun still streaming in can close the dropdown
    under the click, so try again a few times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(4):
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        select.click()  # type: ignore[attr-defined]
        try:
            page.get_by_role("option", name=option).click(timeout=7_500)  # type: ignore[attr-defined]
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    pytest.fail(f"option {option!r} never appeared")


def _shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_overview_shows_headlines_sample_banner_and_sources(page: object, app_url: str) -> None:
    _open(page, app_url + "/", "Overview", wait_text="Data freshness and sources")
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Sample data" in body
    assert "GenAI share of postings" in body
    assert "n =" in body or "n=" in body
    _shot(page, "overview")


def test_trends_filter_change_updates_the_url(page: object, app_url: str) -> None:
    _open(page, app_url + "/trends", "Skill trends", wait_text="Latest month")
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Country").first  # type: ignore[attr-defined]
    select.click()
    options = page.get_by_role("option")  # type: ignore[attr-defined]
    options.nth(1).click()
    page.wait_for_function("() => window.location.search.includes('country=')")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.locator(".js-plotly-plot").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "trends")


def test_pay_bands_offer_check_reports_a_percentile(page: object, app_url: str) -> None:
    _open(page, app_url + "/pay-bands", "Pay bands", wait_text="Offer to check")
    offer = page.locator('input[aria-label^="Offer to check"]').first  # type: ignore[attr-defined]
    offer.fill("185000")
    offer.press("Enter")
    # The input starts at the band's median, whose verdict is already on the page; wait for
    # the verdict on the amount typed, not for any verdict.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.body.innerText.includes('185,000 is')", timeout=30_000
    )
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    _shot(page, "pay-bands")
    body = page.inner_text("body")  # type: ignore[attr-defined]
    verdict = [line for line in body.splitlines() if "percentile" in line]
    assert any("185,000" in line for line in verdict), verdict
    assert "P10" in body and "P90" in body


@pytest.mark.parametrize(
    ("path", "heading", "wait_text"),
    [
        ("/premiums", "GenAI and skill premiums", "Download"),
        ("/supply", "Demand vs supply", "How supply is measured"),
        ("/data", "Data & methods", "Sources"),
    ],
)
def test_analysis_pages_render_without_errors(
    page: object, app_url: str, path: str, heading: str, wait_text: str
) -> None:
    _open(page, app_url + path, heading, wait_text=wait_text)
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "n =" in body or "n=" in body or "rows" in body
    _shot(page, path.strip("/"))


def test_advisor_ranks_next_skills_for_typed_skills(page: object, app_url: str) -> None:
    _open(page, app_url + "/advisor", "Skill advisor", wait_text="Pick at least one skill")
    skills = page.locator('[data-testid="stMultiSelect"]').filter(has_text="My skills").first  # type: ignore[attr-defined]
    skills.click()
    page.keyboard.type("Python")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    # The page streams its elements: wait for the reasons and the last section.
    page.get_by_text("Named with your skills in").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_text("Skills that define").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function("() => window.location.search.includes('my_skills=')")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Named with your skills in" in body  # one reason line per recommendation
    assert "Skills that define" in body
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_text("My skills").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "advisor")


def test_claims_verdict_filter(page: object, app_url: str) -> None:
    _open(page, app_url + "/claims", "Claims vs data", wait_text="measurable claims")
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Verdict").first  # type: ignore[attr-defined]
    select.wait_for(timeout=30_000)  # drawn after the headline the page waits for
    _pick_option(page, select, "Consistent with the data")
    page.wait_for_function("() => window.location.search.includes('verdict=')")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Consistent with the data" in body
    _shot(page, "claims")


def test_shared_filters_survive_navigation_and_drill_down_renders(
    page: object, app_url: str
) -> None:
    _open(
        page,
        app_url + "/trends?role=ML+engineer&country=US",
        "Skill trends",
        wait_text="Postings behind a point",
    )
    page.get_by_text("Skills × role family").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    page.get_by_text("Postings behind a point").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "trends-drill-down")
    page.get_by_role("link", name="Skill advisor").first.click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Skill advisor").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.location.pathname.endsWith('/advisor')"
        " && window.location.search.includes('role=')"
        " && window.location.search.includes('country=US')"
    )
