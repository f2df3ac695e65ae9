"""Data checks on the warehouse and the published snapshot: each table's grain is unique, key
columns are not null, vocabularies hold, shares and intervals are ordered, and every mart is
present. Also reports quarantine counts per reason, lists what was quarantined (whole files,
record "*", all of them; records, the first `LISTED_RECORDS`, each with stage, source, file,
record and reason) and the dedup rate. The grains are the key
columns of the contract's mart records, the vocabularies the contract's.

May import: the standard library, duckdb, polars, `contract`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from contract.marts import MARTS
from contract.staging import WHOLE_FILE
from contract.vocab import ROLE_FAMILIES, SENIORITIES

# mart -> the columns unique together in it (marts whose record names no keys are not checked)
MART_GRAINS: dict[str, tuple[str, ...]] = {m.name: m.keys for m in MARTS if m.keys}
LISTED_RECORDS = 50  # quarantined records `check` lists (all are counted)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    results: list[CheckResult] = field(default_factory=list)
    quarantine_by_reason: list[tuple[str, str, int]] = field(default_factory=list)
    # (stage, source, file, reason) of each file quarantined whole (record "*")
    quarantined_files: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (stage, source, file, record, reason) of the first LISTED_RECORDS quarantined records
    quarantined_records: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    n_quarantined_records: int = 0  # every quarantine row that is not a whole file
    dedup_rate: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    return int(con.execute(sql, params or []).fetchall()[0][0])


def _zero(con: duckdb.DuckDBPyConnection, name: str, sql: str, what: str) -> CheckResult:
    n = _count(con, sql)
    return CheckResult(name, n == 0, f"{n:,} {what}" if n else "none")


def warehouse_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    roles = ", ".join(f"'{r}'" for r in ROLE_FAMILIES)
    levels = ", ".join(f"'{s}'" for s in SENIORITIES)
    return [
        _zero(
            con,
            "core_postings: posting_id unique",
            "SELECT count(*) - count(DISTINCT posting_id) FROM core_postings",
            "duplicates",
        ),
        _zero(
            con,
            "core_postings: role_family in vocabulary",
            f"SELECT count(*) FROM core_postings WHERE role_family NOT IN ({roles})",
            "rows outside",
        ),
        _zero(
            con,
            "core_postings: seniority in vocabulary",
            f"SELECT count(*) FROM core_postings WHERE seniority NOT IN ({levels})",
            "rows outside",
        ),
        _zero(
            con,
            "core_postings: pay_min <= pay_max",
            "SELECT count(*) FROM core_postings WHERE pay_min > pay_max",
            "inverted ranges",
        ),
        _zero(
            con,
            "core_postings: first_seen <= last_seen",
            "SELECT count(*) FROM core_postings WHERE first_seen > last_seen",
            "rows",
        ),
        _zero(
            con,
            "core_postings: annual USD pay within sanity bounds",
            "SELECT count(*) FROM core_postings WHERE pay_min_annual_usd < CASE WHEN currency IN "
            "('INR','PKR','BDT','LKR','NPR','NGN','EGP','VND','IDR','PHP','KES','UAH') "
            "THEN 1500 ELSE 10000 END "
            "OR pay_max_annual_usd > 2000000 OR pay_max_annual_usd > 10 * pay_min_annual_usd",
            "rows",
        ),
        _zero(
            con,
            "core_posting_skills: (posting_id, skill_id) unique",
            "SELECT count(*) FROM (SELECT posting_id, skill_id FROM core_posting_skills "
            "GROUP BY ALL HAVING count(*) > 1)",
            "duplicates",
        ),
        _zero(
            con,
            "core_posting_skills: every posting exists",
            "SELECT count(*) FROM core_posting_skills s ANTI JOIN core_postings p "
            "USING (posting_id)",
            "orphans",
        ),
        _zero(
            con,
            "core_posting_sources: every source record linked once",
            "SELECT count(*) FROM (SELECT source, source_posting_id FROM core_posting_sources "
            "GROUP BY ALL HAVING count(*) > 1)",
            "records linked twice",
        ),
        _zero(
            con,
            "raw_sightings: each file's rows are loaded once",
            "SELECT count(*) FROM (SELECT raw_file, source_posting_id, content_hash "
            "FROM raw_sightings GROUP BY ALL HAVING count(*) > 1)",
            "duplicates",
        ),
    ]


def snapshot_checks(con: duckdb.DuckDBPyConnection, snapshot: Path) -> list[CheckResult]:
    results = []
    if not (snapshot / "manifest.json").exists():
        return [CheckResult("snapshot published", False, f"no manifest at {snapshot}")]
    for mart, grain in MART_GRAINS.items():
        path = snapshot / f"{mart}.parquet"
        if not path.exists():
            results.append(CheckResult(f"{mart}: published", False, f"missing {path.name}"))
            continue
        keys = ", ".join(grain)
        quoted = ", ".join(f'"{column}"' for column in grain)  # `window` is a keyword
        dupes = _count(
            con,
            f"SELECT count(*) FROM (SELECT {quoted} FROM read_parquet(?) "
            "GROUP BY ALL HAVING count(*) > 1)",
            [str(path)],
        )
        rows = _count(con, "SELECT count(*) FROM read_parquet(?)", [str(path)])
        results.append(
            CheckResult(
                f"{mart}: grain ({keys}) unique",
                dupes == 0,
                f"{rows:,} rows, {dupes:,} duplicate keys",
            )
        )
    demand = snapshot / "out_skill_demand_monthly.parquet"
    if demand.exists():
        bad = _count(
            con,
            "SELECT count(*) FROM read_parquet(?) WHERE NOT (share_lo <= share_pct "
            "AND share_pct <= share_hi AND n_with_skill <= n_postings)",
            [str(demand)],
        )
        results.append(
            CheckResult(
                "out_skill_demand_monthly: lo <= share <= hi, n_with <= n",
                bad == 0,
                f"{bad:,} rows violate",
            )
        )
    bands = snapshot / "out_pay_bands.parquet"
    if bands.exists():
        bad = _count(
            con,
            "SELECT count(*) FROM read_parquet(?) WHERE NOT is_suppressed AND NOT "
            "(p10 <= p25 AND p25 <= p50 AND p50 <= p75 AND p75 <= p90)",
            [str(bands)],
        )
        results.append(
            CheckResult("out_pay_bands: p10 <= ... <= p90", bad == 0, f"{bad:,} rows violate")
        )
    premiums = snapshot / "out_skill_premiums.parquet"
    if premiums.exists():
        bad = _count(
            con,
            "SELECT count(*) FROM read_parquet(?) WHERE NOT is_suppressed AND "
            "(n_with < 30 OR n_without < 30 OR n_companies < 10)",
            [str(premiums)],
        )
        results.append(
            CheckResult(
                "out_skill_premiums: small cells suppressed",
                bad == 0,
                f"{bad:,} unsuppressed small cells",
            )
        )
    return results


def run_checks(con: duckdb.DuckDBPyConnection, snapshot: Path) -> CheckReport:
    report = CheckReport()
    report.results = warehouse_checks(con) + snapshot_checks(con, snapshot)
    report.quarantine_by_reason = [
        (source, reason, n)
        for source, reason, n in con.execute(
            "SELECT source, regexp_replace(reason, ?, '') AS reason, count(*) "
            "FROM quarantine GROUP BY ALL ORDER BY 3 DESC",
            [r"\s*[('\"].*$"],  # fold record-specific detail: quoted values, parentheses
        ).fetchall()
    ]
    report.quarantined_files = con.execute(
        "SELECT stage, source, file, reason FROM quarantine WHERE record = ? ORDER BY ALL",
        [WHOLE_FILE],
    ).fetchall()
    report.quarantined_records = con.execute(
        "SELECT stage, source, file, record, reason FROM quarantine "
        "WHERE record IS DISTINCT FROM ? ORDER BY ALL LIMIT ?",
        [WHOLE_FILE, LISTED_RECORDS],
    ).fetchall()
    report.n_quarantined_records = _count(
        con, "SELECT count(*) FROM quarantine WHERE record IS DISTINCT FROM ?", [WHOLE_FILE]
    )
    records = _count(con, "SELECT count(*) FROM core_posting_sources")
    postings = _count(con, "SELECT count(*) FROM core_postings")
    report.dedup_rate = 1 - postings / records if records else 0.0
    return report


__all__ = ["CheckReport", "CheckResult", "run_checks"]
