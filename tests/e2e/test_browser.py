"""Browser tests: Debian's chromium, driven by Playwright, against `skillmarket app` serving a
small sample market. Visits every page as its user would: the recruiter's pay band and offer
check (and the issue #12 regressions a browser shows: the URL keeps a missing place, a typed
"185k" is 185,000, a refused offer gives no verdict), the analyst's trends, views and
drill-down pages, the learner's path, the claims filter, shared filters across navigation, and
every page at phone width (390 px: chart titles inside the screen, no chart toolbar over them).

Screenshots go to tests/e2e/screenshots/, or to the folder SKILLMARKET_SCREENSHOTS names
(`SKILLMARKET_SCREENSHOTS=docs/screenshots` refreshes the README's).
"""

from __future__ import annotations

import os
import re
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
SCREENSHOTS = Path(
    os.environ.get("SKILLMARKET_SCREENSHOTS", str(Path(__file__).parent / "screenshots"))
)
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
DESKTOP = {"width": 1400, "height": 1300}
PHONE = {"width": 390, "height": 844}
PAGES = (
    ("/", "Overview", "Pay snapshot"),
    ("/trends", "Skill trends", "Postings behind a point"),
    ("/pay-bands", "Pay bands", "Advertised pay"),
    ("/premiums", "GenAI and skill premiums", "Download"),
    ("/supply", "Demand vs supply", "How supply is measured"),
    ("/advisor?my_skills=Python", "Skill advisor", "Your path"),
    ("/claims", "Claims vs data", "claims agree"),
    ("/coverage", "Coverage and representativeness", "What the crawl holds"),
    ("/data", "Data & methods", "Sources"),
)


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


def _tab(browser: object, viewport: dict[str, int]) -> Iterator[object]:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    yield from _tab(browser, DESKTOP)


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    yield from _tab(browser, PHONE)


def _settled(page: object) -> None:
    """The script run has ended and no element is still loading its code."""
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-test-script-state=\"notRunning\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=30_000,
    )
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


def _open(page: object, url: str, heading: str, wait_text: str | None = None) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    if wait_text:  # the page script streams its elements; wait for one drawn late
        page.get_by_text(wait_text).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _settled(page)


def _pick_option(page: object, select: object, option: str) -> None:
    """Open a selectbox and click an option; a rerun still streaming in can close the dropdown
    under the click, so try again a few times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(4):
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        select.click()  # type: ignore[attr-defined]
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=7_500)  # type: ignore[attr-defined]
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    pytest.fail(f"option {option!r} never appeared")


def _type_offer(page: object, text: str) -> None:
    offer = page.locator('input[aria-label^="Offer to check"]').first  # type: ignore[attr-defined]
    offer.fill(text)
    offer.press("Enter")


def _shot(page: object, name: str) -> None:
    """The window as a PNG of at most 256 colours (a page's flat colours survive; the README's
    pictures are a third of the size)."""
    from PIL import Image  # Pillow comes with Streamlit

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _body(page: object) -> str:
    return str(page.inner_text("body"))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- every page

# Metric values whose text does not fit their tile (Streamlit cuts it with an ellipsis: the pay
# band's middle half read "$270,660–$3…" in a 1400 px window).
CUT_METRICS_JS = """
() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .filter((value) => [value, ...value.querySelectorAll('*')]
    .some((box) => box.scrollWidth > box.clientWidth + 1))
  .map((value) => value.innerText)
