"""Issue #15: still images and story pages, against the HTML view export of the same day.

For each preset day: the scene (frame, projection, labels), the SVG text and the PNG
(Pillow at 2x, then downscaled), each as a median with min/max over repeats, with a ratio
against :func:`spheremap.export.view_html` of the same day (the export a user had before, an
HTML page for the browser) measured in the same run; then the sizes. Last, the story page of
the bundled document against the atlas page it extends (time and bytes).

    python benchmarks/bench_images.py [--quick] [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from benchlib import row, timed  # noqa: E402

from spheremap import export, image  # noqa: E402
from spheremap import time as sm_time  # noqa: E402
from spheremap.atlas import Atlas  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="one preset, fewer repeats")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    repeats = 2 if args.quick else args.repeats
    atlas = Atlas.load()
    presets = list(sm_time.PRESETS.values())[: 1 if args.quick else None]
    print(f"{'':46} {'median':>12} {'min':>12} {'max':>12} {'unit':8} {'ratio':>10}")
    for p in presets:
        print(f"\n{p.date.isoformat()}")
        export.view_html(atlas, p.date)  # warm the atlas's caches for both sides
        t_view, page = timed(lambda d=p.date: export.view_html(atlas, d), repeats)
        base = statistics.median(t_view) * 1000
        t_scene, sc = timed(lambda d=p.date: image.scene(atlas, d), repeats)
        t_svg, svg = timed(lambda s=sc: image.to_svg(s), repeats)
        t_png, png = timed(lambda s=sc: image.to_png(s), repeats)
        print(row("HTML view export (baseline)", [t * 1000 for t in t_view], "ms"))
        print(row("image scene", [t * 1000 for t in t_scene], "ms", base))
        print(row("  + SVG text", [t * 1000 for t in t_svg], "ms", base))
        print(row("  + PNG (2x, downscaled)", [t * 1000 for t in t_png], "ms", base))
        kb = len(page.encode()) / 1024
        print(row("HTML view size", [kb], "KiB"))
        print(row("SVG size", [len(svg.encode()) / 1024], "KiB", kb))
        print(row("PNG size", [len(png) / 1024], "KiB", kb))
    print("\nstory page (stalin_pact_war_yalta.wiki)")
    t_atlas, atlas_page = timed(lambda: export._atlas_html.__wrapped__(atlas), 1)
    t_story, story_page = timed(
        lambda: export.story_html(atlas, "stalin_pact_war_yalta.wiki"), 1 if args.quick else 2
    )
    print(row("atlas page (baseline)", t_atlas, "s"))
    print(row("story page", t_story, "s", statistics.median(t_atlas)))
    a_kb = len(atlas_page.encode()) / 1024
    print(row("atlas page size", [a_kb], "KiB"))
    print(row("story page size", [len(story_page.encode()) / 1024], "KiB", a_kb))


if __name__ == "__main__":
    main()
