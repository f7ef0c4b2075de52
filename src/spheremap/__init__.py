"""spheremap: a map explorer for dated historical geography (1938-1949).

Public API::

    from spheremap import Atlas
    atlas = Atlas.load()
    atlas.where(25.28, 54.69, date(1939, 10, 15))
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Atlas", "__version__"]


def __getattr__(name: str):
    # Lazy, so that `spheremap --help` and light imports stay fast.
    if name == "Atlas":
        from spheremap.atlas import Atlas

        return Atlas
    raise AttributeError(name)
