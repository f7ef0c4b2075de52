"""Benchmark: the bytes of the atlas page, part by part, packed against plain JSON lists.

Builds the bundled atlas's page data once and prints, for each part (pieces with their rings,
timelines, areas and label points; claims; items per kind; fronts), its bytes as embedded
(``render.js_json``) and, for the pieces, the bytes of the baseline: the same integers as
JSON lists, as shipped before ``packing.pack_ints``. Then the time to read them back, in the
same run: medians of ``--repeats`` of the page's ``unpackInts`` over every packed string
(after ``JSON.parse`` of them) against ``JSON.parse`` of the baseline lists, in chromium (``--no-browser`` to skip).
Sizes are exact; read the times as ratios (shared, noisy machines). Not a test.

    python benchmarks/bench_atlas_size.py [--repeats 7] [--no-browser]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from spheremap import export, packing, render
from spheremap.atlas import Atlas


def size(obj) -> int:
    return len(render.js_json(obj).encode("utf-8"))


def field(pieces, key) -> int:
    """Bytes of ``"key":value,`` over the pieces that carry ``key``."""
    return sum(size(p[key]) + len(key) + 4 for p in pieces if key in p)


def unpacked(pieces) -> list[dict]:
    """The pieces with their rings and timelines as plain integer lists (the baseline)."""
    return [
        {
            **p,
            "g": [[packing.unpack_ints(r) for r in poly] for poly in p["g"]],
            "t": packing.unpack_ints(p["t"]),
        }
        for p in pieces
    ]


def browser_times(data, baseline, repeats: int) -> tuple[float, float]:
    """Median ms to parse and unpack every packed string, and to JSON.parse the baseline."""
    from playwright.sync_api import sync_playwright

    script = (render.STATIC_DIR / "spheremap.js").read_text(encoding="utf-8")
    packed = [r for p in data["pieces"] for poly in p["g"] for r in poly]
    packed = render.js_json(packed + [p["t"] for p in data["pieces"]])
    lists = render.js_json([[p["g"], p["t"]] for p in baseline])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.evaluate("() => { window.L = {}; }")
        page.add_script_tag(content=script)
        times = page.evaluate(
            """([packed, lists, digits, repeats]) => {
                const med = a => a.sort((x, y) => x - y)[a.length >> 1];
                const a = [], b = [];
                for (let k = 0; k < repeats; k++) {
                    let t = performance.now();
                    JSON.parse(packed).forEach(s => spheremap.unpackInts(s, digits));
                    a.push(performance.now() - t);
                    t = performance.now();
                    JSON.parse(lists);
                    b.push(performance.now() - t);
                }
                return [med(a), med(b)];
            }""",
            [packed, lists, data["digits"], repeats],
        )
        browser.close()
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    atlas = Atlas.load()
    t0 = time.perf_counter()
    data = export.atlas_data(atlas)
    build_s = time.perf_counter() - t0
    page = export.atlas_html(atlas)
    pieces, baseline = data["pieces"], unpacked(data["pieces"])
    print(f"atlas data built in {build_s:.1f} s; {len(pieces)} pieces")
    print(f"page: {len(page.encode('utf-8')):,} bytes (limit {export.ATLAS_MAX_BYTES:,})")

    print(f"\n{'part':28} {'bytes':>10} {'baseline':>10} {'ratio':>7}")

    def row(name, now, base=None):
        if base is None:
            print(f"{name:28} {now:10,}")
        else:
            print(f"{name:28} {now:10,} {base:10,} {now / base:7.2f}")

    row("pieces", size(pieces), size(baseline))
    row("  rings (g)", field(pieces, "g"), field(baseline, "g"))
    row("  timelines (t)", field(pieces, "t"), field(baseline, "t"))
    for key, name in (("a", "  areas (a)"), ("p", "  label points (p)"), ("q", "  scales (q)")):
        row(name, field(pieces, key))
    row("claims", size(data["claims"]))
    for key, value in data["claims"].items():
        row(f"  {key}", size(value))
    row("items", size(data["items"]))
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for it in data["items"]:
        per_kind[it["e"][0]["kind"]][0] += size(it["g"])
        per_kind[it["e"][0]["kind"]][1] += size(it["e"])
    for kind, (g, e) in sorted(per_kind.items()):
        row(f"  {kind} geometry / entries", g + e)
    row("fronts", size(data["fronts"]))
    rest = size(data) - sum(size(data[k]) for k in ("pieces", "claims", "items", "fronts"))
    row("rest of the data", rest)

    if not args.no_browser:
        unpack_ms, parse_ms = browser_times(data, baseline, args.repeats)
        print(f"\nreading the pieces' integers in chromium, median of {args.repeats}:")
        print(f"  JSON.parse of the lists (baseline) {parse_ms:8.1f} ms")
        print(
            f"  JSON.parse + unpackInts (packed)   {unpack_ms:8.1f} ms  "
            f"({unpack_ms / parse_ms:.1f}x the baseline)"
        )


if __name__ == "__main__":
    main()
