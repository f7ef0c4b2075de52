"""Checks shared by the tests that read the bundled layers (test modules import this)."""

from __future__ import annotations


def need(atlas, *ids: str) -> None:
    """Fail, naming them, if features ``ids`` are not in ``atlas`` (the layers are committed
    data: a missing feature is a defect of the data, not a reason to skip)."""
    missing = [i for i in ids if i not in set(atlas.features["id"])]
    assert not missing, f"features not in the bundled layers: {missing}"


def passage_links(
    atlas, text: str, date: str | None = None, title: str = "t"
) -> list[dict[str, str]]:
    """The links (feature -> direction) of each passage of a markdown ``text`` dated ``date``
    (None: an undated narrative, each passage dated by what it says) and titled ``title``,
    linked against ``atlas`` with the bundled gazetteer."""
    from spheremap.documents import parse_document
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    dated = f"date: {date}\n" if date is not None else ""
    doc = parse_document(f"---\ntitle: {title}\n{dated}---\n\n{text}", "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


def sentence_links(atlas, text: str, date: str) -> dict[str, str]:
    """The links (feature -> direction) of a one-passage markdown ``text`` dated ``date``."""
    (linked,) = passage_links(atlas, text, date)
    return linked


def covering(atlas, ids, lon: float, lat: float) -> list[str]:
    """Those of the features ``ids`` one of whose pieces covers the point (``lon``, ``lat``):
    where a linked feature lies, read from its geometry, never from its id."""
    import shapely

    feats = atlas.features
    hit = feats[feats["id"].isin(list(ids)) & feats.geometry.intersects(shapely.Point(lon, lat))]
    return sorted(set(hit["id"]))


def holds_begun_near(atlas, links, lon: float, lat: float, day: str) -> set[str]:
    """The powers of the linked control features covering the point that began within a day
    of ``day`` (read from the features' rows, never from their ids)."""
    import pandas as pd

    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    rows = feats[feats["id"].isin(ids) & (feats["kind"] == "control")]
    when = pd.Timestamp(day)
    return {
        str(r.power)
        for r in rows.itertuples()
        if abs(pd.Timestamp(str(r.start_date)) - when) <= pd.Timedelta(days=1)
    }


def line_theatres(atlas, ids) -> set[str]:
    """The theatres (the ``theatre`` property) of the front lines among the features ``ids``."""
    feats = atlas.features
    lines = feats[feats["id"].isin(list(ids)) & (feats["status"] == "frontline")]
    return set(lines["theatre"].dropna())
