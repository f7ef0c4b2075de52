"""``python -m spheremap``: the same command line as the ``spheremap`` console command."""

from __future__ import annotations

import sys

from spheremap.console import main

sys.exit(main())
