"""Browser benchmark: the dashboard as a visitor sees it, in Debian's chromium driven by
Playwright, against the published snapshot (`$SKILLMARKET_HOME/curated/current`).

Two Streamlit servers are started the same way (`streamlit run`, headless, from the repository
root): the dashboard (app.py) and a bare one-line page. Then, in one browser:
- page: a visit to each page (a new Streamlit session), timed from navigation start until the
  script run has ended and every element on the page is drawn (no skeleton left while an
  element's code loads, plotly's SVG, the data grid's canvas). The first visit, in an empty
  browser right after the server starts (`first_ms`: every script fetched and compiled, every
  server cache empty), is reported apart from the p50/p95 of a visitor's browser going from
  page to page `repeats` times (its cache kept, as a browser does);
- interaction: a widget change on a page (a sidebar filter, the offer, a skill), timed from the
  browser's input event until the rerun it caused has ended and every chart is drawn again;
  two values alternate, so each repetition is a real change;
- bare: the bare page, timed the same two ways, as the yardstick for the targets: every page
  within `PAGE_RATIO_TARGET` x the bare page and under `PAGE_MS_TARGET` ms, every interaction
  under `INTERACTION_MS_TARGET` ms (p50 on a quiet machine).
- floors: two pages served the same way, measured beside the bare page, to say where a page's
  time goes: `preamble` is what app.py draws on every page (the data label, the build line, the
  sidebar's page links and shared filters) and nothing else; `preamble_chart_table` adds one
  three-bar plotly chart and a three-row table, the kinds of element the pages are made of
  (their code fetched and run: plotly.js alone is 4.6 MB). A page's time above the second floor
  is its own content. The targets stay on the bare page.
Writes p50/p95/max milliseconds per page and interaction, the bare page's, the floors' and the
ratios, as JSON.

May import: the standard library and playwright (a dev dependency; the browser tests use it).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
VIEWPORT = {"width": 1400, "height": 1000}
REPEATS = 5  # rounds of every page and interaction (`skillmarket bench --scenario browser`)
PAGE_RATIO_TARGET = 1.5
PAGE_MS_TARGET = 2_000
INTERACTION_MS_TARGET = 500
TIMEOUT_MS = 90_000
QUIET_MS = 400  # no new script run for this long after the page is drawn: the page is done
BARE_PAGE = 'import streamlit as st\n\nst.write("A bare Streamlit page.")\n'
# The floors (see the module's docstring): app.py's preamble with the app's own code, page
# links titled as the app's, and then nothing (or one small chart and table).
FLOOR_PREAMBLE = f"""import sys

sys.path.insert(0, {str(ROOT)!r})
import streamlit as st

from dashboard import components, data
from warehouse import queries

# app.py's page list, for its titles: its page files resolved from the repository root
_page = st.Page
st.Page = lambda page, **options: _page({str(ROOT)!r} + "/" + page, **options)
import app

st.Page = _page


def body() -> None:
    st.title("Floor")
    if CHART_TABLE:
        import plotly.graph_objects as go
        import polars as pl

        figure = go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2]))
        st.plotly_chart(figure, config=dict(components.CHART_CONFIG))
        st.dataframe(pl.DataFrame({{"a": [1, 2, 3], "b": ["x", "y", "z"]}}), hide_index=True)


