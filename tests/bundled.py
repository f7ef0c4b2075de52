"""Checks shared by the tests that read the bundled layers (test modules import this)."""

from __future__ import annotations


def need(atlas, *ids: str) -> None:
    """Fail, naming them, if features ``ids`` are not in ``atlas`` (the layers are committed
    data: a missing feature is a defect of the data, not a reason to skip)."""
    missing = [i for i in ids if i not in set(atlas.features["id"])]
    assert not missing, f"features not in the bundled layers: {missing}"
