"""The ground floor: data-only records every layer derives its lists, checks, docs and UI text
from. `sources` declares each source once, `staging` the staging row every posting parser
returns, `marts` each published table, `vocab` the shared vocabularies. Nothing here computes
anything from data.

May import: the standard library only (never another package of the project).
"""