st.set_page_config(page_title="Skillmarket", layout="wide")
manifest = queries.snapshot_manifest()
pages = [
    st.Page(body, title=page.title, url_path=page.url_path or "floor", default=page._default)
    for page in app.PAGES
]
page = st.navigation(pages)
components.show_data_label(manifest)
build_id = manifest["build_id"]
components.sidebar_filters(data.filter_options(build_id), data.posting_filter_options(build_id))
page.run()
"""
FLOORS = {
    "preamble": "CHART_TABLE = False\n" + FLOOR_PREAMBLE,
    "preamble_chart_table": "CHART_TABLE = True\n" + FLOOR_PREAMBLE,
}

# Installed before any page script: records every change of Streamlit's script-run state and
# the time of the last user input (capture phase, so widgets cannot swallow it).
RECORDER_JS = """
window.__smStates = [];
window.__smInputs = [];
for (const type of ['pointerup', 'keydown', 'click']) {
  window.addEventListener(type, () => { window.__smInputs.push(performance.now()); }, true);
}
new MutationObserver(() => {
  const root = document.querySelector('[data-test-script-state]');
  const state = root ? root.getAttribute('data-test-script-state') : null;
  const last = window.__smStates[window.__smStates.length - 1];
  if (state && (!last || last.state !== state)) {
    window.__smStates.push({state, t: performance.now()});
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-test-script-state']});
"""

# Resolves with the time (performance.now()) at which the last script run that started after
# `since` had ended and everything it drew was on screen, once no new run has started for
# QUIET_MS. "Drawn": no stale element, no skeleton (an element whose code is still loading),
# each plotly chart shown has its SVG (not those in a closed expander), each data grid in the
# first screen its canvas (a grid draws when scrolled into view), and the page has content
# (a heading, or the bare page's text).
DRAWN_JS = """
async ([since, quietMs, timeoutMs]) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // not hidden, and not in a closed expander (whose content keeps its boxes)
  const shown = (element) =>
    element.getClientRects().length > 0 && !element.closest('details:not([open])');
  // the data grid draws its canvas once scrolled into view: only those in the first screen
  const inView = (element) => {
    const box = element.getBoundingClientRect();
    return shown(element) && box.top < window.innerHeight && box.bottom > 0;
  };
  const drawn = () => {
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    if (!main.querySelector('h1, [data-testid="stMarkdown"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    // an element whose code is still loading shows a skeleton
    for (const skeleton of document.querySelectorAll('[data-testid="stSkeleton"]')) {
      if (shown(skeleton)) return false;
    }
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
      if (shown(chart) && !chart.querySelector('.main-svg')) return false;
    }
    for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
      if (inView(grid) && !grid.querySelector('canvas')) return false;
    }
    return true;
  };
  const deadline = performance.now() + timeoutMs;
  let doneAt = null;
  let runs = -1;
  while (performance.now() < deadline) {
    const states = window.__smStates.filter((s) => s.t >= since);
    const started = states.filter((s) => s.state === 'running').length;
    const current = states.length ? states[states.length - 1].state : null;
    if (started > 0 && current === 'notRunning' && drawn()) {
      if (started !== runs || doneAt === null) {
        runs = started;
        doneAt = performance.now();
      } else if (performance.now() - doneAt >= quietMs) {
        return doneAt;
      }
    } else {
      doneAt = null;
    }
    await sleep(10);
  }
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
  // only the runs since `since`: the runs before it (earlier repetitions, the page's load)
  // came every ~0.6 s and read as a rerun loop when an input had started no run at all
  const after = window.__smStates.filter((s) => s.t >= since);
  const runsSince = after.filter((s) => s.state === 'running').length;
  const why = runsSince === 0
    ? 'no script run started after t=' + Math.round(since) + ' ms (the input changed nothing)'
    : 'the page was not drawn';
  throw new Error(why + ' within ' + timeoutMs + ' ms: ' + JSON.stringify({
    since,
    runsSince,
    statesSince: after.slice(-6),
    stale: document.querySelectorAll('[data-stale="true"]').length,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    chartsWithoutSvg: charts.filter((c) => shown(c) && !c.querySelector('.main-svg')).length,
    gridsWithoutCanvas: grids.filter((g) => inView(g) && !g.querySelector('canvas')).length,
    url: location.href,
  }));
}
"""


INPUT_BEFORE_RUN_JS = """
(before) => {
  const run = window.__smStates.find((s) => s.t >= before && s.state === 'running');
  const inputs = window.__smInputs.filter((t) => t >= before && (!run || t <= run.t));
  return inputs.length ? inputs[inputs.length - 1] : before;
}
"""


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # URL path with its query string
    title: str = ""  # the sidebar link's text (in-app navigation)


@dataclass(frozen=True)
class Interaction:
    name: str
    page: str  # Page.path it runs on
    act: Callable[[Any, int], None]  # (playwright page, repetition) -> performs one change


PAGES: tuple[Page, ...] = (
    Page("overview", "/", "Overview"),
    Page("trends", "/trends", "Skill trends"),
    Page("pay-bands", "/pay-bands", "Pay bands"),
    Page("premiums", "/premiums", "GenAI and skill premiums"),
    Page("supply", "/supply", "Demand vs supply"),
    Page("advisor", "/advisor?my_skills=Python", "Skill advisor"),
    Page("claims", "/claims", "Claims vs data"),
    Page("data", "/data", "Data & methods"),
)


def _select(label: str, options: tuple[str, str]) -> Callable[[Any, int], None]:
    """Pick the selectbox `label`'s option options[i % 2] (two values alternate)."""

    def act(page: Any, repetition: int) -> None:
        name = options[repetition % 2]
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        if not box.is_visible():  # a shared filter: in the sidebar's closed filter panel
            open_filters(page)
        # a click that selects nothing starts no run, and the wait for one would last until
        # its timeout: check that the box shows the option, and choose again if not
        for _ in range(3):
            _choose(page, box, page.get_by_role("option", name=name, exact=True))
            if _shows(page, box, name):
                return
        raise RuntimeError(f"{label!r} does not show {name!r} after choosing it: {box}")

    return act


def _shows(page: Any, box: Any, text: str, timeout_ms: float = 2_000) -> bool:
    """Whether the select box `box` shows `text` (its input's value) within `timeout_ms` (a
    box no longer on screen, in a filter panel closed by the choice, is taken as showing
    it)."""
    field = box.locator("input").first
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        if not box.is_visible() or field.input_value(timeout=timeout_ms) == text:
            return True
        page.wait_for_timeout(50)
    return False


def open_filters(page: Any) -> None:
    """Open the sidebar's filter panel (a popover: opening it runs no script)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stPopover"] button').first.click()
    page.locator('[data-testid="stPopoverBody"] [data-testid="stSelectbox"]').first.wait_for()


def _choose(page: Any, box: Any, option: Any) -> None:
    """Open a selectbox and click an option; try again if the list closed under the click."""
    for _ in range(4):
        box.click()
        try:
            option.first.click(timeout=5_000)
            return
        except Exception:  # playwright's TimeoutError: try again
            page.keyboard.press("Escape")
    raise RuntimeError(f"the option never appeared in {box}")


def _fill(label_start: str, values: tuple[str, str]) -> Callable[[Any, int], None]:
    """Type values[i % 2] into the text or number input whose label starts with `label_start`."""

    def act(page: Any, repetition: int) -> None:
        field = page.locator(f'input[aria-label^="{label_start}"]').first
        field.fill(values[repetition % 2])
        field.press("Enter")

    return act


ROLES = ("Data scientist", "ML engineer")
VERDICTS = ("Consistent with the data", "All verdicts")
LEVELS = ("Entry", "Senior")
INTERACTIONS: tuple[Interaction, ...] = (
    Interaction("overview: role family", "/", _select("Role family", ROLES)),
    Interaction("trends: country", "/trends", _select("Country", ("US", "All countries"))),
    Interaction("pay-bands: level", "/pay-bands", _select("Level", ("Mid", "Senior"))),
    Interaction("pay-bands: offer", "/pay-bands", _fill("Offer", ("150000", "185000"))),
    Interaction("supply: window", "/supply", lambda page, i: _window(page, i)),
    Interaction("claims: verdict", "/claims", _select("Verdict", VERDICTS)),
    Interaction("advisor: level", "/advisor?my_skills=Python", _select("Target level", LEVELS)),
)  # fmt: skip


def _window(page: Any, repetition: int) -> None:
    """Pick the supply page's second, then first window (whatever their dates)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Window ending").first
    _choose(page, box, page.get_by_role("option").nth(1 - repetition % 2))


# --------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict[str, str]) -> Iterator[str]:
    """`streamlit run script` from the repository root (its .streamlit config), headless, not
    watching files, in its own process group that is stopped at the end; yields the base URL
    once healthy."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # a served app does not watch its sources: in a working copy others edit, every change
        # made the next run reload modules (pages measured up to a second slower)
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"streamlit did not start serving {script}") from None
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- measuring


def time_visit(browser: Any, url: str) -> float:
    """Milliseconds from navigation start until the page is drawn, in a fresh context (a
    browser with an empty cache: every script is fetched and compiled)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return time_navigation(context.new_page(), url)
    finally:
        context.close()


def time_navigation(page: Any, url: str) -> float:
    """Milliseconds from navigation start until the page is drawn, in the tab `page` (its
    context's cache kept: a visitor going from page to page)."""
    page.add_init_script(RECORDER_JS)
    page.goto(url, wait_until="commit")
    return float(page.evaluate(DRAWN_JS, [0, QUIET_MS, TIMEOUT_MS]))


def time_interactions(
    browser: Any, url: str, interaction: Interaction, repeats: int
) -> list[float]:
    """Milliseconds from each input event until its rerun is drawn, `repeats` times."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(RECORDER_JS)
        page.goto(url, wait_until="commit")
        page.evaluate(DRAWN_JS, [0, QUIET_MS, TIMEOUT_MS])
        times = []
        for repetition in range(repeats):
            before = float(page.evaluate("performance.now()"))
            interaction.act(page, repetition)
            done = float(page.evaluate(DRAWN_JS, [before, QUIET_MS, TIMEOUT_MS]))
            # the input that caused the rerun: the last one before the rerun started (a retried
            # click leaves later inputs behind it)
            since = float(page.evaluate(INPUT_BEFORE_RUN_JS, before))
            times.append(done - since)
        return times
    finally:
        context.close()


def time_in_app_navigation(
    browser: Any, url: str, repeats: int, failures: dict[str, int]
) -> dict[str, list[float]]:
    """Milliseconds from a click on a page's sidebar link (from the page before it) until it
    is drawn: moving between pages inside the app, without loading the document again. A
    page not drawn within the timeout is counted in `failures` and loaded afresh."""
    context = browser.new_context(viewport=VIEWPORT)
    times: dict[str, list[float]] = {page.name: [] for page in PAGES}
    try:
        tab = context.new_page()
        tab.add_init_script(RECORDER_JS)
        _navigate(tab, url + PAGES[-1].path)
        for _ in range(repeats):
            for page in PAGES:
                before = float(tab.evaluate("performance.now()"))
                link = tab.locator('[data-testid="stSidebarNavLink"]').filter(has_text=page.title)
                link.first.click()
                try:
                    done = float(tab.evaluate(DRAWN_JS, [before, QUIET_MS, TIMEOUT_MS]))
                except Exception:  # not drawn in time: counted as a failure, the rest goes on
                    failures[page.name] = failures.get(page.name, 0) + 1
                    _navigate(tab, url + page.path)
                    continue
                since = float(tab.evaluate(INPUT_BEFORE_RUN_JS, before))
                times[page.name].append(done - since)
    finally:
        context.close()
    return times


def _navigate(tab: Any, url: str) -> float:
    tab.goto(url, wait_until="commit")
    return float(tab.evaluate(DRAWN_JS, [0, QUIET_MS, TIMEOUT_MS]))


def summary(times: list[float]) -> dict[str, float | int]:
    ordered = sorted(times)
    p95_index = max(0, round(0.95 * len(ordered) + 0.5) - 1)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(p95_index, len(ordered) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def run_browser_benchmark(repeats: int, output: Path | None) -> dict[str, Any]:
    """Time every page and interaction `repeats` times (plus each page's first, cold visit)
    and the bare page as often; write and return the result."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (make setup)")
    env = {**os.environ}
    with tempfile.TemporaryDirectory(prefix="skillmarket-bare-") as scratch:
        bare_script = Path(scratch) / "bare_page.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        floor_scripts = {}
        for name, text in FLOORS.items():
            floor_scripts[name] = Path(scratch) / f"{name}.py"
            floor_scripts[name].write_text(text, encoding="utf-8")
        with contextlib.ExitStack() as servers:
            app_url = servers.enter_context(streamlit_server(ROOT / "app.py", env))
            bare_url = servers.enter_context(streamlit_server(bare_script, env))
            floor_urls = {
                name: servers.enter_context(streamlit_server(script, env))
                for name, script in floor_scripts.items()
            }
            playwright = servers.enter_context(sync_playwright())
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(LAUNCH_ARGS)
            )
            try:
                result = _measure(browser, app_url, bare_url, repeats, floor_urls)
            finally:
                browser.close()
    result.update(_context(repeats))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _measure(
    browser: Any, app_url: str, bare_url: str, repeats: int, floor_urls: dict[str, str]
) -> dict[str, Any]:
    # first visits: an empty browser cache and, for the app, empty server caches
    first = {page.name: time_visit(browser, app_url + page.path) for page in PAGES}
    bare_first = time_visit(browser, bare_url)
    # then a visitor: one browser (its cache kept), each page in turn, `repeats` rounds; the
    # bare page in a browser of its own, as often, interleaved so load elsewhere hits both
    visitor = browser.new_context(viewport=VIEWPORT)
    bare_visitor = browser.new_context(viewport=VIEWPORT)
    tab, bare_tab = visitor.new_page(), bare_visitor.new_page()
    bare_tab.add_init_script(RECORDER_JS)
    tab.add_init_script(RECORDER_JS)
    floor_visitors = {name: browser.new_context(viewport=VIEWPORT) for name in floor_urls}
    floor_tabs = {name: context.new_page() for name, context in floor_visitors.items()}
    for floor_tab in floor_tabs.values():
        floor_tab.add_init_script(RECORDER_JS)
    bare: list[float] = []
    visits: dict[str, list[float]] = {page.name: [] for page in PAGES}
    floor_visits: dict[str, list[float]] = {name: [] for name in floor_urls}
    try:
        for name, url in floor_urls.items():  # their first visit fills their caches
            _navigate(floor_tabs[name], url)
        for _ in range(repeats):
            for page in PAGES:
                bare.append(_navigate(bare_tab, bare_url))
                visits[page.name].append(_navigate(tab, app_url + page.path))
            for name, url in floor_urls.items():
                floor_visits[name].append(_navigate(floor_tabs[name], url))
                bare.append(_navigate(bare_tab, bare_url))
    finally:
        visitor.close()
        bare_visitor.close()
        for context in floor_visitors.values():
            context.close()
    bare_p50 = statistics.median(bare)
    floors = {}
    for name, times in floor_visits.items():
        stats = summary(times)
        floors[name] = {**stats, "ratio_to_bare_p50": round(float(stats["p50_ms"]) / bare_p50, 2)}
    pages = {}
    for page in PAGES:
        stats = summary(visits[page.name])
        pages[page.name] = {
            **stats,
            "first_ms": round(first[page.name], 1),
            "ratio_to_bare_p50": round(float(stats["p50_ms"]) / bare_p50, 2),
            "first_ratio_to_bare_first": round(first[page.name] / bare_first, 2),
        }
    failures: dict[str, int] = {}
    for name, times in time_in_app_navigation(browser, app_url, repeats, failures).items():
        if not times:
            pages[name]["in_app"] = {"error": f"not drawn within {TIMEOUT_MS} ms"}
            continue
        stats = summary(times)
        pages[name]["in_app"] = {
            **stats,
            "ratio_to_bare_p50": round(float(stats["p50_ms"]) / bare_p50, 2),
            "not_drawn": failures.get(name, 0),
        }
    interactions: dict[str, dict[str, Any]] = {}
    for interaction in INTERACTIONS:
        try:
            times = time_interactions(browser, app_url + interaction.page, interaction, repeats)
            interactions[interaction.name] = summary(times)
        except Exception as error:  # report it and measure the others
            interactions[interaction.name] = {"error": str(error).splitlines()[0][:300]}
    worst_ratio = max(float(p["ratio_to_bare_p50"]) for p in pages.values())
    worst_page = max(float(p["p50_ms"]) for p in pages.values())
    timed = [float(i["p50_ms"]) for i in interactions.values() if "p50_ms" in i]
    worst_interaction = max(timed) if timed else float("nan")
    return {
        "bare_page": {**summary(bare), "first_ms": round(bare_first, 1)},
        "floors": floors,
        "pages": pages,
        "interactions": interactions,
        "targets": {
            "page_ratio_to_bare": PAGE_RATIO_TARGET,
            "page_ms": PAGE_MS_TARGET,
            "interaction_ms": INTERACTION_MS_TARGET,
            "worst_page_ratio": worst_ratio,
            "worst_page_p50_ms": worst_page,
            "worst_interaction_p50_ms": worst_interaction,
            "met": worst_ratio <= PAGE_RATIO_TARGET
            and worst_page <= PAGE_MS_TARGET
            and len(timed) == len(interactions)
            and worst_interaction <= INTERACTION_MS_TARGET,
        },
    }


def _context(repeats: int) -> dict[str, Any]:
    manifest_path = (
        Path(os.environ.get("SKILLMARKET_HOME", "data")) / "curated/current/manifest.json"
    )
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    counts = manifest.get("counts") or {}
    return {
        "scenario": "browser",
        "repeats": repeats,
        "snapshot": manifest.get("build_id"),
        "canonical_postings": counts.get("canonical_postings"),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1m": os.getloadavg()[0],
            "platform": platform.platform(),
        },
    }
