"""Exported files opened from disk (file://) in chromium: drawn layers, zero network requests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import shapely.geometry
from browser_helpers import HOSTILE_ROOT, wait_framed
from playwright.sync_api import expect

from spheremap import export
from spheremap.atlas import Atlas

pytestmark = pytest.mark.browser


def open_file(browser, path: Path):
    """Open ``path`` from disk; return (page, requests seen, page errors)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.locator("[data-sm-id]").first.wait_for(state="attached", timeout=15_000)
    return page, requests, errors


def drawn(page) -> set[str]:
    return set(
        page.locator("[data-sm-id]").evaluate_all(
            "els => els.map(e => e.getAttribute('data-sm-id'))"
        )
    )


def test_downloaded_view_draws_offline(hostile_server, page, browser, tmp_path, shots):
    page.goto(hostile_server.url + "/?date=1939-10-15&layers=control,sphere")
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').last.locator(
        "[data-sm-id]"
    ).first.wait_for(state="attached", timeout=30_000)
    # one click, as soon as the map has framed itself: no rerun follows the framing (the map
    # used to report the framed view, and a click during that rerun went unheard)
    wait_framed(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download this view").click()
    download = info.value
    assert download.suggested_filename == "spheremap-1939-10-15.html"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    print(f"\nview export: {path.stat().st_size / 1024:.0f} KiB")
    view, requests, errors = open_file(browser, path)
    assert drawn(view) == {"west-germany", "east-ussr", "sphere-german", "sphere-soviet"}
    assert requests == [path.resolve().as_uri()]  # the file itself, nothing else
    assert errors == []
    assert "15 October 1939" in view.locator(".sm-title").inner_text()
    expect(view.locator(".sm-label-text", has_text="German-held west <script>")).to_have_count(1)
    assert view.evaluate("() => window.__pwned") is None
    # spheres are hatched: their fill is an SVG pattern that exists in the page
    fill = view.locator('[data-sm-id="sphere-german"]').get_attribute("fill")
    assert fill.startswith("url(#sm-hatch-")
    assert view.locator(fill[len("url(") : -1]).count() == 1
    view.screenshot(path=str(shots / "export-view.png"))
    view.context.close()
    # the atlas download too
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the atlas").click()
    atlas_path = tmp_path / info.value.suggested_filename
    info.value.save_as(atlas_path)
    print(f"atlas export: {atlas_path.stat().st_size / 1024:.0f} KiB")
    assert atlas_path.stat().st_size <= export.ATLAS_MAX_BYTES
    atlas_page, requests, errors = open_file(browser, atlas_path)
    assert atlas_page.locator(".sm-timectl").count() == 1
    assert requests == [atlas_path.resolve().as_uri()] and errors == []
    atlas_page.context.close()


def test_view_popup_lists_linked_passages_as_text(browser, tmp_path):
    atlas = Atlas.load(HOSTILE_ROOT)
    path = export.export_view(atlas, "1939-10-15", ["control"], tmp_path / "v.html")
    view, requests, _ = open_file(browser, path)
    target = view.locator('[data-sm-id="west-germany"]')
    box = target.bounding_box()
    target.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5}, force=True)
    popup = view.locator(".sm-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "German troops crossed into the West piece. <script>window.__pwned=1</script>" in text
    assert "1 September 1939" in text  # the passage's date chip
    assert view.locator(".sm-popup script, .sm-popup img").count() == 0
    assert view.evaluate("() => window.__pwned") is None
    assert requests == [path.resolve().as_uri()]
    view.context.close()


def test_atlas_file_switches_presets_and_moves_in_time(browser, tmp_path, shots):
    atlas = Atlas.load(HOSTILE_ROOT)
    path = export.export_atlas(atlas, tmp_path / "atlas.html")
    page, requests, errors = open_file(browser, path)
    assert {"sphere-german", "west-germany", "east-ussr"} <= drawn(page)  # opens on 1939
    page.get_by_label("Spheres of influence").uncheck()  # the spheres lie over the pieces
    target = page.locator('[data-sm-id="west-germany"]')
    box = target.bounding_box()
    target.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5}, force=True)
    assert "<script>window.__pwned=1</script>" in page.locator(".sm-popup").inner_text()
    assert page.locator(".sm-popup script, .sm-popup img").count() == 0
    page.get_by_role("button", name="1945", exact=True).click()
    assert page.locator(".sm-date").inner_text() == "1945-08-15"
    assert drawn(page) == {"west-ussr", "east-ussr-2", "zone-us"}
    page.get_by_role("button", name="1941", exact=True).click()
    assert drawn(page) == {"west-germany", "east-germany", "line-front"}
    assert page.locator('[data-sm-id="line-front"]').get_attribute("stroke-dasharray")
    # the slider: one day later the front line (valid one day) is gone
    page.locator(".sm-timectl input[type=range]").focus()
    page.keyboard.press("ArrowRight")  # drawn on the next animation frame
    expect(page.locator(".sm-date")).to_have_text("1941-12-06")
    expect(page.locator('[data-sm-id="line-front"]')).to_have_count(0)
    # previous change steps back to the day the line starts
    page.get_by_role("button", name="◀ previous change").click()
    assert page.locator(".sm-date").inner_text() == "1941-12-05"
    # a layer toggle
    page.get_by_label("Lines and fronts").uncheck()
    assert "line-front" not in drawn(page)
    assert requests == [path.resolve().as_uri()]
    assert errors == []
    assert page.evaluate("() => window.__pwned") is None
    page.screenshot(path=str(shots / "export-atlas.png"))
    page.context.close()


