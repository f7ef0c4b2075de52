"""Issue #16 paths besides ``where``: slider payload, warm start, corpus JSON, atlas export.

Each figure is printed as a median with min/max over repeats and a ratio against a baseline
measured in the same run:

1. **Slider step payload**: what ``st_folium`` is given on a step that changes the map (map
   script + header + html + dated feature group, as streamlit-folium builds them), with the
   basemap loaded by URL (:func:`spheremap.render.basemap_asset`) and the features sent by
   reference (:class:`spheremap.render.FeatureStore`), against the basemap and features
   embedded in the map script (the old path); and the stored features a browser fetches on
   the step to the next change date, having drawn the day before.
2. **Warm start**: in a fresh process, how long the first request waits for the first page's
   work (atlas, documents, opening layers) with :func:`spheremap.launcher.warm_start` running
   beside the server (visitor at once, or after the warm-up), against that work done cold on
   the first request. (The browser figure, first map in Chromium on a
   fresh server, is measured by hand: see the report in issue #16.)
3. **Corpus.to_json** on a generated document (copies of the bundled text), against the old
   per-passage scan of every link, for two sizes, with the growth exponent.
4. **Atlas export pieces**: :func:`spheremap.export.atlas_data` trusting the coverage the
   load checked, against re-checking it (``coverage_is_valid`` on every piece); page size.

    python benchmarks/bench_app_paths.py [--quick] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from benchlib import header, row, timed  # noqa: E402

from spheremap import export, render, view  # noqa: E402
from spheremap.atlas import Atlas  # noqa: E402
from spheremap.links import Corpus  # noqa: E402


# ----------------------------------------------------------------------------- 1. payload
def step_payload(atlas: Atlas, day: date, asset, store=None) -> int:
    """Bytes of the arguments st_folium sends for one step (as streamlit-folium builds them)."""
    import streamlit_folium as sf

    kinds = view.kinds_from_toggles({f: True for f in view.FAMILIES})
    m = render.base_map(render.basemap_collection(atlas.basemap), basemap_asset=asset)
    fg = render.dated_group(render.payload_at(atlas, day, kinds, store=store))
    m.get_root().render()
    html, head = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    group = sf._get_feature_group_string(fg, map=m, idx=0)
    return len(json.dumps({"script": script, "header": head, "html": html, "feature_group": group}))


def fetched_on_step(atlas: Atlas, before: date, day: date, store) -> int:
    """Bytes of the stored features a browser that drew ``before`` fetches to draw ``day``."""
    kinds = view.kinds_from_toggles({f: True for f in view.FAMILIES})

    def refs(d: date) -> set[str]:
        data = json.loads(render.payload_at(atlas, d, kinds, store=store).data_json)
        return {f["ref"] for f in data["features"] if "ref" in f}

    new = refs(day) - refs(before)
    return sum((store.folder / f"{r}.json").stat().st_size for r in new)


def bench_payload(atlas: Atlas, repeats: int) -> None:
    header("1. slider step that changes the map: bytes given to st_folium")
    days = [date(1939, 10, 15), date(1941, 6, 22), date(1944, 6, 6), date(1948, 6, 24)]
    with tempfile.TemporaryDirectory() as tmp:
        asset = render.basemap_asset(render.basemap_collection(atlas.basemap), tmp)
        store = render.feature_store(tmp)
        old = [step_payload(atlas, d, None) / 1000 for d in days]
        url = [step_payload(atlas, d, asset) / 1000 for d in days]
        new = [step_payload(atlas, d, asset, store) / 1000 for d in days]
        kinds = view.kinds_from_toggles({f: True for f in view.FAMILIES})
        # the step to the next change date, after the day before was drawn
        steps = []
        for d in days:
            nxt = min(c for c in render.change_dates(atlas, kinds) if c > d)
            steps.append(fetched_on_step(atlas, d, nxt, store) / 1000)
        t_old, _ = timed(lambda: step_payload(atlas, days[1], None), repeats)
        t_new, _ = timed(lambda: step_payload(atlas, days[1], asset, store), repeats)
    base = statistics.median(old)
    print(row("basemap and features inline (older)", old, "kB"))
    print(row("basemap loaded once by URL (previous)", url, "kB", base))
    print(row("  + features by reference (now)", new, "kB", base))
    print(row("  + features fetched on the next change", steps, "kB", base))
    print(row("  Python time per step, embedded (old)", [t * 1000 for t in t_old], "ms"))
    print(
        row(
            "  Python time per step, by reference (now)",
            [t * 1000 for t in t_new],
            "ms",
            statistics.median(t_old) * 1000,
        )
    )


# ----------------------------------------------------------------------------- 2. warm start
_CHILD = """
import sys, time, threading
sys.path.insert(0, {src!r})
from spheremap import launcher, render, view
mode = {mode!r}
if mode != "cold":  # what serve() runs beside the server
    th = threading.Thread(target=launcher.warm_start, args=(None,))
    th.start()
    if mode == "later":  # the visitor comes once the warm-up is done
        th.join()