"""


@pytest.mark.parametrize(("path", "heading", "wait_text"), PAGES)
def test_every_page_draws_with_its_data_label(
    page: object, app_url: str, path: str, heading: str, wait_text: str
) -> None:
    _open(page, app_url + path, heading, wait_text=wait_text)
    body = _body(page)
    assert "Simulated data: the sample market" in body  # the data label on every page
    assert "n =" in body or "n=" in body or "rows" in body or "postings" in body
    assert page.evaluate(CUT_METRICS_JS) == []  # type: ignore[attr-defined]
    if path in ("/premiums", "/supply", "/data", "/claims"):
        _shot(page, path.strip("/"))


def test_overview_shows_headlines_and_the_best_evidenced_premiums(
    page: object, app_url: str
) -> None:
    _open(page, app_url + "/", "Overview", wait_text="Pay snapshot")
    body = _body(page)
    assert "GenAI share of postings" in body
    assert "skills with the most postings behind their estimate" in body
    _shot(page, "overview")


# --------------------------------------------------------------------------- recruiter


def test_pay_band_offer_check_reads_185k_and_colours_the_verdict(
    page: object, app_url: str
) -> None:
    _open(page, app_url + "/pay-bands", "Pay bands", wait_text="Advertised pay")
    _type_offer(page, "185k")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.body.innerText.includes('$185,000 is')", timeout=30_000
    )
    _settled(page)
    body = _body(page)
    verdict = next(line for line in body.splitlines() if "$185,000 is" in line)
    assert "percentile" in verdict and "n = " in verdict
    assert "P10" in body and "P90" in body and "postings behind the band" in body.lower()
    assert page.evaluate(CUT_METRICS_JS) == []  # type: ignore[attr-defined]
    page.wait_for_function("() => window.location.search.includes('offer=185k')")  # type: ignore[attr-defined]
    _shot(page, "pay-bands")
    # what the postings behind the band list beyond base pay, with the band above it
    page.get_by_text("Beyond base pay").first.evaluate(  # type: ignore[attr-defined]
        "(element) => element.scrollIntoView({block: 'center'})"
    )
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "pay-bands-beyond-base")
    _type_offer(page, "0")
    page.get_by_text("No verdict").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _settled(page)
    assert "$185,000 is" not in _body(page)


def test_pay_band_keeps_a_missing_place_in_the_link_and_says_so(page: object, app_url: str) -> None:
    """Issue #12 bug 4: the place asked for vanished from the URL and the US was shown."""
    _open(page, app_url + "/pay-bands?level=Intern&place=SG+%28country%29", "Pay bands")
    page.get_by_text(re.compile("nothing is drawn", re.IGNORECASE)).first.wait_for(  # type: ignore[attr-defined]
        timeout=30_000
    )
    _settled(page)
    assert "United States" not in page.get_by_role("heading").all_inner_texts()[-1]  # type: ignore[attr-defined]
    search = str(page.evaluate("window.location.search"))  # type: ignore[attr-defined]
    assert "place=SG" in search
    assert page.locator(".js-plotly-plot").count() == 0  # type: ignore[attr-defined]


def test_pay_band_companies_and_postings_behind_the_band(page: object, app_url: str) -> None:
    _open(page, app_url + "/pay-bands", "Pay bands", wait_text="Companies behind the band")
    page.get_by_text("Every posting behind the band").first.click()  # type: ignore[attr-defined]
    _settled(page)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 3  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- analyst


def test_trends_filter_change_updates_the_url(page: object, app_url: str) -> None:
    _open(page, app_url + "/trends", "Skill trends", wait_text="Postings behind a point")
    # the shared filters sit in the sidebar's filter panel, closed (not drawn) until asked for
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Country").first  # type: ignore[attr-defined]
    assert select.count() == 0  # type: ignore[attr-defined]
    page.locator('[data-testid="stSidebar"] [data-testid="stPopover"] button').first.click()  # type: ignore[attr-defined]
    _pick_option(page, select, "US")
    page.wait_for_function("() => window.location.search.includes('country=')")  # type: ignore[attr-defined]
    _settled(page)
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    # the choices are written out under the closed panel
    page.locator('[data-testid="stSidebar"]').get_by_text("· United States (US) ·").first.wait_for()  # type: ignore[attr-defined]
    assert page.locator(".js-plotly-plot").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "trends")


def test_trends_views_and_the_drill_down_pages(page: object, app_url: str) -> None:
    _open(
        page,
        app_url + "/trends?role=ML+engineer&country=US",
        "Skill trends",
        wait_text="Postings behind a point",
    )
    caption = page.get_by_text("Postings 1–").first  # type: ignore[attr-defined]
    caption.wait_for(timeout=30_000)
    page.get_by_text("Postings behind a point").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "trends-drill-down")
    if "of 1)" not in _body(page):  # more than one page of postings: go to the next
        page.locator('[data-testid="stNumberInput"] button').last.click()  # type: ignore[attr-defined]
        page.get_by_text("Postings 51–").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_text("Skills × role family", exact=True).first.click()  # type: ignore[attr-defined]
    page.wait_for_function("() => window.location.search.includes('view=')")  # type: ignore[attr-defined]
    page.get_by_text("Skills × role family").nth(1).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _settled(page)
    _shot(page, "trends-heatmap")


def test_shared_filters_survive_navigation(page: object, app_url: str) -> None:
    _open(page, app_url + "/trends?role=ML+engineer&country=US", "Skill trends")
    page.get_by_role("link", name="Skill advisor").first.click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Skill advisor").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.location.pathname.endsWith('/advisor')"
        " && window.location.search.includes('role=')"
        " && window.location.search.includes('country=US')"
    )