#: Per drawn front: its lines, their length (degrees) and at how many points exactly two
#: lines end (lines a chain should have joined; a closed loop's two ends, or three lines
#: meeting, are no such point).
FRONT_LINES_JS = """() => {
    const map = Object.values(window).find(v => v && v instanceof L.Map), out = {};
    map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (!p || !String(p.id).startsWith("front-")) return;
        const all = l.getLatLngs(), ends = new Map();
        const lines = all.length && all[0].lat !== undefined ? [all] : all;  // a LineString
        let length = 0;
        lines.forEach((ln, i) => {
            for (let j = 1; j < ln.length; j++) length += Math.hypot(
                ln[j].lat - ln[j - 1].lat, ln[j].lng - ln[j - 1].lng);
            [ln[0], ln[ln.length - 1]].forEach(e => {
                const k = e.lat + "," + e.lng;
                ends.set(k, (ends.get(k) || []).concat([i]));
            });
        });
        const unjoined = [...ends.values()].filter(a => a.length === 2 && a[0] !== a[1]);
        out[p.id] = {lines: lines.length, length: length, endsMeeting: unjoined.length};
    });
    return out;
}"""


#: The fills of the map's paths that are neither "none", a hex colour nor a defined pattern.
BAD_FILLS_JS = """() => [...document.querySelectorAll('.leaflet-pane path')]
    .map(p => p.getAttribute('fill'))
    .filter(f => !(f === 'none' || /^#[0-9a-fA-F]{6}$/.test(f)
        || (/^url\\(#([-\\w]+)\\)$/.test(f) && document.getElementById(f.slice(5, -1)))))"""


