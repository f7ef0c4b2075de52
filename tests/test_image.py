"""PNG and SVG images of a day (``spheremap export --date D --png/--svg``), drawn without a browser."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from spheremap import cli, image, render
from spheremap import time as sm_time
from spheremap.atlas import Atlas

SVGNS = "{http://www.w3.org/2000/svg}"
HOSTILE_ROOT = Path(__file__).parent / "data" / "hostile"
LAND = np.array([0xF6, 0xF3, 0xEA], dtype=float)
PRESET_DAYS = {p.label: p.date for p in sm_time.PRESETS.values()}

#: (preset, place, (lon, lat), the power whose colour the place's pixel must carry)
PLACES = [
    ("1939", "Warsaw", (21.01, 52.23), "Germany"),
    ("1939", "Lviv", (24.03, 49.84), "USSR"),
    ("1939", "Paris", (2.35, 48.86), "France"),
    ("1939", "London", (-0.12, 51.50), "UK"),
    ("1941", "Berlin", (13.40, 52.52), "Germany"),
    ("1941", "Paris", (2.35, 48.86), "Germany"),
    ("1941", "Lviv", (24.03, 49.84), "Germany"),
    ("1941", "Rome", (12.50, 41.90), "Italy"),
    ("1945", "Berlin", (13.40, 52.52), "USSR"),
    ("1945", "Leipzig", (12.37, 51.34), "USSR"),
    ("1945", "Munich", (11.58, 48.14), "US"),
    ("1945", "Paris", (2.35, 48.86), "France"),
    ("1945", "Lviv", (24.03, 49.84), "USSR"),
]


def nearest_power(pixel) -> tuple[str, float]:
    """The palette power whose colour, laid over the land at some opacity, is nearest ``pixel``."""
    px = np.asarray(pixel[:3], dtype=float)
    best = ("", np.inf)
    alphas = np.linspace(0.2, 1.0, 33)[:, None]
    for power, colour in render.POWER_COLOURS.items():
        if power in ("Axis", "Allies", "four-power", "contested", "none"):
            continue
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
        d = float(np.min(np.linalg.norm(alphas * rgb + (1 - alphas) * LAND - px, axis=1)))
        if d < best[1]:
            best = (power, d)
    return best


@pytest.fixture(scope="module")
def scenes(atlas):
    return {label: image.scene(atlas, day) for label, day in PRESET_DAYS.items()}


@pytest.fixture(scope="module")
def pngs(scenes):
    return {label: Image.open(io.BytesIO(image.to_png(sc))) for label, sc in scenes.items()}


@pytest.mark.parametrize("label", sorted(PRESET_DAYS))
def test_png_is_a_valid_image_of_the_scene_size(pngs, scenes, label):
    img = pngs[label]
    img.verify  # noqa: B018 - opened by Pillow: a PNG header and data it can read
    assert img.format == "PNG"
    assert img.size == (scenes[label].width, scenes[label].height)
    assert img.convert("RGB").getextrema() != ((255, 255), (255, 255), (255, 255))


@pytest.mark.parametrize(("label", "place", "lonlat", "power"), PLACES)
def test_png_pixel_of_a_place_has_its_holders_colour(pngs, scenes, label, place, lonlat, power):
    x, y = scenes[label].pixel(*lonlat)
    pixel = pngs[label].convert("RGB").getpixel((round(x), round(y)))
    found, distance = nearest_power(pixel)
    assert (found, distance < 30) == (power, True), (place, label, pixel, found, distance)


@pytest.mark.parametrize("label", sorted(PRESET_DAYS))
def test_svg_parses_and_carries_title_colours_and_legend(scenes, label):
    sc = scenes[label]
    root = ET.fromstring(image.to_svg(sc).encode("utf-8"))
    assert root.tag == SVGNS + "svg"
    texts = [t.text for t in root.iter(SVGNS + "text")]
    day = PRESET_DAYS[label]
    assert f"{day.day} {day.strftime('%B %Y')}" in texts
    fills = {p.get("fill") for p in root.iter(SVGNS + "path")}
    # the powers holding ground that day are drawn in their palette colours
    for power in {"1939": ("Germany", "USSR", "France"), "1941": ("Germany", "USSR", "Italy"),
                  "1945": ("USSR", "US", "UK", "France")}[label]:  # fmt: skip
        assert render.POWER_COLOURS[power] in fills, power
        assert f"{power}: held" in texts
    if label == "1939":  # spheres are hatched: a pattern per colour, used by paths
        ids = {p.get("id") for p in root.iter(SVGNS + "pattern")}
        used = {f[5:-1] for f in fills if f and f.startswith("url(#")}
        assert used and used <= ids
    assert {t.text for t in root.iter(SVGNS + "text")} >= {"Soviet Union", "Legend"}


def test_svg_and_png_draw_the_same_rows(scenes):
    """One scene for both formats: each drawn feature is one SVG element."""
    sc = scenes["1941"]
    root = ET.fromstring(image.to_svg(sc).encode("utf-8"))
    drawn = [
        el
        for g in root.iter(SVGNS + "g")
        if (g.get("class") or "").startswith("layer-")
        for el in g
    ]
    assert len(drawn) == len(sc.shapes)


def test_hostile_names_are_xml_text(tmp_path):
    hostile = Atlas.load(HOSTILE_ROOT)
    sc = image.scene(hostile, date(1941, 12, 5))
    names = [s.name for s in sc.shapes]
    assert any("<script>" in n for n in names)
    text = image.to_svg(sc)
    assert "<script" not in text and "<img" not in text
    root = ET.fromstring(text.encode("utf-8"))
    titles = [t.text for t in root.iter(SVGNS + "title")]
    assert "German-held west <script>window.__pwned=1</script>" in titles
    assert not list(root.iter(SVGNS + "script"))


def test_text_xml_cannot_hold_is_dropped_not_fatal(scenes):
    sc = scenes["1939"]
    bad = image.Label(10.0, 10.0, image.clean_text('a\x00b\x1b<c>&"d\ud800'))
    from dataclasses import replace

    root = ET.fromstring(image.to_svg(replace(sc, labels=(bad,))).encode("utf-8"))
    assert 'ab<c>&"d' in [t.text for t in root.iter(SVGNS + "text")]


def test_cli_writes_png_and_svg(tmp_path, capsys):
    png, svg = tmp_path / "day.png", tmp_path / "day.svg"
    args = ["--data", str(HOSTILE_ROOT), "export", "--date", "1945-08-15"]
    assert cli.main([*args, "--png", str(png), "--svg", str(svg), "--width", "400"]) == 0
    assert Image.open(png).size[0] == 400 + image.MARGIN * 2 + image.LEGEND_WIDTH
    ET.parse(svg)
    out = capsys.readouterr().out
    assert f"wrote {png}" in out and f"wrote {svg}" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--png", "X"], "need --date"),
        (["--date", "1945-08-15", "--png", "X", "--atlas"], "exclude"),
        (["--date", "1945-13-01", "--png", "X"], "not a real day"),
        (["--date", "1945-08-15", "--png", "/nonexistent/dir/x.png"], "folder does not exist"),
        (["--date", "1945-08-15", "--svg", "X", "--width", "50"], "between 200 and 8000"),
        (["--date", "1945-08-15"], "needs --out"),
    ],
)
def test_cli_image_errors_are_one_line(tmp_path, capsys, extra, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["--data", str(HOSTILE_ROOT), "export", *extra])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "X").exists()
