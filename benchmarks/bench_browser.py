"""Issue #16 in Chromium: slider key press → the day's layers drawn, and first map after load.

Two Streamlit servers run side by side on loopback: the explorer (``app.py`` of this checkout)
and a trivial page (one date slider and a line of text), the baseline a competent user would
call the floor of any Streamlit app on this machine. For each, Debian chromium (Playwright):

- **first map**: navigation → the first drawn feature (explorer) or the text (baseline), for
  the first visitor after the start and for a later visitor;
- **key press**: ArrowRight on the focused slider → the explorer's map holds exactly the
  features Python computes for the new day (:func:`spheremap.render.collection_at`), or the
  baseline's text shows the new day; 20 moves from 21 June 1941 (control and fronts change
  almost daily that summer, so most moves redraw the map).

Prints medians with min/max and the ratio to the baseline. Never used in tests: budgets
(≤ 250 ms and ≤ 3× the baseline per move, first map ≤ 3 s) are read here, not asserted.

    python benchmarks/bench_browser.py [--moves N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from bench_sessions import App  # noqa: E402 (a Streamlit server on a free loopback port)
from benchlib import header, row  # noqa: E402

from spheremap import render  # noqa: E402
from spheremap.atlas import Atlas  # noqa: E402

TRIVIAL = """
from datetime import date
import streamlit as st
d = st.slider("Date", date(1938, 10, 1), date(1949, 12, 31), date(1941, 6, 21), key="date")
st.write("Day " + d.isoformat())
"""
START = date(1941, 6, 21)
KINDS = ("control", "line")
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DRAWN_JS = """want => { const got = new Set(Array.from(document.querySelectorAll('[data-sm-id]'))
    .map(e => e.getAttribute('data-sm-id')));
    return want.length === got.size && want.every(w => got.has(w)); }"""


def first_paint(browser, url: str, ready) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t0 = time.perf_counter()
    page.goto(url)
    ready(page)
    dt = (time.perf_counter() - t0) * 1000
    page.close()
    return dt


def explorer_moves(browser, url: str, atlas: Atlas, moves: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/?date={START}&layers={','.join(KINDS)}")
    frame_loc = page.frame_locator(FRAME).last
    frame_loc.locator("[data-sm-id]").first.wait_for(state="attached", timeout=180_000)
    frame = page.locator(FRAME).last.element_handle().content_frame()
    slider = page.locator('[data-testid="stSlider"] input[type=range]').first
    times = []
    for i in range(1, moves + 1):
        day = START + timedelta(days=i)
        want = sorted(
            f["properties"]["id"] for f in render.collection_at(atlas, day, KINDS)["features"]
        )
        slider.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("d => location.search.includes('date=' + d)", arg=str(day))
        frame.wait_for_function(DRAWN_JS, arg=want, timeout=60_000)
        times.append((time.perf_counter() - t0) * 1000)
    page.close()
    return times


def trivial_moves(browser, url: str, moves: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    page.get_by_text("Day " + START.isoformat()).wait_for(timeout=60_000)
    slider = page.locator('[data-testid="stSlider"] input[type=range]').first
    times = []
    for i in range(1, moves + 1):
        day = START + timedelta(days=i)
        slider.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.get_by_text("Day " + day.isoformat()).wait_for(timeout=60_000)
        times.append((time.perf_counter() - t0) * 1000)
    page.close()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="8 moves")
    args = ap.parse_args(argv)
    moves = 8 if args.quick else args.moves
    chromium = os.environ.get("SPHEREMAP_CHROMIUM", "/usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    atlas = Atlas.load()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "app.py").write_text(TRIVIAL, encoding="utf-8")
        trivial, explorer = App(Path(tmp)), App(REPO, launcher=True)  # as `spheremap app`
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)

                def map_ready(page):
                    page.frame_locator(FRAME).last.locator("[data-sm-id]").first.wait_for(
                        state="attached", timeout=180_000
                    )

                def text_ready(page):
                    page.get_by_text("Day 1941-06-21").wait_for(timeout=60_000)

                base_first = [first_paint(browser, trivial.url, text_ready) for _ in range(3)]
                cold = first_paint(browser, explorer.url, map_ready)
                warm = [first_paint(browser, explorer.url, map_ready) for _ in range(3)]
                base_moves = trivial_moves(browser, trivial.url, moves)
                app_moves = explorer_moves(browser, explorer.url, atlas, moves)
                browser.close()
        finally:
            trivial.stop()
            explorer.stop()
    b_first, b_move = statistics.median(base_first), statistics.median(base_moves)
    header(f"Chromium, {moves} slider moves from {START} ({', '.join(KINDS)})")
    print(row("first paint, trivial Streamlit page", base_first, "ms"))
    print(row("first map, first visitor after start", [cold], "ms", b_first))
    print(row("first map, later visitor", warm, "ms", b_first))
    print(row("key press → text updated (trivial page)", base_moves, "ms"))
    print(row("key press → day's layers drawn (explorer)", app_moves, "ms", b_move))
    return 0


if __name__ == "__main__":
    sys.exit(main())
