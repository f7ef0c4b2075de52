"""Benchmark: bytes the browser gets per slider step, view export and atlas export, by display
tolerance, against the tolerances used before the display copy (issue #11), in the same run.

For each preset day (1939, 1941, 1945) the slider payload (``render.feature_collection`` of the
day's frame, as ``render.payload_at`` builds it) is built at the old tolerance (0.02 degree) and
at each zoom tolerance (``display.zoom_tolerance``: one pixel at zoom 4-7); the view export of the
1945 preset at the old 0.01 and the new view tolerance; the atlas export's control pieces at the
old 0.02 and the new atlas tolerance. Prints bytes, vertices and the median build time, and
each as a ratio to the old value. Sizes are exact; read times as ratios (shared machines).
Not a test.

    python benchmarks/bench_display.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics

import shapely
from benchlib import timed

from spheremap import display, export, render
from spheremap import time as sm_time
from spheremap.atlas import Atlas

OLD_SLIDER, OLD_VIEW, OLD_ATLAS = 0.02, 0.01, 0.02


def payload(atlas: Atlas, frame, tol: float) -> tuple[int, int]:
    fc = render.feature_collection(frame, tolerance=tol, detail=atlas.detail_area, sea=atlas.sea)
    coords = sum(
        int(shapely.get_num_coordinates(shapely.geometry.shape(f["geometry"])))
        for f in fc["features"]
    )
    return len(render.layer_payload(fc).data_json.encode("utf-8")), coords


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    atlas = Atlas.load()
    print(f"{'what':34} {'tolerance':>9} {'bytes':>10} {'ratio':>6} {'vertices':>9} {'ms':>8}")

    def row(what, tol, size, base, verts, ms):
        print(f"{what:34} {tol:9.4f} {size:10,} {size / base:6.2f} {verts:9,} {ms:8.0f}")

    for label in ("1939", "1941", "1945"):
        preset = sm_time.PRESETS[label]
        frame = render.frame_at(atlas, preset.date, preset.kinds)
        base = None
        tols = [("old", OLD_SLIDER)] + [
            (f"zoom {z}", display.zoom_tolerance(z)) for z in (7, 6, 5, 4)
        ]
        tols.append(("new (SLIDER_TOLERANCE)", display.SLIDER_TOLERANCE))
        for name, tol in tols:
            times, (size, verts) = timed(lambda t=tol, f=frame: payload(atlas, f, t), args.repeats)
            base = base or size
            row(f"slider {label} {name}", tol, size, base, verts, 1000 * statistics.median(times))

    preset = sm_time.PRESETS["1945"]
    sizes = {}
    for name, tol in (("old", OLD_VIEW), ("new", display.VIEW_TOLERANCE)):
        original = display.VIEW_TOLERANCE
        display.VIEW_TOLERANCE = tol
        try:
            times, page = timed(lambda: export.view_html(atlas, preset.date, preset.kinds), 1)
        finally:
            display.VIEW_TOLERANCE = original
        sizes[name] = len(page.encode("utf-8"))
        row(f"view export 1945 {name}", tol, sizes[name], sizes["old"], 0, 1000 * times[0])

    for name, tol in (("old", OLD_ATLAS), ("new", display.ATLAS_TOLERANCE)):
        original = display.ATLAS_TOLERANCE
        display.ATLAS_TOLERANCE = tol
        try:
            export._atlas_html.cache_clear()
            times, page = timed(lambda: export.atlas_html(atlas), 1)
        except Exception as exc:  # the old tolerance may exceed the page limit
            print(f"atlas export {name}: {exc}")
            continue
        finally:
            display.ATLAS_TOLERANCE = original
        sizes[f"atlas {name}"] = len(page.encode("utf-8"))
        row(
            f"atlas export {name}",
            tol,
            sizes[f"atlas {name}"],
            sizes.get("atlas old", sizes[f"atlas {name}"]),
            0,
            1000 * times[0],
        )


if __name__ == "__main__":
    main()
