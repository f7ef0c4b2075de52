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
import shapely
from maptext import resolved
from streamlit.testing.v1 import AppTest

from spheremap import packing, view
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


def group_text(at) -> str:
    """The map's feature group as the browser rebuilds it (stored features put back)."""
    return resolved(map_args(at)["feature_group"])


def drawn(at) -> set[str]:
    return set(re.findall(r'"id":"([^"]+)"', group_text(at)))


def fit_request(at) -> dict | None:
    """The framing request sent with the map's feature group (``spheremap.fit``), if any."""
    found = re.search(r"spheremap\.fit\([^,]+, (\{.*?\})\);", map_args(at)["feature_group"] or "")
    return json.loads(found.group(1)) if found else None


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
    # the lake's outline as the basemap ships it (packed, 0.01 degree)
    (ring,) = packing.pack_polygons(shapely.Polygon(lake), 100)
    for day in (None, date(1941, 6, 22)):
        if day:
            at.slider(key="date").set_value(day).run()
        args = map_args(at)
        assert json.dumps(ring)[1:-1] not in args["script"]  # not in the map script
        assert "spheremapBasemaps" in args["script"]
        urls = [u for u in args["js_links"] if "/generated/basemap-" in u]
        assert len(urls) == 1, args["js_links"]
        asset = REPO / "static" / urls[0][len("/app/static/") :]
        assert json.dumps(ring)[1:-1] in asset.read_text(encoding="utf-8")  # served once, by URL


def test_slider_moves_the_map_at_change_dates_only(at):
    at.run()
    first = map_args(at)["feature_group"]
    # the session's first map came whole, and comes the same way while it is shown (sent
    # another way, it would be redrawn: the popup of the reader's first click would close)
    at.run()
    assert map_args(at)["feature_group"] == first
    at.slider(key="date").set_value(date(1939, 10, 16)).run()  # another day: by reference
    group_before = map_args(at)["feature_group"]
    assert len(group_before) < len(first) and drawn(at) == {
        "west-germany",
        "east-ussr",
        "sphere-german",
        "sphere-soviet",
    }
    at.slider(key="date").set_value(date(1939, 10, 17)).run()
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
    fit = fit_request(at)
    assert tuple(fit["bounds"]) == view.PRESET_BOUNDS["1945"]  # frames the story
    at.button(key="preset:1941").click().run()
    assert drawn(at) == {"west-germany", "east-germany", "line-front"}


def test_a_preset_clicked_twice_frames_the_map_twice(at):
    """The same target asked for again gets a new request number: the map obeys it again
    (after a pan or a zoom), where an unchanged centre and zoom would be ignored."""
    at.run()
    at.button(key="preset:1941").click().run()
    first = fit_request(at)
    at.button(key="preset:1941").click().run()
    second = fit_request(at)
    assert first["bounds"] == second["bounds"] == list(view.PRESET_BOUNDS["1941"])
    assert second["nonce"] > first["nonce"]
    # a slider step alone keeps the request (the map keeps the reader's view)
    at.slider(key="date").set_value(date(1941, 12, 6)).run()
    assert fit_request(at) == second


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
    at.session_state["map"] = {
        "last_object_clicked": {"lat": 51.0, "lng": 23.0},
        "last_object_clicked_count": 1,
        "zoom": 5,
        "center": {"lat": 52.0, "lng": 22.0},
    }
    at.run()
    assert any("1 passage speaks of it:" in m.value for m in at.markdown)
    assert query(at)["feature"] == "east-germany"
    button = next(b for b in at.button if b.key.startswith("link:"))
    # the whole passage shows, as text, and the button says it moves the map
    assert "On 5 December 1941 the front stood near the line." in [t.value for t in at.text]
    assert button.label == "Show on map" and "fit the map" in button.help
    assert query(at)["layers"] == "control"
    button.click().run()
    assert query(at)["passage"] == button.key.split(":", 2)[2]  # link:<feature row>:<passage>
    assert at.slider(key="date").value == date(1941, 12, 5)
    # the passage also links the front line: its layer is switched on, and the line drawn
    assert query(at)["layers"] == "control,line"
    assert "line-front" in drawn(at)
    assert fit_request(at)["bounds"] == [22.0, 50.0, 28.0, 54.0]  # the passage's features
    # the passage's features are highlighted (heavy black outline)
    assert '"color":"#000000","weight":4.0' in group_text(at)


def test_show_on_map_from_the_document(at):
    at.run()
    show = [b for b in at.button if b.key.startswith("show:")]
    assert len(show) == 4  # every passage of the fixture has curated links
    front = next(b for b in show if b.key == "show:" + passage_id("the front stood"))
    front.click().run()
    assert at.slider(key="date").value == date(1941, 12, 5)
    group = group_text(at)
    # 1939 preset layers stay on: the control row of the east piece is highlighted
    assert re.search(r'"id":"east-germany"[^}]*"color":"#000000","weight":4.0', group)