def test_bundled_atlas_file_draws_each_preset_offline(browser, tmp_path, shots):
    from spheremap import render
    from spheremap import time as sm_time

    atlas = Atlas.load()  # bundled data that does not load is a failure
    path = export.export_atlas(atlas, tmp_path / "atlas.html")
    page, requests, errors = open_file(browser, path)
    kinds_js = """() => [...new Set(Array.from(document.querySelectorAll('[data-sm-kind]'))
        .map(e => e.getAttribute('data-sm-kind')))].sort()"""
    for label, p in sm_time.PRESETS.items():
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".sm-date")).to_have_text(p.date.isoformat())
        expected = sorted(set(render.frame_at(atlas, p.date, p.kinds)["kind"]))
        assert page.evaluate(kinds_js) == expected, label
        claims = set(atlas.control_at(p.date)["id"])
        drawn_claims = set(
            page.locator('[data-sm-kind="control"]').evaluate_all(
                "els => els.map(e => e.getAttribute('data-sm-id'))"
            )
        )
        assert drawn_claims == claims, label  # the pieces restyled to exactly that day's holders
        # every fill is a colour or a pattern the page defines (a pattern blended as if it were
        # a colour came out "#NaNNaNNaN": black)
        bad = page.evaluate(BAD_FILLS_JS)
        assert bad == [], (label, bad[:5])
        page.screenshot(path=str(shots / f"export-atlas-bundled-{label}.png"))
    # fronts: derived from control between front dates, authored on them, as in the app
    line_box = page.locator('.sm-kinds input[value="line"]')
    if not line_box.is_checked():
        line_box.check()
    for day in (date(1943, 9, 20), date(1943, 7, 4), date(1944, 8, 1)):
        page.evaluate(
            """(d) => { const s = document.querySelector('.sm-timectl input[type=range]');
                s.value = String(Math.round(Date.parse(d + 'T00:00:00Z') / 86400000));
                s.dispatchEvent(new Event('input')); }""",
            day.isoformat(),
        )
        expect(page.locator(".sm-date")).to_have_text(day.isoformat())
        lines = render.frame_at(atlas, day, ["line"])
        fronts = {i for i in lines["id"] if i.startswith("front-")}
        drawn_fronts = {
            i
            for i in page.locator('[data-sm-kind="line"]').evaluate_all(
                "els => els.map(e => e.getAttribute('data-sm-id'))"
            )
            if i.startswith("front-")
        }
        assert drawn_fronts == fronts, day
        # ... along the same edges as the app's (the page's pieces are simplified: a few per
        # cent apart), and each joined into long lines so the dashes flow along the front
        derived = lines[lines["id"].str.contains("-derived-")]
        shown = page.evaluate(FRONT_LINES_JS)
        for fid, geom in zip(derived["id"], derived.geometry, strict=True):
            length = atlas.fronts_at(day).set_index("id").geometry[fid].length
            assert shown[fid]["length"] == pytest.approx(length, rel=0.1), (day, fid)
            assert shown[fid]["endsMeeting"] == 0, (day, fid)
            assert shown[fid]["lines"] <= 3 * len(getattr(geom, "geoms", [geom])), (day, fid)
    page.screenshot(path=str(shots / "export-atlas-bundled-fronts-1944-08-01.png"))
    # ground held by a rising has its own (hatched) legend row, as in the app
    page.evaluate(
        """(d) => { const s = document.querySelector('.sm-timectl input[type=range]');
            s.value = String(Math.round(Date.parse(d + 'T00:00:00Z') / 86400000));
            s.dispatchEvent(new Event('input')); }""",
        "1944-08-15",
    )
    expect(page.locator(".sm-date")).to_have_text("1944-08-15")
    rows = page.locator(".sm-legend-row").all_inner_texts()
    assert any("held by a rising" in r for r in rows), rows
    assert requests == [path.resolve().as_uri()]
    assert errors == []
    page.context.close()


def test_atlas_page_joins_lines_and_unpacks_integers(browser, tmp_path):
    atlas = Atlas.load(HOSTILE_ROOT)
    path = export.export_atlas(atlas, tmp_path / "atlas.html")
    page, requests, errors = open_file(browser, path)
    values = [0, -1, 1, 21, -22, 924, -925, 180_000, -4_500_000]
    got = page.evaluate(
        "([t, d]) => spheremap.unpackInts(t, d)", [export.pack_ints(values), export.PACK_DIGITS]
    )
    assert got == values
    # runs as the fronts find them: one reversed, two meeting a third at one point, one apart
    runs = [[[0, 0], [0, 1]], [[0, 2], [0, 1]], [[0, 2], [1, 2]], [[0, 2], [0, 3]],
            [[5, 5], [5, 6]], [[7, 7]]]  # fmt: skip
    joined = page.evaluate("(runs) => spheremap.chainLines(runs)", runs)
    assert sorted(map(len, joined)) == [2, 2, 4]
    assert [[0, 0], [0, 1], [0, 2], [1, 2]] in joined or [[1, 2], [0, 2], [0, 1], [0, 0]] in joined
    assert runs[0] == [[0, 0], [0, 1]] and runs[1] == [[0, 2], [0, 1]]  # inputs untouched
    assert requests == [path.resolve().as_uri()] and errors == []
    page.context.close()


def test_rivers_fade_out_at_street_zoom(browser, tmp_path):
    # the authored rivers are traced within a few km: drawn at country zoom, not at street zoom
    atlas = Atlas.load()
    path = tmp_path / "view.html"
    path.write_text(export.view_html(atlas, date(1944, 8, 15), ["control"]), encoding="utf-8")
    page, requests, errors = open_file(browser, path)
    opacity_js = """() => Array.from(document.querySelectorAll('.leaflet-pane path'))
        .filter(p => p.getAttribute('stroke') === '#9CBFD3')
        .map(p => p.getAttribute('stroke-opacity'))"""
    set_view = """([lat, lon, z]) => {
        const m = Object.values(window).find(v => v && v instanceof L.Map);
        m.setView([lat, lon], z, {animate: false}); }"""
    page.evaluate(set_view, [52.2, 21.0, 7])
    page.wait_for_timeout(300)
    shown = page.evaluate(opacity_js)
    assert shown and "0" not in shown, shown
    page.evaluate(set_view, [52.23, 21.0, 12])
    page.wait_for_timeout(300)
    hidden = page.evaluate(opacity_js)
    assert hidden and set(hidden) == {"0"}, hidden
    assert requests == [path.resolve().as_uri()] and errors == []


