"""Collect and parse sources into raw snapshots and staging rows.

May import: the standard library, third-party libraries, `warehouse` (load API only).
Never imports `analytics`, `dashboard` or `app`.
"""