def test_link_with_a_passage_highlights_and_fits(at):
    pid = passage_id("US zone was occupied")
    at.query_params.update({"date": "1945-08-15", "layers": "control,zone", "passage": pid})
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == date(1945, 8, 15)  # the link's date wins
    assert fit_request(at)["bounds"] == [17.0, 50.5, 20.0, 52.0]
    assert re.search(r'"id":"zone-us"[^}]*"color":"#000000","weight":4.0', group_text(at))
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
    messages = " ".join(t.value for t in [*at.toast, *at.warning])
    assert "not a real day" in messages and "rivers" in messages and "not a valid id" in messages


def test_hostile_passages_are_shown_as_text(at):
    at.run()
    texts = [t.value for t in at.text]
    assert any("<script>window.__pwned=1</script>" in t for t in texts), texts
    assert any('<img src=x onerror="window.__pwned=2">' in t for t in texts), texts
    # passage text never goes through Markdown
    assert not [m.value for m in at.markdown if "pwned" in m.value]


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

    def mention(start, days=1, precision="day"):
        return NS(
            start=start,
            end=start + timedelta(days=days),
            precision=precision,
            covers=lambda d, s=start, n=days: s <= d < s + timedelta(days=n),
        )

    passages = [NS(dates=(mention(date(1939, 1, i + 1)),)) for i in range(20)]
    assert view.passage_window(passages, date(1939, 1, 11), size=5) == (9, 14)
    assert view.passage_window(passages, date(1939, 1, 20), size=5) == (15, 20)
    assert view.passage_window(passages, date(1950, 1, 1), size=5) == (0, 5)
    # a passage "between 1920 and 1953" does not speak of every day in between
    vague = NS(dates=(mention(date(1920, 1, 1), days=33 * 365, precision="year"),))
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

    Atlas.load()  # bundled data that does not load is a failure
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
    options = at.selectbox(key="doc").options  # titles, as the picker shows them
    assert "A hostile 0 test document" not in options
    assert all(f"A hostile {i} test document" in options for i in range(1, view.UPLOAD_LIMIT + 1))
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
    assert at.selectbox(key="doc").value == "[click](www.evil.com).md"
    # two documents share a title: the picker adds the file name
    assert "A hostile test document ([click](www.evil.com).md)" in at.selectbox(key="doc").options
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


# ------------------------------------------------------------ the passages panel (issue #13)
NOTES = b"""# Berlin notes

On 24 June 1948 the Soviet authorities cut the land and water routes to West Berlin.

In 1948 the western zones received a new currency.

On 30 January 1933 Hitler became chancellor. Within days the Reichstag burned.

Markup stays text: <script>window.__pwned=3</script> <img src=x onerror="window.__pwned=4"> and [a link](javascript:alert(1)) in 1948.
"""


def notes_at(at, day: date):
    at.run()
    upload(at, "notes.md", NOTES)
    at.slider(key="date").set_value(day).run()
    assert not at.exception
    return at


def test_on_this_date_is_the_interval_and_year_matches_are_apart(at):
    notes_at(at, date(1948, 6, 24))
    caption = next(c.value for c in at.caption if c.value.startswith("Berlin notes"))
    assert (
        caption
        == "Berlin notes · 4 passages · 1 speaks of 24 Jun 1948 · 2 also in 1948 · showing 1–4"
    )
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    assert badges == [
        ":orange-badge[on this date]",
        ":gray-badge[also in 1948]",
        ":gray-badge[also in 1948]",
    ]
    at.slider(key="date").set_value(date(1948, 7, 1)).run()
    caption = next(c.value for c in at.caption if c.value.startswith("Berlin notes"))
    assert "none speaks of 1 Jul 1948 · 2 also in 1948" in caption


def test_vague_chips_are_text_and_out_of_range_chips_say_so(at):
    notes_at(at, date(1948, 6, 24))
    chips = {b.label: b for b in at.button if b.key.startswith("chip:")}
    assert "Within days" not in chips  # vague: not a button ...
    assert any("Within days" in c.value and "vague" in c.value for c in at.caption)  # ... but text
    early = chips["30 January 1933"]
    assert early.disabled and "outside the map's 1 Oct 1938 – 31 Dec 1949" in early.help
    assert any("outside the map" in c.value for c in at.caption)
    chips["24 June 1948"].click().run()
    assert at.slider(key="date").value == date(1948, 6, 24)
    assert not chips["24 June 1948"].disabled


