"""The atlas page labels control as Python labels it, on the change dates of control.

Python's answer for a day: each claim holding land that day (:meth:`spheremap.atlas.Atlas.
features_at`, one row per piece) is labelled once, on the largest of its pieces as the page
draws them (the first in page order among equals), at that piece's label point, with the text
:func:`spheremap.render.status_label` gives its name, power and status (the hold said where
the name does not say it), from the zoom :func:`spheremap.render.label_zoom` gives all the
ground it holds that day for its name's :func:`spheremap.render.label_text`. The page draws what
the exporter ships (``claims.labels``, ``claims.labelTexts``) and must show exactly those
labels: no claim more or less, and for each the same text, point and zoom.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from spheremap import export, render
from spheremap.atlas import Atlas

pytestmark = pytest.mark.browser

#: Every control label the page placed for the day shown: claim id -> [text, [lat, lon], zoom].
PAGE_LABELS_JS = """(ids) => {
    const map = Object.values(window).find(v => v && v instanceof L.Map), out = {}, want = new Set(ids);
    const seen = new Set();
    function walk(layer) {
        if (seen.has(layer)) return;
        seen.add(layer);
        (layer.smMarkers || []).forEach(m => {
            const s = m.smLabel;
            if (!s || !want.has(s.id)) return;
            const at = m.getLatLng();
            (out[s.id] = out[s.id] || []).push([s.text, [at.lat, at.lng], s.zoom]);
        });
        if (layer.eachLayer) layer.eachLayer(walk);
    }
    map.eachLayer(walk);
    return out;
}"""

SET_DAY_JS = """(d) => { const s = document.querySelector('.sm-timectl input[type=range]');
    s.value = String(Math.round(Date.parse(d + 'T00:00:00Z') / 86400000));
    s.dispatchEvent(new Event('input')); }"""


class Oracle:
    """Python's control labels per day, for the page's pieces (their areas and label points as
    the exporter draws them)."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        feats = atlas.features
        pieces, claims, _ = export.atlas_pieces(
            feats[feats["kind"] == "control"],
            {},
            export.display.ATLAS_TOLERANCE,
            detail=atlas.detail_area,
            sea=atlas.sea,
            checked=getattr(atlas, "coverage_checked", False),
        )
        self.order = {pc["_piece"]: k for k, pc in enumerate(pieces)}
        self.area = {pc["_piece"]: pc["_area"] for pc in pieces}
        self.point = {pc["_piece"]: pc.get("p") for pc in pieces}
        self.claim_ids = sorted(set(claims["id"]))

    def labels(self, day: date) -> dict[str, list]:
        rows = self.atlas.features_at(day, ["control"])
        rows = rows[rows["piece"].isin(list(self.order))]  # pieces too small to draw: none
        out = {}
        for (cid, name, power, status), group in rows.groupby(
            ["id", "name", "power", "status"], sort=True
        ):
            held = sorted(group["piece"], key=lambda p: (-self.area[p], self.order[p]))
            text = render.status_label(name, "control", power, status)
            point = self.point[held[0]]
            if point is None:
                out.setdefault(cid, []).append([text, "no label point on its largest piece", 0])
                continue
            area = math.fsum(self.area[p] for p in held)
            fit = render.label_text(name)  # the zoom its name fits, as on the day's map
            out.setdefault(cid, []).append([text, point, render.label_zoom(area, point[0], fit)])
        return out


def mismatches(page, oracle: Oracle, days: list[date]) -> list[str]:
    """Every difference between the labels the page places and Python's, day by day."""
    out = []
    for day in days:
        page.evaluate(SET_DAY_JS, day.isoformat())
        page.wait_for_function(
            "(d) => document.querySelector('.sm-date').textContent === d", arg=day.isoformat()
        )
        drawn = page.evaluate(PAGE_LABELS_JS, oracle.claim_ids)
        want = oracle.labels(day)
        if set(drawn) != set(want):
            out.append(
                f"{day}: labels of {sorted(set(drawn) - set(want))[:5]} too many, "
                f"{sorted(set(want) - set(drawn))[:5]} missing"
            )
        for cid in sorted(set(drawn) & set(want)):
            got = sorted(drawn[cid], key=str)
            if got != sorted(want[cid], key=str):
                out.append(f"{day} {cid}: page {got} != Python {want[cid]}")
    return out


@pytest.fixture(scope="module")
def bundled():
    atlas = Atlas.load()
    return atlas, Oracle(atlas)


def open_atlas(browser, path):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.locator("[data-sm-id]").first.wait_for(state="attached", timeout=30_000)
    return page, errors


def test_atlas_page_labels_control_as_python_does_on_every_change_date(
    browser, bundled, tmp_path, shots
):
    atlas, oracle = bundled
    days = render.change_dates(atlas, ["control"])
    assert len(days) > 300  # every change date of control, not a sample
    page, errors = open_atlas(browser, export.export_atlas(atlas, tmp_path / "atlas.html"))
    found = mismatches(page, oracle, days)
    assert found == [], f"{len(found)} differences, the first: {found[:5]}"
    page.evaluate(SET_DAY_JS, "1944-09-15")
    page.evaluate(
        "() => Object.values(window).find(v => v && v instanceof L.Map).setView([50, 20], 5)"
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "atlas-labels-1944-09-15.png"))
    assert errors == []
    page.context.close()


def _runs_shifted(claims: dict) -> None:
    """Perturb the shipped zooms: each claim's labels one zoom later."""
    from spheremap import packing

    v, at = packing.unpack_ints(claims["labels"]), 0
    while at < len(v):
        n, at = v[at], at + 1
        for k in range(n):
            at += 1 if k else 0
            v[at + 1] += 1
            at += 2
    claims["labels"] = packing.pack_ints(v)


def _texts_dropped(claims: dict) -> None:
    """Perturb the shipped texts: every label the claim's whole name."""
    claims["labelTexts"] = {}


@pytest.mark.parametrize("perturb", [_runs_shifted, _texts_dropped])
def test_the_label_parity_check_sees_perturbed_shipped_labels(
    browser, bundled, tmp_path, monkeypatch, perturb
):
    atlas, oracle = bundled
    real = export.atlas_pieces

    def perturbed(*args, **kwargs):
        pieces, claims, keys = real(*args, **kwargs)
        perturb(claims)
        return pieces, claims, keys

    monkeypatch.setattr(export, "atlas_pieces", perturbed)
    export._atlas_html.cache_clear()
    try:
        path = export.export_atlas(atlas, tmp_path / "atlas.html")
    finally:
        export._atlas_html.cache_clear()
    page, errors = open_atlas(browser, path)
    assert mismatches(page, oracle, [date(1941, 7, 1), date(1944, 9, 15)])
    assert errors == []
    page.context.close()
