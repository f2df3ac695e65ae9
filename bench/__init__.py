"""Benchmarks of the build, the normalizers, interval coverage and the read API; run them with
`python -m bench` (or `skillmarket bench`).
"""
