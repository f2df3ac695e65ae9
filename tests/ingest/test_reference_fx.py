"""ECB reference rates: stored raw (online through the polite client, or imported), turned into
monthly USD crosses of the shipped table's shape, and merged over the shipped table."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from pytest_httpserver import HTTPServer

from analytics.normalize import fx
from ingest.http import HttpPolicy, PoliteClient
from ingest.snapshots import read_manifest
from ingest.sources import ecb_fx
from ingest.sources.common import SourceFormatError
from ingest.sources.reference_fetch import polite_fetcher
from skillmarket.stages import normalize, reference
from warehouse.migrate import migrate

CSV = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "ecb_fx_hist.csv"


def _zip(data: bytes, name: str = "eurofxref-hist.csv") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


def _rates(data: bytes) -> dict[tuple[str, str], float]:
    frame = reference.ecb_monthly(data, "ecb_fx/2026-01-01/x.zip", date(2026, 1, 1))
    assert set(frame["basis"]) == {"ecb_monthly_mean"}
    return {(m, c): v for m, c, v in frame.select("month", "currency", "usd_per_unit").rows()}


def test_monthly_usd_crosses_from_the_daily_rates() -> None:
    rates = _rates(_zip(CSV.read_bytes()))
    # January: one day, USD 1.1 per EUR; GBP 1.1 per EUR -> 1.0 USD per GBP
    assert rates[("2025-01", "EUR")] == pytest.approx(1.1)
    assert rates[("2025-01", "GBP")] == pytest.approx(1.0)
    assert ("2025-01", "JPY") not in rates  # "N/A" that day
    # February: two days, USD 1.0 and 1.2 per EUR, GBP 0.8 -> mean of 1.25 and 1.5
    assert rates[("2025-02", "EUR")] == pytest.approx(1.1)
    assert rates[("2025-02", "GBP")] == pytest.approx(1.375)
    assert rates[("2025-02", "CHF")] == pytest.approx(2.2)
    assert rates[("2025-02", "JPY")] == pytest.approx(1.1 / 160)
    assert rates[("2025-02", "USD")] == 1.0
    assert _rates(CSV.read_bytes()) == rates  # the CSV itself reads the same as the zip


def test_wrong_files_are_refused() -> None:
    with pytest.raises(SourceFormatError, match="layout"):
        ecb_fx.daily_csv(b"day,rate\n2025-01-01,1\n", "x.csv")
    with pytest.raises(SourceFormatError, match="one CSV"):
        ecb_fx.daily_csv(_zip(b"x", "readme.txt"), "x.zip")
    with pytest.raises(SourceFormatError, match="broken zip"):
        ecb_fx.daily_csv(b"PK\x03\x04garbage", "x.zip")


def test_online_fetch_is_stored_with_its_manifest(tmp_path: Path, httpserver: HTTPServer) -> None:
    body = _zip(CSV.read_bytes())
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/stats/eurofxref/eurofxref-hist.zip").respond_with_data(
        body, content_type="application/zip", headers={"ETag": '"v1"'}
    )
    raw = tmp_path / "raw"
    policy = HttpPolicy(min_interval_s=0.0, allow_private_hosts=True, backoff_initial_s=0.0)
    with PoliteClient(policy, raw) as client:
        url = httpserver.url_for("/stats/eurofxref/eurofxref-hist.zip")
        path = ecb_fx.collect_online(raw, url, polite_fetcher(client))
    assert path.read_bytes() == body and path.parent.parent.name == "ecb_fx"
    assert ecb_fx.latest_raw_file(raw) == path
    entry = read_manifest(path.parent)[str(path.relative_to(raw))]
    assert entry["etag"] == '"v1"' and entry["url"] == url and entry["http_status"] == 200


def test_build_rates_prefer_ecb_months_and_keep_the_shipped_rest(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    shipped = fx.usd_rates()
    assert normalize.fx_rates_for_build(con).equals(shipped)  # nothing loaded: shipped table
    ecb = reference.ecb_monthly(CSV.read_bytes(), "ecb_fx/2026-01-01/x.csv", date(2026, 1, 1))
    con.register("ecb", ecb)
    con.execute("INSERT INTO core_fx_monthly SELECT * FROM ecb").fetchall()
    merged = normalize.fx_rates_for_build(con)
    fx.validated_rates(merged, "merged")  # one row per month x currency
    gbp = merged.filter((pl.col("month") == "2025-02") & (pl.col("currency") == "GBP"))
    assert gbp["usd_per_unit"][0] == pytest.approx(1.375) and gbp["basis"][0] == "ecb_monthly_mean"
    untouched = merged.filter(pl.col("month") == "2024-06")
    assert untouched.equals(shipped.filter(pl.col("month") == "2024-06").sort("currency"))
    # January JPY was N/A at the ECB: the shipped value stays
    jan_jpy = merged.filter((pl.col("month") == "2025-01") & (pl.col("currency") == "JPY"))
    shipped_jpy = shipped.filter((pl.col("month") == "2025-01") & (pl.col("currency") == "JPY"))
    assert jan_jpy.equals(shipped_jpy)
    con.close()