def test_packed_polygons_are_drawn_where_python_put_them(browser, tmp_path):
    """The view ships polygons packed (spheremap.packing); the page unpacks them to the same
    outlines: every drawn feature's bounds match the GeoJSON outline's within the scale."""
    from spheremap import display, render

    atlas = Atlas.load()
    day = date(1945, 8, 15)
    kinds = ["control", "zone", "sector"]
    path = export.export_view(atlas, day, kinds, tmp_path / "view.html")
    page, requests, errors = open_file(browser, path)
    got = page.evaluate(
        """() => { const m = Object.values(window).find(v => v instanceof L.Map), out = {};
        m.eachLayer(l => { if (l.feature && l.getBounds) { const b = l.getBounds();
          out[l.feature.properties.id] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
        } }); return out; }"""
    )
    plain = render.feature_collection(
        render.frame_at(atlas, day, kinds),
        tolerance=display.VIEW_TOLERANCE,  # the view export's display copy
        detail=atlas.detail_area,
        sea=atlas.sea,
    )
    want = {}
    for f in plain["features"]:
        if f["geometry"]["type"] in ("Polygon", "MultiPolygon"):
            want[f["properties"]["id"]] = shapely.geometry.shape(f["geometry"]).bounds
    assert len(want) > 50 and set(want) <= set(got)
    for fid, bounds in want.items():
        assert max(abs(a - b) for a, b in zip(got[fid], bounds, strict=True)) <= 0.0011, fid
    assert requests == [path.resolve().as_uri()] and errors == []
    page.context.close()


#: A point of the map inside the drawn element [data-sm-id=id] (the one found on top there).
POINT_IN_JS = """id => {
    const el = document.querySelector(`[data-sm-id="${id}"]`), b = el.getBoundingClientRect();
    for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
        const x = b.left + b.width * i / 12, y = b.top + b.height * j / 12;
        if (document.elementFromPoint(x, y) === el) return [x, y];
    }
    return null;
}"""


def test_exported_popups_cite_sources_from_the_pages_bibliography(browser, tmp_path, shots):
    """The bundled 1945 view: a popup shows its sources as the app's short citations (from
    the one bibliography the page ships), and the title box lists the full citations."""
    from spheremap import render
    from spheremap import time as sm_time
    from spheremap.bibliography import source_key

    atlas = Atlas.load()  # bundled data that does not load is a failure
    p = sm_time.PRESETS["1945"]
    path = export.export_view(atlas, p.date, p.kinds, tmp_path / "v.html")
    print(f"\nview export 1945: {path.stat().st_size:,} bytes")
    view, requests, errors = open_file(browser, path)
    frame = render.frame_at(atlas, p.date, p.kinds)
    zones = frame[(frame["kind"] == "zone") & (frame["sources"].map(len) > 0)]
    row = zones.iloc[0]
    xy = view.evaluate(POINT_IN_JS, row["id"])
    assert xy, row["id"]
    view.mouse.click(*xy)
    popup = view.locator(".sm-popup")
    popup.wait_for()
    shown = popup.locator(".sm-cites li").all_inner_texts()
    want = render.citations(row["sources"], atlas.references)
    assert shown == [short for _, short, _ in want]
    assert all(short for short in shown)  # none left as a bare key
    titles = popup.locator(".sm-cites li").evaluate_all("els => els.map(e => e.title)")
    assert titles == [f"{entry}: {full}" for entry, _, full in want]
    view.wait_for_timeout(400)  # the popup fades in
    view.screenshot(path=str(shots / "export-view-popup-1945.png"))
    # the title box's sources: each key with its full citation, once
    listed = view.locator(".sm-title .sm-bib-all li").evaluate_all(
        "els => els.map(e => e.textContent)"
    )  # in a closed fold
    keys = {source_key(s) for ss in frame["sources"] for s in ss}
    assert sorted(t.split(": ", 1)[0] for t in listed) == sorted(keys)
    assert requests == [path.resolve().as_uri()]
    assert errors == []
    view.context.close()


