-- Normalized source records kept between builds (issue 14). A build re-normalizes only the
-- records whose input key (content hash, raw file, first sighting, Greenhouse pay details)
-- is new or changed, and every record when the normalizer's version changed; the others'
-- normalized rows, posting ids included, are read back from `norm_records`.
--
-- `norm_records` itself is made by the build (`warehouse.load.save_normalized_build`) with
-- the columns of the normalizer version that wrote it, so a normalizer change needs no
-- migration: the table is replaced whole, in the transaction that replaces the core tables.
-- This table says which normalizer version `norm_records` and the core tables belong to.

CREATE TABLE IF NOT EXISTS norm_state (
    normalizer_version VARCHAR NOT NULL,   -- analytics.normalize.version.normalizer_version
    records            BIGINT NOT NULL,    -- rows in norm_records
    saved_at           TIMESTAMP NOT NULL
);
