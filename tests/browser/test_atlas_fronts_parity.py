"""The atlas page draws the fronts Python derives, on every change date.

Python's answer for a day: the front lines of :func:`spheremap.render.frame_at` (which front,
authored or derived, with its name, dates, precision, sources and note from
:meth:`spheremap.atlas.Atlas.fronts_at`) and, for each derived front, the edges that the page's
own pieces share (decoded here from the shipped data, found with
:func:`spheremap.fronts.shared_edges`) between the pairs of pieces
:meth:`spheremap.atlas.Atlas.front_pairs_at` puts on that front. The page must draw exactly
those segments, no more and no fewer.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely

from spheremap import export, fronts, packing, render
from spheremap import time as sm_time
from spheremap.atlas import Atlas

pytestmark = pytest.mark.browser

#: Per front drawn: its properties and its segments (coordinates in thousandths of a degree).
DRAWN_FRONTS_JS = """() => {
    const map = Object.values(window).find(v => v && v instanceof L.Map), out = {};
    map.eachLayer(l => {
        const f = l.feature, p = f && f.properties;
        if (!p || !String(p.id).startsWith("front-")) return;
        const g = f.geometry, lines = g.type === "LineString" ? [g.coordinates] : g.coordinates;
        const segs = [];
        lines.forEach(ln => { for (let j = 1; j < ln.length; j++) segs.push([
            Math.round(ln[j - 1][0] * 1000), Math.round(ln[j - 1][1] * 1000),
            Math.round(ln[j][0] * 1000), Math.round(ln[j][1] * 1000)]); });
        out[p.id] = {name: p.name, start: p.start, end: p.end, precision: p.precision,
                     sources: p.sources, note: p.note, segments: segs};
    });
    return out;
}"""

SET_DAY_JS = """(d) => { const s = document.querySelector('.sm-timectl input[type=range]');
    s.value = String(Math.round(Date.parse(d + 'T00:00:00Z') / 86400000));
    s.dispatchEvent(new Event('input')); }"""


def segment_key(x0, y0, x1, y1) -> tuple[int, int, int, int]:
    a, b = (int(x0), int(y0)), (int(x1), int(y1))
    return (*a, *b) if a <= b else (*b, *a)


def page_edges(data: dict) -> fronts.Edges:
    """The edges the page's pieces share, in thousandths of a degree (as the page keys them)."""
    polys = []
    for pc in data["pieces"]:
        m = 1000 // pc.get("q", 100)
        parts = []
        for rings in pc["g"]:
            rs = [np.cumsum(np.reshape(packing.unpack_ints(r), (-1, 2)), axis=0) * m for r in rings]
            parts.append(shapely.Polygon(rs[0], rs[1:]))
        polys.append(shapely.MultiPolygon(parts))
    return fronts.shared_edges(polys)


class Oracle:
    """Python's answer, per day, for the page built from ``data``."""

    def __init__(self, atlas: Atlas, data: dict, page_pieces: list[str]):
        self.atlas = atlas
        index = atlas.piece_index
        self.to_page = {index[p]: k for k, p in enumerate(page_pieces)}
        self.edges = page_edges(data)
        self.pair_of = {
            (int(a), int(b)): k
            for k, (a, b) in enumerate(zip(self.edges.a, self.edges.b, strict=True))
        }

    def segments(self, day: date, theatre: str) -> set[tuple]:
        atlas, edges = self.atlas, self.atlas.piece_edges
        pairs = atlas.front_pairs_at(day)[theatre]
        chosen = set()
        for a, b in zip(edges.a[pairs].tolist(), edges.b[pairs].tolist(), strict=True):
            if a in self.to_page and b in self.to_page:
                pa, pb = sorted((self.to_page[a], self.to_page[b]))
                if (pa, pb) in self.pair_of:
                    chosen.add(self.pair_of[(pa, pb)])
        segs = self.edges.segments[np.isin(self.edges.pair, sorted(chosen))]
        return {segment_key(*s.ravel()) for s in segs}

    def fronts(self, day: date) -> dict[str, dict]:
        """Front id -> the properties the page must show (and, derived, its segments)."""
        lines = render.frame_at(self.atlas, day, ["line"])
        out = {}
        snap = sm_time.snapshot_day(day, self.atlas.front_change_dates())
        derived = self.atlas.fronts_at(day).set_index("id")["theatre"]
        for row in lines[lines["id"].str.startswith("front-")].to_dict("records"):
            p = render.feature_properties(row)
            want = {k: p[k] for k in ("name", "start", "end", "precision", "sources", "note")}
            if p["id"] in derived.index:
                want["segments"] = self.segments(snap, derived[p["id"]])
                assert want["segments"], (day, p["id"])  # a front drawn has a line
            out[p["id"]] = want
        return out


