"""Streamlit pages and chart builders.

May import: `warehouse.queries` (the read API) and third-party UI libraries only.
"""
