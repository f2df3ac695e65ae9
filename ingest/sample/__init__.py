"""The sample-market simulator (`skillmarket ingest sample`): writes a simulated ML/AI labour
market as raw crawl snapshots in the real sources' own formats (Ashby, Greenhouse, Lever,
JSON-LD career pages, Hacker News "Who is hiring?"), a talent pool, a manifest, and the ground
truth (planted parameters and one truth row per record).

May import: the standard library, numpy, polars, pyarrow, pyyaml, `us`, and its own modules.
Never imports `analytics`, `dashboard` or `app`.
"""

from ingest.sample.generate import SampleError, SampleSummary, generate_sample_market

__all__ = ["SampleError", "SampleSummary", "generate_sample_market"]