def test_documents_show_their_titles(at):
    notes_at(at, date(1948, 6, 24))
    picker = at.selectbox(key="doc")
    assert picker.value == "notes.md"
    # (AppTests share one session-scoped upload store: earlier tests' uploads may be listed)
    assert (
        picker.options[0].startswith("A hostile test document") and "Berlin notes" in picker.options
    )
    assert not [o for o in picker.options if o.endswith((".md", ".wiki"))]


def test_uploaded_markup_is_shown_as_text_with_links_neutralised(at):
    notes_at(at, date(1948, 6, 24))
    (shown,) = [t.value for t in at.text if "Markup stays text" in t.value]
    assert '<script>window.__pwned=3</script> <img src=x onerror="window.__pwned=4">' in shown
    assert "[a link](javascript:alert(1))" in shown
    for text in rendered_texts(at):
        assert "pwned" not in text  # passage text never goes through Markdown
        assert live_markup(text) == [], text


def test_passages_caption_counts_by_interval_with_the_right_verb():
    from spheremap.documents import parse_document

    text = (
        "On 24 June 1948 the blockade began.\n\nIn June 1948 the currency changed.\n\n"
        "In 1948 much happened.\n\nBetween 1934 and 1949 a long time passed.\n"
    )
    doc = parse_document(text, "n.txt", "text")
    ps = list(doc.passages)
    assert [view.date_match(p, date(1948, 6, 24)) for p in ps] == ["on", "on", "year", None]
    caption = view.passages_caption("T", ps, date(1948, 6, 24), (0, 4))
    assert caption == "T · 4 passages · 2 speak of 24 Jun 1948 · 1 also in 1948 · showing 1–4"
    caption = view.passages_caption("T", ps[1:2], date(1948, 6, 24), (0, 1))
    assert caption == "T · 1 passage · 1 speaks of 24 Jun 1948 · showing 1–1"
    assert "none speaks of 1 Jul 1949" in view.passages_caption("T", ps, date(1949, 7, 1), (0, 4))
    # the window opens at the passage of the day, before one that only shares its year
    assert view.passage_window(ps[2:] + ps[:2], date(1948, 6, 24), size=2, before=0) == (2, 4)


def test_date_chips_of_the_bundled_article():
    from spheremap.documents import read_document

    doc = read_document(REPO / "geodata" / "documents" / "stalin_pact_war_yalta.wiki")
    chips = {c.text: c for p in doc.passages for c in view.date_chips(p)}
    assert chips["within days"].state == "vague" and chips["within days"].day is None
    assert chips["for the next almost 50 years"].state == "vague"
    assert chips["between 1920 and 1953"].state == "vague"  # a span, not a day to go to
    assert chips["1933"].state == "out" and "outside" in chips["1933"].note
    assert chips["23 August 1939"].day == date(1939, 8, 23)
    assert chips["1942"].day == date(1942, 1, 1)
    # partly inside the range: its first day inside
    from spheremap.documents import parse_document

    (p,) = parse_document("In 1938 Munich was agreed.\n", "m.txt", "text").passages
    assert view.date_chips(p) == [
        view.Chip("1938", "go", date(1938, 10, 1), "move the slider to 1 Oct 1938")
    ]


