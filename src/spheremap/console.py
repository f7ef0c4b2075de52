"""The ``spheremap`` console command.

The package reads its vocabulary when it is imported (:mod:`spheremap.model`), so a broken
``SPHEREMAP_VOCABULARY`` file stops the import itself. Importing the command line here, inside
the error handling, reports that in one line naming the file, as the command line reports
every other error, instead of a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from spheremap.errors import SpheremapError, visible


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code (1 when the package itself cannot load)."""
    try:
        from spheremap import cli
    except SpheremapError as exc:
        print(visible(f"spheremap: error: {exc}"), file=sys.stderr)
        return 1
    return cli.main(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
