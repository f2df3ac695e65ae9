"""Skillmarket composition root: CLI, configuration and build orchestration.

May import every layer; nothing imports it except `app.py`-free entry points (the CLI).
"""

__version__ = "0.1.0"