def test_claims_verdict_filter(page: object, app_url: str) -> None:
    _open(page, app_url + "/claims", "Claims vs data", wait_text="claims agree")
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Verdict").first  # type: ignore[attr-defined]
    select.wait_for(timeout=30_000)
    _pick_option(page, select, "Consistent with the data")
    page.wait_for_function("() => window.location.search.includes('verdict=')")  # type: ignore[attr-defined]
    _settled(page)
    assert "Consistent with the data" in _body(page)
    _shot(page, "claims")


# --------------------------------------------------------------------------- learner


def test_advisor_gives_an_ordered_path_for_typed_skills(page: object, app_url: str) -> None:
    _open(page, app_url + "/advisor", "Skill advisor", wait_text="Pick at least one skill")
    skills = page.locator('[data-testid="stMultiSelect"]').filter(has_text="My skills").first  # type: ignore[attr-defined]
    skills.click()
    page.keyboard.type("Python")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.get_by_text("Your path").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_text("Skills that define").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function("() => window.location.search.includes('my_skills=')")  # type: ignore[attr-defined]
    _settled(page)
    body = _body(page)
    assert "1. " in body and "postings that ask for Python" in body
    assert "None" not in body.split("Skills that define")[0]
    page.get_by_text("Your path").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "advisor")


# --------------------------------------------------------------------------- phone width

TITLES_INSIDE_JS = """
() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]
  .map((title) => title.getBoundingClientRect())
  .filter((box) => box.width > 0)
  .every((box) => box.left >= 0 && box.right <= window.innerWidth + 1)
"""
# Axis titles, legend entries and tick labels that stick out of their chart (at 390 px the
# demand-vs-supply metros ran off the left and its axis title off the right; the advisor's
# axis title and the weighted legend off the right).
CHART_TEXT_OUTSIDE_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot) => {
  const chart = plot.getBoundingClientRect();
  return [...plot.querySelectorAll('.xtitle, .ytitle, .legendtext, .xtick text, .ytick text')]
    .filter((text) => {
      const box = text.getBoundingClientRect();
      return box.width > 0 && (box.left < chart.left - 1 || box.right > chart.right + 1);
    })
    .map((text) => text.textContent);
})
"""


@pytest.mark.parametrize(("path", "heading", "wait_text"), PAGES)
def test_phone_width_keeps_titles_on_screen_and_charts_uncovered(
    phone: object, app_url: str, path: str, heading: str, wait_text: str
) -> None:
    _open(phone, app_url + path, heading, wait_text=wait_text)
    assert phone.evaluate(TITLES_INSIDE_JS)  # type: ignore[attr-defined]
    assert phone.evaluate(CHART_TEXT_OUTSIDE_JS) == []  # type: ignore[attr-defined]
    assert phone.evaluate(CUT_METRICS_JS) == []  # type: ignore[attr-defined]
    heading_box = phone.get_by_role("heading", name=heading).first.bounding_box()  # type: ignore[attr-defined]
    assert heading_box is not None and heading_box["x"] + heading_box["width"] <= PHONE["width"]
    # no plotly toolbar to cover a chart, even after a tap on it
    charts = phone.locator(".js-plotly-plot")  # type: ignore[attr-defined]
    if charts.count():
        charts.first.click()
        assert phone.locator(".modebar-container .modebar").count() == 0  # type: ignore[attr-defined]
    if path == "/pay-bands":  # the band's heading, its metrics (the middle half) and chart
        phone.get_by_text("Middle half").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
        phone.evaluate("window.scrollBy(0, -250)")  # type: ignore[attr-defined]
        phone.wait_for_timeout(300)  # type: ignore[attr-defined]
        _shot(phone, "phone-pay-bands")


def test_phone_width_names_every_role_column_of_the_heatmap(phone: object, app_url: str) -> None:
    """At 390 px plotly kept 5 of the sample's 9 role labels under the skills x role family
    heatmap, so a column could not be told from its neighbour."""
    _open(phone, app_url + "/trends?view=Skills+%C3%97+role+family", "Skill trends")
    phone.get_by_text("Download the heatmap data").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _settled(phone)
    labels = phone.evaluate(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.js-plotly-plot .xtick text')]"
        ".map((text) => text.textContent)"
    )
    columns = phone.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('.js-plotly-plot').data[0].x.length"
    )
    assert columns > 5 and len(labels) == columns, labels
    assert phone.evaluate(CHART_TEXT_OUTSIDE_JS) == []  # type: ignore[attr-defined]
