"""The Streamlit app's logic with AppTest: slider, presets, toggles, clicks, passages, URL state.

Runs ``app.py`` against ``tests/data/hostile`` (features and passages with hostile text, curated
links). The map is a component: what it was sent is read from its JSON arguments.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from spheremap import view
from spheremap.model import InputError

REPO = Path(__file__).resolve().parents[1]
HOSTILE_ROOT = REPO / "tests" / "data" / "hostile"
APP = str(REPO / "app.py")


@pytest.fixture
def at(monkeypatch):
    monkeypatch.setenv("SPHEREMAP_DATA", str(HOSTILE_ROOT))
    return AppTest.from_file(APP, default_timeout=60)


def map_args(at) -> dict:
    comps = at.get("component_instance")
    assert len(comps) == 1, "exactly one map"
    return json.loads(comps[0].proto.json_args)


def drawn(at) -> set[str]:
    return set(re.findall(r'"id":"([^"]+)"', map_args(at)["feature_group"] or ""))


def query(at) -> dict:
    return {
        k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
        for k in at.query_params
    }


def test_first_run_shows_the_1939_preset(at):
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == date(1939, 10, 15)
    assert drawn(at) == {"west-germany", "east-ussr", "sphere-german", "sphere-soviet"}
    assert query(at)["date"] == "1939-10-15"
    assert query(at)["layers"] == "control,sphere,line,event"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download this view", "Download the atlas"]


def test_map_assets_are_local(at):
    at.run()
    args = map_args(at)
    assert args["js_links"] and args["css_links"]
    for url in args["js_links"] + args["css_links"]:
        assert url.startswith("/app/static/"), url
        assert (REPO / "static" / url[len("/app/static/") :]).is_file()
    for part in ("script", "header", "html", "feature_group"):
        assert not re.search(r"https?://", args[part] or ""), part  # no CDN, no tiles


def test_basemap_is_loaded_once_by_url_not_sent_with_every_step(tmp_path, monkeypatch):
    """A slider step resends the map's script: the basemap must not be in it (issue #16)."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(HOSTILE_ROOT, root)
    (root / "basemap").mkdir()
    lake = [[17.75, 47.75], [19.5, 47.75], [19.5, 49.25], [17.75, 47.75]]
    (root / "basemap" / "lakes.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Test lake"},
                        "geometry": {"type": "Polygon", "coordinates": [lake]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SPHEREMAP_DATA", str(root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    for day in (None, date(1941, 6, 22)):
        if day:
            at.slider(key="date").set_value(day).run()
        args = map_args(at)
        assert "47.75" not in args["script"]  # the lake's data is not in the map script
        assert "spheremapBasemaps" in args["script"]
        urls = [u for u in args["js_links"] if "/generated/basemap-" in u]
        assert len(urls) == 1, args["js_links"]
        asset = REPO / "static" / urls[0][len("/app/static/") :]
        assert "[17.75,47.75]" in asset.read_text(encoding="utf-8")  # served once, by URL


def test_slider_moves_the_map_at_change_dates_only(at):
    at.run()
    group_before = map_args(at)["feature_group"]
    at.slider(key="date").set_value(date(1939, 10, 16)).run()
    assert map_args(at)["feature_group"] == group_before  # same snapshot: same layers
    at.slider(key="date").set_value(date(1941, 6, 22)).run()
    assert drawn(at) == {"west-germany", "east-germany"}
    assert query(at)["date"] == "1941-06-22"


def test_presets_set_day_and_layers(at):
    at.run()
    at.button(key="preset:1945").click().run()
    assert at.slider(key="date").value == date(1945, 8, 15)
    assert at.toggle(key="fam:Zones and sectors").value is True
    assert at.toggle(key="fam:Spheres of influence").value is False
    assert drawn(at) == {"west-ussr", "east-ussr-2", "zone-us"}
    assert query(at)["layers"] == "control,zone,sector,line,event"
    args = map_args(at)
    assert (tuple(args["center"]), args["zoom"]) == view.PRESET_VIEWS["1945"]  # frames the story
    at.button(key="preset:1941").click().run()
    assert drawn(at) == {"west-germany", "east-germany", "line-front"}


def test_layer_toggles(at):
    at.run()
    at.toggle(key="fam:Control and occupations").set_value(False).run()
    assert drawn(at) == {"sphere-german", "sphere-soviet"}
    assert query(at)["layers"] == "sphere,line,event"


def test_previous_and_next_change(at):
    at.run()
    at.button(key="next").click().run()
    assert at.slider(key="date").value == date(1941, 6, 22)
    at.button(key="prev").click().run()
    assert at.slider(key="date").value == date(1939, 9, 17)
    # steps follow the layers shown: the front line (1941-12-05) only counts when lines are on
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    assert at.slider(key="date").value == date(1941, 12, 5)
    at.toggle(key="fam:Lines and fronts").set_value(False).run()
    at.button(key="prev").click().run()
    at.button(key="next").click().run()
    assert at.slider(key="date").value == date(1944, 7, 1)


def test_clicking_a_feature_lists_its_passages_and_choosing_one_fits_the_map(at):
    at.query_params["date"] = "1941-12-05"
    at.query_params["layers"] = "control"
    at.run()
    at.session_state["map"] = {"last_active_drawing": {"properties": {"id": "east-germany"}}}
    at.run()
    assert any("1 passage speaks of it:" in m.value for m in at.markdown)
    assert query(at)["feature"] == "east-germany"
    button = next(b for b in at.button if b.key.startswith("link:"))
    assert "5 December 1941" in button.label
    button.click().run()
    assert query(at)["passage"] == button.key[len("link:") :]
    assert at.slider(key="date").value == date(1941, 12, 5)
    args = map_args(at)
    assert args["zoom"] is not None and args["center"] is not None
    # the passage's features are highlighted (heavy black outline)
    assert '"color":"#000000","weight":4.0' in args["feature_group"]


def test_show_on_map_from_the_document(at):
    at.run()
    show = [b for b in at.button if b.key.startswith("show:")]
    assert len(show) == 4  # every passage of the fixture has curated links
    front = next(b for b in show if b.key == "show:" + passage_id("the front stood"))
    front.click().run()
    assert at.slider(key="date").value == date(1941, 12, 5)
    group = map_args(at)["feature_group"]
    # 1939 preset layers stay on: the control row of the east piece is highlighted
    assert re.search(r'"id":"east-germany"[^}]*"color":"#000000","weight":4.0', group)


def test_link_with_a_passage_highlights_and_fits(at):
    pid = passage_id("US zone was occupied")
    at.query_params.update({"date": "1945-08-15", "layers": "control,zone", "passage": pid})
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == date(1945, 8, 15)  # the link's date wins
    args = map_args(at)
    assert args["zoom"] is not None
    assert re.search(r'"id":"zone-us"[^}]*"color":"#000000","weight":4.0', args["feature_group"])
    assert query(at)["passage"] == pid


def passage_id(quote: str) -> str:
    from spheremap.atlas import Atlas

    corpus = Atlas.load(HOSTILE_ROOT).corpus
    return next(p.id for p in corpus.passages if quote in p.text)


def test_date_chip_moves_the_slider(at):
    at.run()
    chip = next(b for b in at.button if b.key.startswith("chip:") and "17 September" in b.label)
    chip.click().run()
    assert at.slider(key="date").value == date(1939, 9, 17)


def test_link_reopens_the_view(at):
    at.query_params.update({"date": "1941-12-05", "layers": "line", "feature": "line-front"})
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == date(1941, 12, 5)
    assert drawn(at) == {"line-front"}
    assert any("Front line" in m.value for m in at.markdown)


def test_bad_link_falls_back_with_a_message(at):
    at.query_params.update({"date": "1941-02-30", "layers": "rivers", "feature": "<script>"})
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == view.default_state().date
    messages = " ".join(t.value for t in at.toast)
    assert "not a real day" in messages and "rivers" in messages and "not a valid id" in messages


def test_hostile_passages_are_escaped_markdown(at):
    at.run()
    texts = [m.value for m in at.markdown]
    hostile = [t for t in texts if "pwned=1" in t]
    assert hostile, texts
    for t in hostile:
        assert "<script>" not in t and "\\<script\\>" in t


# ------------------------------------------------------------------ the pure view-state module
def test_query_round_trip():
    state = view.ViewState(date(1945, 8, 15), ("control", "zone"), "zone-us", "doc:sec:abc", "x.md")
    again, problems = view.from_query(view.to_query(state))
    assert again == state and problems == []
    empty, _ = view.from_query({"layers": ""})
    assert empty.kinds == ()


def test_query_clamps_dates_outside_the_range():
    state, problems = view.from_query({"date": "1960-01-01"})
    assert state.date == date(1949, 12, 31)
    assert "outside" in problems[0]


def test_families_and_kinds():
    toggles = view.toggles_from_kinds(("control", "sector"))
    assert toggles["Zones and sectors"] and not toggles["Spheres of influence"]
    assert view.kinds_from_toggles(toggles) == ("control", "zone", "sector")


def test_passage_window_opens_at_the_first_passage_of_the_day():
    from types import SimpleNamespace as NS

    def mention(start, days=1):
        return NS(
            start=start,
            end=start + timedelta(days=days),
            covers=lambda d, s=start, n=days: s <= d < s + timedelta(days=n),
        )

    passages = [NS(dates=(mention(date(1939, 1, i + 1)),)) for i in range(20)]
    assert view.passage_window(passages, date(1939, 1, 11), size=5) == (9, 14)
    assert view.passage_window(passages, date(1939, 1, 20), size=5) == (15, 20)
    assert view.passage_window(passages, date(1950, 1, 1), size=5) == (0, 5)
    # a passage "between 1920 and 1953" does not speak of every day in between
    vague = NS(dates=(mention(date(1920, 1, 1), days=33 * 365),))
    assert not view.speaks_of(vague, date(1939, 1, 11))
    assert view.passage_window([vague, *passages], date(1939, 1, 11), size=5) == (10, 15)


def test_clicked_feature_reads_only_valid_ids():
    assert view.clicked_feature({"last_active_drawing": {"properties": {"id": "a-b"}}}) == "a-b"
    assert view.clicked_feature({"last_active_drawing": None}) is None
    assert view.clicked_feature({"last_active_drawing": {"properties": {"id": "<x>"}}}) is None
    assert view.clicked_feature(None) is None


def test_markdown_text_is_literal():
    text = "**bold** <img src=x> [a](b) :red[x] $x$"
    out = view.markdown_text(text)
    assert re.search(r"(?<!\\)[*<>\[\]():$]", out) is None  # every special is escaped
    assert re.sub(r"\\(.)", r"\1", out) == text  # and nothing else changed
    url = "see www.x.org, http://x.org/a or me@x.org"
    out = view.markdown_text(url)
    assert live_markup(out) == []
    assert re.sub(r"\\(.)", r"\1", out).replace(view.WORD_JOINER, "") == url  # looks the same


def test_bundled_atlas_app_runs_through_the_presets(monkeypatch):
    from spheremap.atlas import Atlas
    from spheremap.model import DataError

    try:
        Atlas.load()
    except DataError as exc:  # the bundled data is rebuilt during the session
        pytest.skip(f"bundled atlas does not load: {exc}")
    monkeypatch.delenv("SPHEREMAP_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    counts = {}
    for label in ("1939", "1941", "1945"):
        at.button(key=f"preset:{label}").click().run()
        assert not at.exception
        counts[label] = len(drawn(at))
    assert all(n > 0 for n in counts.values()), counts
    at.button(key="next").click().run()
    assert not at.exception


# ------------------------------------------------------------ text from URLs and uploads stays text
# what remark's mdast-util-gfm-autolink-literal links in a text node, escapes already resolved
_AUTOLINK_LITERAL = re.compile(r"(?i)(?:https?://|www\.)[-.\w]|[-.+\w]+@[-\w]+(?:\.[-\w]+)+")


def live_markup(text: str) -> list[str]:
    """Links, images and raw HTML that Streamlit's Markdown (CommonMark + GFM) makes of ``text``.

    Parsed with markdown-it; GFM's literal autolinks are looked for in the parsed text, as
    remark finds them (after backslash escapes are resolved).
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("gfm-like", {"linkify": True})
    found = []
    for token in md.parse(text):
        for t in [token, *(token.children or [])]:
            if t.type in ("link_open", "image", "html_inline", "html_block"):
                found.append(f"{t.type} {t.attrs or t.content!r}")
            elif t.type == "text" and _AUTOLINK_LITERAL.search(t.content):
                found.append(f"autolink {t.content!r}")
    return found


def rendered_texts(at) -> list[str]:
    """Everything the page renders as Markdown: bodies, captions, messages, button labels."""
    texts = [
        e.value
        for kind in ("toast", "markdown", "caption", "warning", "error", "info", "success")
        for e in at.get(kind)
    ]
    texts += [b.label for b in at.button]
    texts += [u.label for u in at.get("file_uploader")]
    return texts


def test_live_markup_finds_what_markdown_would_render():
    assert live_markup("![t](http://x/t.png)") and live_markup("see www.evil.com")
    assert live_markup("[click](http://evil)") and live_markup("a <img src=x> b")
    assert live_markup(r"not escaped by a backslash: www\.evil\.com, http\://evil")
    assert live_markup(view.markdown_text("![t](http://x/t.png) www.evil.com a@b.cd <b>")) == []


URL_PAYLOADS = [
    {"date": "![t](http://x/t.png)"},
    {"layers": "[click](http://evil)"},
    {"feature": "[click](http://evil)"},
    {"feature": "www.evil.com"},  # a valid id that is not a feature: "No feature ..."
    {"passage": "![t](http://x/t.png)"},
    {"passage": "www.evil.com"},  # a valid id that is not a passage: a toast quotes it
    {"doc": "<img src=x onerror=alert(1)>"},
]


@pytest.mark.parametrize("params", URL_PAYLOADS, ids=lambda p: next(iter(p)))
def test_url_values_are_shown_as_plain_text(at, params):
    at.query_params.update(params)
    at.run()
    assert not at.exception
    (payload,) = params.values()
    texts = rendered_texts(at)
    for text in texts:
        assert live_markup(text) == [], text
    # the value is still quoted, literally, where the problem is reported (not dropped)
    literal = [re.sub(r"\\(.)", r"\1", t).replace(view.WORD_JOINER, "") for t in texts]
    if next(iter(params)) != "doc":  # an unknown doc falls back silently to the first one
        assert any(payload in t for t in literal), texts


def upload(at, name: str, content: bytes):
    (uploader,) = at.get("file_uploader")
    uploader.set_value((name, content, "text/plain")).run()
    assert not at.exception
    return at


DOC = (HOSTILE_ROOT / "documents" / "hostile.md").read_bytes()


def test_upload_is_linked_kept_and_the_uploader_cleared(at):
    at.run()
    upload(at, "mine.md", DOC.replace(b"A hostile test document", b"My own notes"))
    assert at.selectbox(key="doc").value == "mine.md"
    assert any(c.value.startswith("My own notes · 4 passages") for c in at.caption)
    assert [u.key for u in at.get("file_uploader")] == ["upload:1"]  # a fresh, empty uploader


def test_a_session_keeps_its_latest_uploads_only(at):
    at.run()
    for i in range(view.UPLOAD_LIMIT + 1):
        upload(at, f"doc{i}.md", DOC.replace(b"hostile", f"hostile {i}".encode()))
    options = at.selectbox(key="doc").options
    assert "doc0.md" not in options
    assert all(f"doc{i}.md" in options for i in range(1, view.UPLOAD_LIMIT + 1))
    notes = " ".join(e.value for e in at.info)
    assert "doc0\\.md was dropped" in notes and "5 latest" in notes


def test_hostile_upload_names_and_errors_stay_text(at):
    at.run()
    upload(at, "![t](http:x.png).md", b"")  # empty: an error that quotes the name
    errors = [e.value for e in at.error]
    assert errors and "empty" in errors[0]
    for text in rendered_texts(at):
        assert live_markup(text) == [], text
    upload(at, "[click](www.evil.com).md", DOC)
    assert "[click](www.evil.com).md" in at.selectbox(key="doc").options
    for text in rendered_texts(at):
        assert live_markup(text) == [], text


def test_an_upload_over_the_time_limit_is_refused_with_a_message(at, monkeypatch):
    monkeypatch.setattr(view, "UPLOAD_SECONDS", 0.0)
    at.run()
    upload(at, "slow.md", DOC)
    (error,) = at.error
    assert "slow\\.md" in error.value and "too large to process within 0 s" in error.value
    assert "slow.md" not in at.selectbox(key="doc").options


def test_keep_upload_drops_the_oldest():
    kept, dropped = {}, ()
    for name in "abcd":
        kept, dropped = view.keep_upload(kept, name, name.upper(), limit=3)
    assert list(kept) == ["b", "c", "d"] and dropped == ("a",)
    kept, dropped = view.keep_upload(kept, "b", "B2", limit=3)  # again: newest, nothing dropped
    assert list(kept) == ["c", "d", "b"] and kept["b"] == "B2" and dropped == ()
    with pytest.raises(InputError):
        view.keep_upload({}, "a", 1, limit=0)
