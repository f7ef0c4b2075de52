"""Build code for ``geodata/``: Natural Earth loaders, claims and the control coverage.

Run ``python scripts/build_geodata.py`` from the repository root; it puts ``scripts/`` on
``sys.path`` so that this package imports as ``geobuild``.
"""

from pathlib import Path

#: Repository root (``scripts/geobuild/__init__.py`` -> two levels up).
ROOT = Path(__file__).resolve().parents[2]
#: Authored inputs.
SOURCES = ROOT / "geodata" / "sources"
