"""Running app.py and its pages with Streamlit's AppTest, and reading what they drew.

`open_page` loads app.py as a fresh browser load would (with the URL's query parameters),
switches to the page and runs it; the other helpers read texts, metrics, charts and tables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from streamlit.testing.v1 import AppTest

APP: Final = Path(__file__).resolve().parents[3] / "app.py"
PAGES: Final = {
    "Overview": "dashboard/pages/overview.py",
    "Skill trends": "dashboard/pages/trends.py",
    "Pay bands": "dashboard/pages/pay_bands.py",
    "GenAI and skill premiums": "dashboard/pages/premiums.py",
    "Demand vs supply": "dashboard/pages/supply.py",
    "Skill advisor": "dashboard/pages/advisor.py",
    "Claims vs data": "dashboard/pages/claims.py",
    "Data & methods": "dashboard/pages/data_methods.py",
}
TIMEOUT: Final = 60


def open_page(title: str, query_params: dict[str, Any] | None = None) -> AppTest:
    """app.py run on the page `title`, with `query_params` in the URL (as a shared link)."""
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update(query_params or {})  # as on a fresh page load of a shared link
    if title == "Overview":  # the default page
        return ran(app)
    ran(app).switch_page(PAGES[title])
    app.query_params.update(query_params or {})
    return ran(app)


def ran(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def plotly_data(app: AppTest, index: int = 0) -> list[dict[str, Any]]:
    """The traces of the index-th chart drawn."""
    return json.loads(app.get("plotly_chart")[index].proto.spec)["data"]


def plotly_traces(app: AppTest, key_trace: str) -> list[dict[str, Any]]:
    """The traces of the first chart holding a trace of type `key_trace`."""
    for element in app.get("plotly_chart"):
        traces = json.loads(element.proto.spec)["data"]
        if any(trace.get("type", "scatter") == key_trace for trace in traces):
            return traces
    raise AssertionError(f"no chart with a {key_trace} trace")


def chart(app: AppTest, key: str) -> list[dict[str, Any]]:
    """The traces of the chart drawn with `key`."""
    for element in app.get("plotly_chart"):
        if element.key == key:
            return json.loads(element.proto.spec)["data"]
    raise AssertionError(f"no chart {key!r}: {[e.key for e in app.get('plotly_chart')]}")


def chart_title(app: AppTest, key: str) -> str:
    """The chart's title as one line (figures break long titles into lines with <br>)."""
    for element in app.get("plotly_chart"):
        if element.key == key:
            return json.loads(element.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
    raise AssertionError(f"no chart {key!r}")


def frame_with(app: AppTest, column: str) -> Any:
    """The first dataframe drawn with `column` (a pandas frame)."""
    for frame in app.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no dataframe with column {column!r}")


def download_keys(app: AppTest) -> list[str]:
    return [element.proto.id for element in app.get("download_button")]
