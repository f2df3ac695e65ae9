-- Ledger of loaded raw files and the staging (raw_*) tables, one per posting source.
-- Grain of raw_<source>_postings: one row per distinct posting content (source_posting_id x content_hash).
-- Grain of raw_sightings: one row per posting seen in one raw file (a crawl snapshot).

CREATE TABLE IF NOT EXISTS raw_files (
    raw_file      VARCHAR PRIMARY KEY,   -- path relative to the raw root
    source        VARCHAR NOT NULL,
    snapshot_date DATE,
    sha256        VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    n_rows        BIGINT NOT NULL,
    n_quarantined BIGINT NOT NULL,
    loaded_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS raw_sightings (
    source            VARCHAR NOT NULL,
    source_posting_id VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    snapshot_date     DATE,
    raw_file          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    source    VARCHAR NOT NULL,
    file      VARCHAR NOT NULL,
    record    VARCHAR,
    reason    VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL DEFAULT 'parse',   -- parse | normalize
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