def mismatches(page, oracle: Oracle, days: list[date]) -> list[str]:
    """Every difference between what the page draws and Python's answer, day by day."""
    out = []
    for day in days:
        page.evaluate(SET_DAY_JS, day.isoformat())
        page.wait_for_function(
            "(d) => document.querySelector('.sm-date').textContent === d", arg=day.isoformat()
        )
        drawn = page.evaluate(DRAWN_FRONTS_JS)
        want = oracle.fronts(day)
        if set(drawn) != set(want):
            out.append(f"{day}: drew {sorted(drawn)}, Python {sorted(want)}")
            continue
        for fid, w in want.items():
            got = drawn[fid]
            for key in ("name", "start", "end", "precision", "sources", "note"):
                if got[key] != w[key]:
                    out.append(f"{day} {fid} {key}: {got[key]!r} != {w[key]!r}")
            if "segments" in w:
                segs = {segment_key(*s) for s in got["segments"]}
                if segs != w["segments"]:
                    out.append(
                        f"{day} {fid}: {len(segs - w['segments'])} segments too many, "
                        f"{len(w['segments'] - segs)} missing"
                    )
    return out


def page_pieces(atlas: Atlas) -> list[str]:
    """The piece ids in the order of the page's ``pieces`` (as ``atlas_data`` ships them)."""
    feats = atlas.features
    pieces, _, _ = export.atlas_pieces(
        feats[feats["kind"] == "control"],
        {},
        export.display.ATLAS_TOLERANCE,
        detail=atlas.detail_area,
        sea=atlas.sea,
        checked=getattr(atlas, "coverage_checked", False),
    )
    return [pc["_piece"] for pc in pieces]


@pytest.fixture(scope="module")
def bundled():
    atlas = Atlas.load()
    return atlas, Oracle(atlas, export.atlas_data(atlas), page_pieces(atlas))


def open_atlas(browser, path):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.locator("[data-sm-id]").first.wait_for(state="attached", timeout=30_000)
    box = page.locator('.sm-kinds input[value="line"]')
    if not box.is_checked():
        box.check()
    return page, errors


def test_atlas_page_draws_pythons_fronts_on_every_change_date(browser, bundled, tmp_path):
    atlas, oracle = bundled
    days = render.change_dates(atlas, ["line"])
    war = [d for d in days if fronts.EAST_START <= d < fronts.WAR_END]
    assert len(war) > 300  # every change date, not a sample
    page, errors = open_atlas(browser, export.export_atlas(atlas, tmp_path / "atlas.html"))
    assert mismatches(page, oracle, days) == []
    assert errors == []
    page.context.close()


def _without_romania(data: dict, claims: dict) -> None:
    """Perturb shipped sides: every Romanian claim on neither side."""
    v, at, out = packing.unpack_ints(data["sides"]), 0, []
    for power in claims["power"]:
        n = v[at + 1]
        if power == "Romania":
            out += [0, 0]
        else:
            out += v[at : at + 2 + 2 * n]
        at += 2 + 2 * n
    data["sides"] = packing.pack_ints(out)


def _shifted_spans(data: dict, claims: dict) -> None:
    """Perturb shipped names: each snapshot's dates written as the next one's."""
    data["spans"] = data["spans"][1:] + data["spans"][:1]


@pytest.mark.parametrize("perturb", [_without_romania, _shifted_spans])
def test_the_parity_check_sees_perturbed_shipped_data(
    browser, bundled, tmp_path, monkeypatch, perturb
):
    atlas, oracle = bundled
    real = export.atlas_fronts

    def perturbed(atlas, pieces, page_pieces, claims, styles):
        data = real(atlas, pieces, page_pieces, claims, styles)
        perturb(data, claims)
        return data

    monkeypatch.setattr(export, "atlas_fronts", perturbed)
    export._atlas_html.cache_clear()
    try:
        path = export.export_atlas(atlas, tmp_path / "atlas.html")
    finally:
        export._atlas_html.cache_clear()
    page, errors = open_atlas(browser, path)
    # Romania fought the Soviet Union on its own front until August 1944
    assert mismatches(page, oracle, [date(1944, 4, 20), date(1944, 8, 1)])
    assert errors == []
    page.context.close()
