"""`python -m skillmarket.cli`: the same CLI as the `skillmarket` script.

May import: `skillmarket.cli`.
"""

from skillmarket.cli import main

main()