t0 = time.perf_counter()
atlas = launcher.app_atlas(None)
atlas.corpus
initial, _ = view.from_query({{}})
render.payload_at(atlas, initial.date, initial.kinds, ())
print(time.perf_counter() - t0)
"""


def first_request(mode: str) -> float:
    code = _CHILD.format(src=str(REPO / "src"), mode=mode)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_warm(repeats: int) -> None:
    header("2. first request's atlas, documents and opening layers (fresh process)")
    cold = [first_request("cold") for _ in range(repeats)]
    now = [first_request("now") for _ in range(repeats)]
    later = [first_request("later") for _ in range(repeats)]
    base = statistics.median(cold)
    print(row("cold: built on the first request (old)", cold, "s"))
    print(row("warm start, visitor at once (now)", now, "s", base))
    print(row("warm start, visitor after the warm-up (now)", later, "s", base))


# ----------------------------------------------------------------------------- 3. to_json
def old_to_json_links(corpus: Corpus) -> list:
    """The old path: every passage scanned every link."""
    return [
        [{"feature": lk.feature, "how": lk.how} for lk in corpus.links if lk.passage == p.id]
        for p in corpus.passages
    ]


def bench_corpus(atlas: Atlas, sizes: Sequence[int], repeats: int) -> None:
    header("3. Corpus.to_json on a generated document (copies of the bundled text)")
    text = next((atlas.root / "documents").glob("*.wiki")).read_text(encoding="utf-8")
    medians: dict[str, list[float]] = {"old": [], "new": []}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.wiki"
            path.write_text("".join(f"\n== Copy {i} ==\n{text}\n" for i in range(n)))
            t_link, corpus = timed(lambda p=path: Corpus.for_atlas(atlas, p), 1)
        t_old, links = timed(lambda c=corpus: old_to_json_links(c), repeats)
        t_new, out = timed(lambda c=corpus: c.to_json(), repeats)
        # same answer as the old path (which knew only the feature and the rule of a link)
        assert [[{k: lk[k] for k in ("feature", "how")} for lk in o["links"]] for o in out] == links
        label = f"{n} copies ({len(corpus.passages)} passages, {len(corpus.links)} links)"
        print(f"  {label}: linking took {t_link[0]:.1f} s")
        print(row("  links per passage, scanning (old)", t_old, "s"))
        print(row("  to_json, whole (now)", t_new, "s", statistics.median(t_old)))
        medians["old"].append(statistics.median(t_old))
        medians["new"].append(statistics.median(t_new))
    if len(sizes) >= 2:
        for k, v in medians.items():
            if v[0] > 0 and v[-1] > 0:
                exp = math.log(v[-1] / v[0]) / math.log(sizes[-1] / sizes[0])
                print(f"  growth exponent {k}: {exp:.2f} (1 = linear, 2 = quadratic)")


# ----------------------------------------------------------------------------- 4. export
def bench_export(atlas: Atlas, repeats: int) -> None:
    header("4. atlas page data (atlas_data), bundled atlas")
    unchecked = Atlas(atlas.features, root=atlas.root, basemap=atlas.basemap)
    # share the costly cached geometry so only the coverage check differs
    unchecked.__dict__["sea"] = atlas.sea  # cached properties
    unchecked.__dict__["detail_area"] = atlas.detail_area
    t_old, _ = timed(lambda: export.atlas_data(unchecked), repeats)
    t_new, data = timed(lambda: export.atlas_data(atlas), repeats)
    print(row("re-checking the coverage (old)", t_old, "s"))
    print(row("trusting the load's check (now)", t_new, "s", statistics.median(t_old)))
    t0 = time.perf_counter()
    page = export.atlas_html(atlas)
    print(f"  atlas page: {len(page) / 1e6:.2f} MB, produced in {time.perf_counter() - t0:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for make bench")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    t0 = time.perf_counter()
    atlas = Atlas.load()
    print(f"Atlas.load: {time.perf_counter() - t0:.1f} s; repeats: {repeats}")
    bench_payload(atlas, repeats)
    bench_warm(1 if args.quick else 3)
    bench_corpus(atlas, (10, 40) if args.quick else (50, 300), repeats)
    bench_export(atlas, repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