def test_an_upload_about_the_red_army_shows_the_soviet_invasion(monkeypatch):
    """Issue #13: the sentence linked nothing; now its "Show on map" goes to 17 Sep 1939,
    switches on the events layer and highlights the Soviet invasion, not the German one."""
    from spheremap.atlas import Atlas

    Atlas.load()  # bundled data that does not load is a failure
    monkeypatch.delenv("SPHEREMAP_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"date": "1939-10-15", "layers": "control"})
    at.run()
    text = "On 17 September 1939 the Red Army crossed into eastern Poland near Lwów.\n"
    upload(at, "lwow.txt", text.encode())
    (show,) = [b for b in at.button if b.key.startswith("show:")]
    show.click().run()
    assert not at.exception
    assert at.slider(key="date").value == date(1939, 9, 17)
    assert query(at)["layers"] == "control,event"
    group = group_text(at)
    chosen = set(re.findall(r'"id":"([^"]+)"[^}]*"color":"#000000","weight":4.0', group))
    assert {"event-1939-invasion-poland-ussr", "ussr-poland-1939-a"} <= chosen
    assert "event-1939-invasion-poland-germany" not in chosen


def test_bundled_article_speaks_of_17_september_1939_approximately():
    """ "A couple of weeks later" (after 1 September 1939) covers the Soviet invasion: the
    passage speaks of 17 Sep 1939, about; "for the next almost 50 years" speaks of no day."""
    from spheremap.documents import read_document

    doc = read_document(REPO / "geodata" / "documents" / "stalin_pact_war_yalta.wiki")
    day = date(1939, 9, 17)
    on = [p for p in doc.passages if view.date_match(p, day) == "on"]
    assert [p.text[:40] for p in on] == ["On 1 September 1939, within days of sign"]
    assert view.date_badge(on[0], day) == "about this date"
    assert view.date_badge(on[0], date(1939, 9, 1)) == "on this date"
    years = [p for p in doc.passages if view.date_match(p, day) == "year"]
    assert len(years) == 3 and all(view.date_badge(p, day) == "also in 1939" for p in years)
    fifty = next(p for p in doc.passages if "almost 50 years" in p.text)
    assert view.date_match(fifty, date(1948, 6, 24)) is None


def link_captions(at) -> list:
    """The captions of the passages' links (label with a score; the reason on hover)."""
    return [
        c for c in at.caption if c.help and re.search(r" · \d\.\d\d$", c.value.replace("\\", ""))
    ]


def _score(caption) -> float:
    return float(caption.value.replace("\\", "").rsplit("·", 1)[1])


def test_links_show_their_reason_on_hover_and_hide_below_a_threshold(monkeypatch):
    monkeypatch.delenv("SPHEREMAP_DATA", raising=False)  # the bundled article: automatic links
    at = AppTest.from_file(APP, default_timeout=120).run()
    captions = link_captions(at)
    assert captions, "each link is shown with its reason as hover text"
    rules = {c.help.replace("\\", "").split(":")[0] for c in captions}
    assert rules <= LINK_RULES and rules - {"curated"}
    scores = [_score(c) for c in captions]
    cut = sorted(set(scores))[1]
    at.slider(key="min_score").set_value(cut).run()
    kept = link_captions(at)
    assert 0 < len(kept) < len(captions)
    assert all(_score(c) >= cut for c in kept)


LINK_RULES = {"gazetteer", "place", "date", "scope", "forward", "count", "named", "document"}
LINK_RULES |= {"curated"}


def test_a_click_lists_every_feature_under_it(at):
    """On 15 Oct 1939 a point east of the 1939 sphere border lies in Soviet-held ground and in
    the German sphere: both are listed, each with its passages, and the place's history."""
    at.run()
    at.session_state["map"] = {
        "last_object_clicked": {"lat": 51.0, "lng": 22.2},
        "last_object_clicked_count": 1,
        "zoom": 5,
    }
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "2 features under the click" in text
    assert "Soviet" in text and "annexed by USSR" in text
    assert "sphere of Germany" in text
    assert query(at)["feature"] == "east-ussr"  # the first, for the link
    assert any(e.label.startswith("History of this place") for e in at.expander)


def test_compare_mode_shades_what_changed_hands_with_a_table(at):
    at.query_params.update({"date": "1941-06-22", "layers": "control"})
    at.run()
    assert not [df for df in at.dataframe]  # off by default
    at.toggle(key="cmp_on").set_value(True).run()
    at.date_input(key="cmp_day").set_value(date(1941, 6, 21)).run()
    assert not at.exception
    (table,) = at.dataframe
    rows = {r["power"]: r for r in table.value.to_dict("records")}
    # the fixture's east piece went from the USSR to Germany on 22 June 1941
    assert (
        rows["Germany"]["gained_km2"] > 0
        and rows["USSR"]["lost_km2"] == rows["Germany"]["gained_km2"]
    )
    group = map_args(at)["feature_group"]
    assert '"id":"change-0"' in group and "USSR → Germany" in group
    at.toggle(key="cmp_on").set_value(False).run()
    assert "change-0" not in map_args(at)["feature_group"] and not list(at.dataframe)


def test_a_broken_vocabulary_is_told_not_a_traceback(monkeypatch, tmp_path):
    """The package reads its vocabulary as it loads; with a broken one the app says so and
    names the file (the package is imported afresh for this run, then put back)."""
    import sys

    broken = tmp_path / "vocabulary.toml"
    broken.write_text("[[power]]\nname = 'X'\ncolour = 'red'\n", encoding="utf-8")
    monkeypatch.setenv("SPHEREMAP_VOCABULARY", str(broken))
    # end the warm-up threads of earlier tests first: building a day ahead in the package put
    # aside would import the broken one half-way (the package starts them again when asked)
    from spheremap import render

    for warmer in list(render._WARMERS.values()):
        warmer.queue.put(None)
        warmer.thread.join(60)
    for name in [m for m in sys.modules if m == "spheremap" or m.startswith("spheremap.")]:
        monkeypatch.delitem(sys.modules, name)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "cannot start" in at.error[0].value
    assert str(broken) in at.code[0].value and "is not #RRGGBB" in at.code[0].value
