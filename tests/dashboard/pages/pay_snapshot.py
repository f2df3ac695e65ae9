"""A snapshot whose pay marts are computed by the build's own code from a few crafted postings,
for the pay-band page's tests: the other marts are the synthetic snapshot's.

Cells (last 12 months to Jun 2026):
- ML engineer · Senior in Texas: Austin (metro 0012420) 18 postings from 6 companies, Dallas
  (metro 0019100) 10 from 4, so Austin borrows the Texas band (28 postings, 10 companies);
  California 40 from 10.
- ML engineer · Senior in India: Bengaluru 30 postings from 8 companies (INR), Pune 5 from 2
  (borrows the India band: Maharashtra is as thin).
- Data scientist · Senior: 40 US postings from 10 companies and 6 in Bengaluru from 3: the
  all-places band exists (in USD) but India has too few postings for one.
- Other roles (the catch-all) · Senior: 60 postings from 12 companies in New York, the most
  of any Senior cell in the US.
- ML engineer · Staff: 3 postings from 3 companies in San Francisco (metro 0041860), too few
  for a band at every level (as ML engineer · Senior · San Francisco on the real captures);
  one title carries HTML and markdown, one link is not http(s).
Nothing in Singapore, no interns.

Beyond base pay (issue #12), on the Texas ML engineer · Senior postings only (their source lists
pay components; the others' lists none): equity on 20 of 28 (6 with a percent), a bonus on 25,
20 of them with amounts (10-15% of base) from 10 companies, a commission on 2 (no amounts); and 2
more Austin postings whose pay is on-target earnings (pay_kind ote), which no band counts.
The three San Francisco ML engineer · Staff postings list components too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from analytics.marts.pay_band_places import out_posting_pay
from analytics.marts.pay_bands import out_pay_bands_by_window
from analytics.marts.postings_index import out_postings
from tests.fixtures.snapshot.publish import snapshot_frames, write_snapshot

INR_PER_USD = 85.0
AUSTIN, DALLAS = "0012420", "0019100"
SAN_FRANCISCO = "0041860"
THIN_CELL_TITLE = "Staff ML <b>engineer</b> | *ranking* [apply](https://evil.example)"


@dataclass(frozen=True)
class PaySnapshot:
    build_id: str
    bands: pl.DataFrame  # out_pay_bands, both windows
    postings: pl.DataFrame  # the crafted core postings

    def cell(self, role_family: str, seniority: str, place_id: str) -> dict:
        published = self.bands.filter(
            (pl.col("window") == "last_12m")
            & (pl.col("role_family") == role_family)
            & (pl.col("seniority") == seniority)
            & (pl.col("place_id") == place_id)
        )
        return published.row(0, named=True)


def _group(
    n: int,
    companies: int,
    low: float,
    high: float,
    *,
    role_family: str = "ml_engineer",
    seniority: str = "senior",
    country: str = "US",
    region: str | None = None,
    city: str | None = None,
    metro_code: str | None = None,
    currency: str = "USD",
    prefix: str = "",
    beyond_base: bool = False,
    pay_kind: str | None = None,
) -> list[dict]:
    rate = 1 / INR_PER_USD if currency == "INR" else 1.0
    rows = []
    for index in range(n):
        step = 1 + 0.01 * (index % 7)  # a little spread within the group
        rows.append(
            {
                "title": f"{role_family} {prefix}{index}",
                "company": f"{prefix}co{index % companies}",
                "role_family": role_family,
                "seniority": seniority,
                "country": country,
                "region": region,
                "city": city,
                "metro_code": metro_code,
                "is_remote": False,
                "currency": currency,
                "pay_min_annual": low * step,
                "pay_max_annual": high * step,
                "pay_min_annual_usd": low * step * rate,
                "pay_max_annual_usd": high * step * rate,
                "posted_date": date(2026, 1 + index % 6, 1 + index % 27),
                "source": "ashby",
                "pay_kind": pay_kind,
                **(_beyond_base(index, low * step, high * step) if beyond_base else {}),
            }
        )
    return rows


def _beyond_base(index: int, low: float, high: float) -> dict:
    """Equity, bonus and commission of a posting whose source lists pay components."""
    equity = index % 4 != 0
    bonus = index % 7 != 6
    bonus_amount = bonus and index % 5 != 4
    equity_pct = equity and index % 2 == 0
    return {
        "offers_equity": equity,
        "offers_bonus": bonus,
        "offers_commission": index == 0,
        "equity_pct_min": 0.05 if equity_pct else None,
        "equity_pct_max": 0.25 if equity_pct else None,
        "bonus_min_annual": 0.10 * low if bonus_amount else None,
        "bonus_max_annual": 0.15 * high if bonus_amount else None,
    }


def crafted_postings() -> pl.DataFrame:
    rows = (
        _group(
            18, 6, 168_000, 215_000, region="TX", city="Austin", metro_code=AUSTIN, prefix="a",
            beyond_base=True,
        )
        + _group(
            10, 4, 200_000, 260_000, region="TX", city="Dallas", metro_code=DALLAS, prefix="d",
            beyond_base=True,
        )
        + _group(
            2, 2, 250_000, 300_000, region="TX", city="Austin", metro_code=AUSTIN, prefix="ote",
            pay_kind="ote",
        )
        + _group(40, 10, 190_000, 260_000, region="CA", city="San Jose", metro_code="0041940")
        + _group(
            30, 8, 2_500_000, 3_500_000, country="IN", region="KA", city="Bengaluru",
            currency="INR", prefix="bl",
        )
        + _group(
            5, 2, 2_000_000, 2_800_000, country="IN", region="MH", city="Pune", currency="INR",
            prefix="pu",
        )
        + _group(
            40, 10, 200_000, 280_000, role_family="data_scientist", region="WA", city="Seattle",
            metro_code="0042660", prefix="ds",
        )
        + _group(
            6, 3, 2_000_000, 3_000_000, role_family="data_scientist", country="IN", region="KA",
            city="Bengaluru", currency="INR", prefix="dsi",
        )
        + _group(
            60, 12, 120_000, 180_000, role_family="other", region="NY", city="New York",
            prefix="ot",
        )
        + _group(
            3, 3, 230_000, 310_000, seniority="staff", region="CA", city="San Francisco",
            metro_code=SAN_FRANCISCO, prefix="sf", beyond_base=True,
        )
    )  # fmt: skip
    frame = pl.DataFrame(rows, infer_schema_length=None)
    ids = pl.int_range(pl.len())
    return frame.with_columns(
        pl.format("pp{}", ids).alias("posting_id"),
        # the thin cell's titles and one link as a careless or hostile board might write them
        pl.when(pl.col("title") == "ml_engineer sf0")
        .then(pl.lit(THIN_CELL_TITLE))
        .otherwise(pl.col("title"))
        .alias("title"),
        pl.when(pl.col("title") == "ml_engineer sf1")
        .then(pl.lit("javascript:alert(1)"))
        .otherwise(pl.format("https://jobs.example.org/pp{}", ids))
        .alias("url"),
    )


def write_pay_snapshot(home: Path, build_id: str = "pay-build") -> PaySnapshot:
    postings = crafted_postings()
    metro_names = pl.DataFrame(
        {
            "metro_code": [AUSTIN, DALLAS, "0041940", "0042660", SAN_FRANCISCO],
            "metro_name": [
                "Austin-Round Rock-San Marcos, TX",
                "Dallas-Fort Worth-Arlington, TX",
                "San Jose-Sunnyvale-Santa Clara, CA",
                "Seattle-Tacoma-Bellevue, WA",
                "San Francisco-Oakland-Fremont, CA",
            ],
        }
    )
    bands = out_pay_bands_by_window(postings, metro_names=metro_names)
    frames = snapshot_frames()
    frames["out_pay_bands"] = bands
    frames["out_posting_pay"] = out_posting_pay(postings)
    no_skills = pl.DataFrame(schema={"posting_id": pl.String, "skill_id": pl.String})
    frames["out_postings"] = pl.concat(
        [frames["out_postings"], out_postings(postings, no_skills)], how="vertical_relaxed"
    )
    directory = write_snapshot(home, build_id, frames)
    json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return PaySnapshot(build_id, bands, postings)
