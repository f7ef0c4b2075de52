"""Story mode and the place timeline strip (issue #15): steps, strip spans, the app's panels."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from maptext import resolved
from streamlit.testing.v1 import AppTest

from spheremap import history, story, view
from spheremap.atlas import Atlas
from spheremap.model import InputError, SpheremapError

REPO = Path(__file__).resolve().parents[1]
HOSTILE_ROOT = REPO / "tests" / "data" / "hostile"
APP = str(REPO / "app.py")
SVGNS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def hostile():
    return Atlas.load(HOSTILE_ROOT)


@pytest.fixture
def at(monkeypatch):
    monkeypatch.setenv("SPHEREMAP_DATA", str(HOSTILE_ROOT))
    return AppTest.from_file(APP, default_timeout=60)


def group(at) -> str:
    comps = at.get("component_instance")
    return resolved(json.loads(comps[0].proto.json_args)["feature_group"])


# ----------------------------------------------------------------------------- strip
def test_strip_of_lviv_follows_its_holders(atlas):
    spans = history.strip_spans(atlas.history(24.03, 49.84))
    assert [s.power for s in spans] == ["Poland", "USSR", "Germany", "USSR"]
    starts = [s.start for s in spans]
    assert abs((starts[1] - date(1939, 9, 22)).days) <= 5
    assert abs((starts[2] - date(1941, 6, 30)).days) <= 3
    assert abs((starts[3] - date(1944, 7, 27)).days) <= 3
    # on the strip: in order, not overlapping, inside [0, 1]
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.left + a.width <= b.left + 1e-9
    assert spans[0].left == 0 and spans[-1].left + spans[-1].width == pytest.approx(1.0)


def test_strip_is_clipped_and_checks_its_window(hostile):
    h = hostile.history(25.0, 52.0)
    spans = history.strip_spans(h, start=date(1940, 1, 1), end=date(1942, 1, 1))
    assert [(s.power, s.start, s.end) for s in spans] == [
        ("USSR", date(1940, 1, 1), date(1941, 6, 22)),
        ("Germany", date(1941, 6, 22), date(1942, 1, 1)),
    ]
    assert sum(s.width for s in spans) == pytest.approx(1.0)
    with pytest.raises(InputError, match="not after"):
        history.strip_spans(h, start=date(1942, 1, 1), end=date(1940, 1, 1))


def test_strip_svg_marks_the_day_and_keeps_names_as_text(hostile):
    spans = history.strip_spans(hostile.history(19.0, 52.0))
    svg = view.history_strip_svg(spans, date(1941, 12, 5))
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter(SVGNS + "title")]
    assert any("German-held west <script>window.__pwned=1</script>" in t for t in titles)
    assert "<script" not in svg
    assert titles[-1] == "1941-12-05"  # the day marker
    fills = [r.get("fill") for r in root.iter(SVGNS + "rect")]
    from spheremap import render

    assert render.power_colour("Germany") in fills and render.power_colour("Poland") in fills


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"last_object_clicked": {"lat": 52.0, "lng": 25.0}}, (25.0, 52.0)),
        ({"last_object_clicked": {"lat": "x", "lng": 25.0}}, None),
        ({"last_object_clicked": {"lat": 95.0, "lng": 25.0}}, None),
        ({"last_object_clicked": None}, None),
        ("nonsense", None),
    ],
)
def test_clicked_lonlat_reads_only_valid_clicks(value, expected):
    assert view.clicked_lonlat(value) == expected


def test_app_click_shows_the_strip_and_a_span_moves_the_slider(at):
    at.query_params.update({"date": "1941-12-05", "layers": "control"})
    at.run()
    at.session_state["map"] = {"last_object_clicked": {"lat": 52.0, "lng": 25.0}}
    at.run()
    assert not at.exception
    buttons = [b for b in at.button if b.key and b.key.startswith("strip:")]
    assert [b.label for b in buttons] == [
        "1938-10-01 Poland",
        "1939-09-17 USSR",
        "1941-06-22 Germany",
        "1944-07-01 USSR",
    ]
    buttons[1].click().run()
    assert at.slider(key="date").value == date(1939, 9, 17)


def test_app_strip_of_lviv_matches_the_history(monkeypatch):
    """The issue's example: Lviv under Poland, the USSR, Germany, the USSR (bundled atlas)."""
    monkeypatch.delenv("SPHEREMAP_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state["map"] = {"last_object_clicked": {"lat": 49.84, "lng": 24.03}}
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button if b.key and b.key.startswith("strip:")]
    assert labels == [
        "1938-10-01 Poland",
        "1939-09-22 USSR",
        "1941-06-30 Germany",
        "1944-07-27 USSR",
    ]


