"""The caches shared by every app session are bounded by bytes, and evicting a day loses nothing.

Each cap is shrunk to a few entries of the tiny test atlas, then filled with many distinct keys:
the cache must stay under its bound (it evicts), and a day evicted and asked for again must come
back equal to what it was the first time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from geopandas.testing import assert_geodataframe_equal

from spheremap import atlas as atlas_mod
from spheremap import render
from spheremap.atlas import Atlas, frame_nbytes

FIRST = date(1940, 6, 1)
DAYS = [FIRST + timedelta(days=i) for i in range(40)]


def _fresh_atlas(mini_root, monkeypatch, attr: str, entries: float, method: str) -> Atlas:
    """The mini atlas with the cap ``attr`` set to ``entries`` times one day's frame."""
    one = frame_nbytes(getattr(Atlas.load(mini_root), method)(FIRST))
    assert one > 0
    monkeypatch.setattr(atlas_mod, attr, int(entries * one))
    return Atlas.load(mini_root)


@pytest.mark.parametrize(
    ("attr", "method", "cache"),
    [
        ("CONTROL_CACHE_BYTES", "_control_snapshot", "_control_cache"),
        ("FRONTS_CACHE_BYTES", "_fronts_snapshot", "_fronts_cache"),
    ],
)
def test_atlas_day_cache_stays_under_its_byte_bound(mini_root, monkeypatch, attr, method, cache):
    atlas = _fresh_atlas(mini_root, monkeypatch, attr, 4.5, method)
    bound = getattr(atlas_mod, attr)
    compute = getattr(atlas, method)
    first = compute(FIRST).copy()
    for day in DAYS[1:]:
        compute(day)
        assert getattr(atlas, cache).currsize <= bound
    kept = getattr(atlas, cache)
    assert 0 < len(kept) <= 4  # it evicted: 40 days asked, at most 4.5 days' bytes kept
    assert FIRST not in {k[0] for k in kept}
    again = compute(FIRST)  # evicted, so computed anew
    assert_geodataframe_equal(again, first)


def test_payload_cache_stays_under_its_byte_bound(mini_atlas, monkeypatch):
    # distinct tolerances are distinct keys of the same day: many entries from a tiny atlas
    kinds = ["control", "zone"]
    first = render.payload_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    bound = int(4.5 * render.payload_nbytes(first))
    cache = render.byte_cache(bound, render.payload_nbytes)
    monkeypatch.setattr(render._payload, "cache", cache)
    first = render.payload_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    for i in range(2, 40):
        render.payload_at(mini_atlas, FIRST, kinds, tolerance=0.001 * i)
        assert cache.currsize <= bound
    assert 0 < len(cache) <= 4
    assert all(key[-1] != 0.001 for key in cache)
    again = render.payload_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    assert again is not first  # evicted, so computed anew
    assert again == first


def test_collection_cache_stays_under_its_byte_bound(mini_atlas, monkeypatch):
    kinds = ["control", "zone"]
    first = render.collection_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    bound = int(4.5 * render.collection_nbytes(first))
    cache = render.byte_cache(bound, render.collection_nbytes)
    monkeypatch.setattr(render._collection, "cache", cache)
    first = render.collection_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    for i in range(2, 40):
        render.collection_at(mini_atlas, FIRST, kinds, tolerance=0.001 * i)
        assert cache.currsize <= bound
    assert 0 < len(cache) <= 4
    again = render.collection_at(mini_atlas, FIRST, kinds, tolerance=0.001)
    assert again is not first
    assert again == first


def test_the_app_caches_are_the_byte_bounded_ones(mini_atlas):
    """The payloads and collections the app asks for go through the capped caches."""
    assert render._payload.cache.maxsize == render.PAYLOAD_CACHE_BYTES
    assert render._payload.cache.getsizeof is render.payload_nbytes
    assert render._collection.cache.maxsize == render.COLLECTION_CACHE_BYTES
    assert render._collection.cache.getsizeof is render.collection_nbytes
    atlas = Atlas(mini_atlas.features, basemap=mini_atlas.basemap)
    assert atlas._control_cache.maxsize == atlas_mod.CONTROL_CACHE_BYTES
    assert atlas._fronts_cache.maxsize == atlas_mod.FRONTS_CACHE_BYTES


def test_a_payload_does_not_keep_its_collection(mini_atlas):
    """The payload (JSON) is built without filling the collection cache (10x its size)."""
    before = dict(render._collection.cache)
    render.payload_at(mini_atlas, FIRST, ["control"], tolerance=0.0123)
    assert dict(render._collection.cache) == before
