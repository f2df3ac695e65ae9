"""DuckDB warehouse: schema migrations, loads, checks, publishing and the read API.

May import: the standard library, third-party libraries. Never imports `dashboard` or `app`.
"""