# ----------------------------------------------------------------------------- story
def test_steps_are_the_dated_passages_in_order(hostile):
    doc, steps = story.document_steps(hostile, "hostile.md")
    assert [s.day for s in steps] == [
        date(1939, 9, 1), date(1939, 9, 17), date(1941, 12, 5), date(1945, 7, 1)
    ]  # fmt: skip
    assert steps[0].ids == ("west-germany",)
    assert steps[2].ids == ("line-front", "east-germany")
    assert steps[0].bounds == (16.0, 50.0, 22.0, 54.0)
    payload = story.story_payload(doc.title, steps)
    assert payload["steps"][0]["bounds"] == [[50.0, 16.0], [54.0, 22.0]]
    assert "<script>" in payload["steps"][0]["text"]  # text stays text: the runtime escapes


def test_document_lookup_and_step_index(hostile):
    with pytest.raises(InputError, match="no document 'nope'.*hostile.md"):
        story.document_steps(hostile, "nope")
    steps = story.document_steps(hostile, "hostile.md")[1]
    assert [story.step_index(steps, i) for i in (-3, 0, 2, 9, "x", None)] == [0, 0, 2, 3, 0, 0]


def test_a_document_without_dated_passages_has_no_story(hostile):
    from dataclasses import replace
    from types import SimpleNamespace

    doc = hostile.corpus.documents[0]
    bare = replace(doc, passages=tuple(replace(p, dates=()) for p in doc.passages))
    assert story.story_steps(hostile.corpus, bare, hostile.features) == ()
    corpus = SimpleNamespace(documents=[bare], features_for_passage=lambda pid: ())
    fake = SimpleNamespace(corpus=corpus, features=hostile.features)
    with pytest.raises(SpheremapError, match="no dated passage"):
        story.document_steps(fake, "hostile.md")


def test_app_story_mode_steps_and_the_map_follows(at):
    at.run()
    assert at.toggle(key="story").value is False
    at.toggle(key="story").set_value(True).run()
    assert at.button(key="story_prev").disabled
    at.button(key="story_next").click().run()
    assert not at.exception
    assert at.slider(key="date").value == date(1939, 9, 1)
    assert re.search(r'"id":"west-germany"[^}]*"color":"#000000","weight":4.0', group(at))
    assert any("Passage 1 of 4" in m.value for m in at.markdown)
    at.button(key="story_next").click().run()
    assert at.slider(key="date").value == date(1939, 9, 17)
    assert any("Red Army entered the East piece" in m.value for m in at.markdown)
    # hostile text is shown as text
    shown = next(m.value for m in at.markdown if "Red Army" in m.value)
    assert "\\<img" in shown and not re.search(r"(?<!\\)<img", shown)
    at.button(key="story_prev").click().run()
    assert at.slider(key="date").value == date(1939, 9, 1)
    for _ in range(5):
        if not at.button(key="story_next").disabled:
            at.button(key="story_next").click().run()
    assert at.slider(key="date").value == date(1945, 7, 1)
    assert at.button(key="story_next").disabled
    assert any("Passage 4 of 4" in m.value for m in at.markdown)
    assert [b.label for b in at.get("download_button") if b.key == "story_download"] == [
        "Download this story"
    ]


def test_story_page_of_steps_and_its_errors(hostile, tmp_path):
    from spheremap import export

    doc, steps = story.document_steps(hostile, "hostile.md")
    page = export.story_page(hostile, "My <b>notes</b>", steps)
    assert "<b>notes" not in page  # the title is data: escaped in the page's title and payload
    assert "My &lt;b&gt;notes&lt;/b&gt;" in page
    with pytest.raises(InputError, match="no dated passage"):
        export.story_page(hostile, "empty", ())
    from spheremap import cli

    out = tmp_path / "story.html"
    args = ["--data", str(HOSTILE_ROOT), "export", "--story", "hostile.md", "--out", str(out)]
    assert cli.main(args) == 0
    assert '"steps"' in out.read_text(encoding="utf-8")
    assert cli.main([*args[:-2], "--date", "1941-12-05", "--out", str(out)]) != 0
