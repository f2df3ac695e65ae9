"""The browser benchmark's wait for a drawn page (bench/browser.py DRAWN_JS) in chromium, on a
static page that plays Streamlit's script-run state: an input that starts no script run is
reported as such, not with the runs before it (which read as a rerun loop)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bench import browser

pytestmark = pytest.mark.skipif(
    not browser.CHROMIUM.exists(), reason="Debian chromium not installed (make setup)"
)

PAGE = '<div data-test-script-state="notRunning"><h1>Page</h1></div>'
SET_STATE = "(state) => document.querySelector('[data-test-script-state]')"
SET_STATE += ".setAttribute('data-test-script-state', state)"


@pytest.fixture
def page() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(browser.CHROMIUM), args=list(browser.LAUNCH_ARGS)
        )
        try:
            tab = chromium.new_page()
            tab.add_init_script(browser.RECORDER_JS)
            tab.goto("about:blank")
            tab.set_content(PAGE)
            yield tab
        finally:
            chromium.close()


def runs(page: Any, count: int) -> None:
    """`count` script runs, each a running state then a not-running one."""
    for _ in range(count):
        page.evaluate(SET_STATE, "running")
        page.wait_for_timeout(30)
        page.evaluate(SET_STATE, "notRunning")
        page.wait_for_timeout(30)


def test_a_run_after_the_input_is_waited_for(page: Any) -> None:
    since = float(page.evaluate("performance.now()"))
    runs(page, 1)
    done = float(page.evaluate(browser.DRAWN_JS, [since, 100, 5_000]))
    assert done >= since


def test_an_input_that_starts_no_run_is_reported_as_such(page: Any) -> None:
    runs(page, 3)  # earlier repetitions: runs every ~60 ms, all before the input
    since = float(page.evaluate("performance.now()"))
    with pytest.raises(Exception, match="no script run started after") as raised:
        page.evaluate(browser.DRAWN_JS, [since, 100, 500])
    assert '"runsSince":0' in str(raised.value)
    assert '"statesSince":[]' in str(raised.value)
