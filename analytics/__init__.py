"""Normalize postings and compute the marts (Polars).

May import: the standard library, third-party libraries. Never imports `ingest`, `dashboard`
or `app`.
"""
