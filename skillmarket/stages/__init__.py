"""The build's stages, in the order `skillmarket.pipeline.build` runs them:

- `postings`: parse new raw posting files (worker processes) and load them into the staging
  tables, with Greenhouse pay details and talent-pool CSVs;
- `reference`: OEWS benchmarks and every reference source of the contract with tables;
- `normalize`: staging rows -> normalized, deduplicated core tables and the talent pool;
- `marts`: every published mart of the contract from the core tables;
- `manifest`: the snapshot manifest (sources with licenses, `is_sample`, counts, mart docs).

Each stage reads and writes the warehouse only through `warehouse` modules (no SQL here).

May import: every layer (`contract`, `ingest`, `warehouse`, `analytics`), `skillmarket.config`.
"""