def test_atlas_page_steps_through_pythons_change_dates(browser, tmp_path):
    # the change dates ship packed; the buttons step through them as render.change_dates lists
    from spheremap import render
    from spheremap.model import KINDS

    atlas = Atlas.load(HOSTILE_ROOT)
    path = export.export_atlas(atlas, tmp_path / "atlas.html")
    page, requests, errors = open_file(browser, path)
    changes = [d.isoformat() for d in render.change_dates(atlas, KINDS)]
    shown = page.locator(".sm-date").inner_text()
    later = [d for d in changes if d > shown]
    for want in later:  # every later change, in order, then no further
        page.locator(".sm-next").click()
        expect(page.locator(".sm-date")).to_have_text(want)
    page.locator(".sm-next").click()
    expect(page.locator(".sm-date")).to_have_text(later[-1])
    for want in reversed([d for d in changes if d < later[-1]]):  # and back to the first
        page.locator(".sm-prev").click()
        expect(page.locator(".sm-date")).to_have_text(want)
    assert len(later) >= 2 and requests == [path.resolve().as_uri()] and errors == []
    page.context.close()


def test_atlas_page_items_are_drawn_where_python_put_them(browser, tmp_path):
    """The atlas page ships its zones, sectors and spheres packed (spheremap.packing); the
    page unpacks them to the same outlines as the display geometry Python simplified."""
    from spheremap import display, render
    from spheremap import time as sm_time

    atlas = Atlas.load()
    path = export.export_atlas(atlas, tmp_path / "atlas.html")
    page, requests, errors = open_file(browser, path)
    bounds_js = """() => { const m = Object.values(window).find(v => v instanceof L.Map), out = {};
        m.eachLayer(l => { if (l.feature && l.getBounds && l.feature.properties.kind !== 'control') {
          const b = l.getBounds();
          out[l.feature.properties.id] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
        } }); return out; }"""
    checked = 0
    for label in ("1939", "1945"):  # spheres; zones and sectors
        day = sm_time.PRESETS[label].date
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".sm-date")).to_have_text(day.isoformat())
        got = page.evaluate(bounds_js)
        frame = render.frame_at(atlas, day, ["sphere", "zone", "sector"])
        geoms = render.display_geometries(frame, display.ATLAS_TOLERANCE)
        for fid, g in zip(frame["id"], geoms, strict=True):
            if g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
                continue
            assert fid in got, (label, fid)
            diff = max(abs(a - b) for a, b in zip(got[fid], g.bounds, strict=True))
            assert diff <= 0.0011, (label, fid, got[fid], g.bounds)  # 3 decimals
            checked += 1
    assert checked > 20, checked
    assert requests == [path.resolve().as_uri()] and errors == []
    page.context.close()


def test_labels_placed_while_the_map_had_no_size_show_once_it_has(browser, tmp_path):
    """Labels are placed against the map's box; one placed while the frame had no size yet (a
    busy page: the app's frame gets its height late) is cut by every edge and hidden. They are
    placed again when the map's box changes size, without waiting for the reader to move it."""
    atlas = Atlas.load()
    path = tmp_path / "view.html"
    kinds = ["control", "zone", "sector"]
    path.write_text(export.view_html(atlas, date(1945, 8, 15), kinds), encoding="utf-8")
    page, requests, errors = open_file(browser, path)
    shown_js = """() => Array.from(document.querySelectorAll('.sm-label .sm-label-text'))
        .filter(s => s.style.visibility !== 'hidden' && s.getClientRects().length).length"""
    page.evaluate(
        """() => { const m = Object.values(window).find(v => v && v instanceof L.Map);
        window.smMap = m; m.setView([52.5, 13.4], 11, {animate: false}); }"""
    )
    page.wait_for_function(f"() => ({shown_js})() >= 3", timeout=10_000)
    # the frame loses its size, the labels are placed meanwhile (hidden: all cut), and the
    # frame gets its size back without Leaflet being told (no window resize, no move)
    page.evaluate(
        """() => { const c = window.smMap.getContainer(); c.dataset.h = c.style.height;
        c.style.height = '0px'; window.smMap.fire('moveend'); }"""
    )
    assert page.evaluate(shown_js) == 0
    # two frames drawn with no size (a ResizeObserver reports what it sees once per frame:
    # a box shrunk and restored within one frame has not changed for it, nor for the reader)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => { const c = window.smMap.getContainer(); c.style.height = c.dataset.h; }")
    page.wait_for_function(f"() => ({shown_js})() >= 3", timeout=10_000)
    assert requests == [path.resolve().as_uri()] and errors == []
