"""Rendering speed and size: medians and ratios against baselines measured in the same run.

Usage::

    python benchmarks/bench_render.py [--root geodata/] [--repeat 7] [--browser]

Python part (always):

* baseline: folium's own route, ``folium.GeoJson`` with a ``GeoJsonTooltip`` over the same frame
  (raw geometry), rendered to HTML;
* spheremap: the app's layer payload uncached (simplified, rounded, styled) and cached (a slider
  day inside the same change-date interval), a view export and the atlas export.

``--browser``: the explorer in Debian chromium; median time from one slider key press across a
change date to the new layer drawn, against the baseline of reloading the page to the same view
(what a remount costs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import folium

from spheremap import export, render
from spheremap import time as sm_time
from spheremap.atlas import Atlas

REPO = Path(__file__).resolve().parents[1]


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def python_part(atlas: Atlas, repeat: int) -> None:
    day = sm_time.PRESETS["1939"].date
    kinds = sm_time.PRESETS["1939"].kinds
    frame = render.frame_at(atlas, day, kinds)
    print(f"features drawn on {day}: {len(frame)}")

    def baseline():
        m = folium.Map(tiles=None)
        folium.GeoJson(
            frame.to_json(default=str),
            tooltip=folium.GeoJsonTooltip(fields=["name", "power", "status"]),
        ).add_to(m)
        return m.get_root().render()

    def ours_uncached():
        fc = render.feature_collection(frame, tolerance=0.02)
        m = render.base_map()
        render.dated_group(fc).add_to(m)
        return m.get_root().render()

    render.collection_at(atlas, day, kinds)  # warm

    def ours_cached():
        fc = render.collection_at(atlas, day, kinds)
        m = render.base_map()
        render.dated_group(fc).add_to(m)
        return m.get_root().render()

    base = median_ms(baseline, repeat)
    rows = [
        ("folium GeoJson + tooltip (baseline)", base, len(baseline())),
        ("spheremap layer, uncached", median_ms(ours_uncached, repeat), len(ours_uncached())),
        ("spheremap layer, cached snapshot", median_ms(ours_cached, repeat), len(ours_cached())),
        (
            "view export (inlined)",
            median_ms(lambda: export.view_html(atlas, day, kinds), repeat),
            len(export.view_html(atlas, day, kinds).encode()),
        ),
        (
            "atlas export (inlined, uncached)",
            median_ms(lambda: (export._atlas_html.cache_clear(), export.atlas_html(atlas)), 3),
            len(export.atlas_html(atlas).encode()),
        ),
    ]
    print(f"{'variant':40s} {'median ms':>10s} {'ratio':>7s} {'bytes':>10s}")
    for name, ms, size in rows:
        print(f"{name:40s} {ms:10.1f} {ms / base:7.2f} {size:10d}")


def browser_part(root: Path | None, repeat: int) -> None:
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server
    from playwright.sync_api import sync_playwright

    atlas = Atlas.load(root)
    changes = [d for d in atlas.change_dates() if d > sm_time.RANGE_START]
    picks = changes[:: max(1, len(changes) // repeat)][:repeat]
    server = Server(root)
    steps, reloads = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            for change in picks:
                before = date.fromordinal(change.toordinal() - 1).isoformat()
                url = f"{server.url}/?date={before}&layers=control,sphere,zone,sector,line,event"
                t = time.perf_counter()
                page.goto(url)
                frame = page.frame_locator(MAP_FRAME).last
                frame.locator("[data-sm-id]").first.wait_for(timeout=30_000)
                reloads.append((time.perf_counter() - t) * 1000)
                handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
                handle.evaluate("() => { window.__smBench = 0; }")
                signature = handle.evaluate(
                    "() => Array.from(document.querySelectorAll('[data-sm-id]'))"
                    ".map(e => e.getAttribute('data-sm-id')).sort().join()"
                )
                page.locator('[data-testid="stSlider"] input[type=range]').first.focus()
                t = time.perf_counter()
                page.keyboard.press("ArrowRight")
                handle.wait_for_function(
                    "sig => Array.from(document.querySelectorAll('[data-sm-id]'))"
                    ".map(e => e.getAttribute('data-sm-id')).sort().join() !== sig",
                    arg=signature,
                    timeout=30_000,
                )
                steps.append((time.perf_counter() - t) * 1000)
                assert handle.evaluate("() => window.__smBench") == 0, "map remounted"
            browser.close()
    finally:
        server.stop()
    step, reload = statistics.median(steps), statistics.median(reloads)
    print(f"\nbrowser, {len(steps)} change dates")
    print(f"{'page reload to layers drawn (baseline)':40s} {reload:10.0f} ms {1.0:7.2f}")
    print(f"{'slider step to new layers drawn':40s} {step:10.0f} ms {step / reload:7.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=None, help="geodata folder (default: bundled)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--browser", action="store_true", help="also time the app in chromium")
    args = ap.parse_args()
    atlas = Atlas.load(args.root)
    python_part(atlas, args.repeat)
    if args.browser:
        browser_part(args.root, min(args.repeat, 5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
