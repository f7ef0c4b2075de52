"""spheremap explorer: ``streamlit run app.py``.

A thin Streamlit layer: the atlas, rendering, exports and view-state decisions live in the
``spheremap`` package; this file lays out widgets and wires callbacks. Works offline: Leaflet
and the runtime are served from ``static/`` (``enableStaticServing`` in ``.streamlit/``).
Set ``SPHEREMAP_DATA`` (or ``spheremap app --data DIR``) to explore another ``geodata/`` folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile
from streamlit_folium import st_folium

from spheremap.errors import DataError, SpheremapError

try:  # the package reads its vocabulary as it loads: a broken one is told, not a traceback
    from spheremap import documents, export, history, launcher, places, render, story, view
    from spheremap import time as sm_time
    from spheremap.atlas import Atlas
    from spheremap.links import Corpus
except SpheremapError as exc:
    st.error("spheremap cannot start: its vocabulary does not load.")
    st.code(str(exc), language=None)  # shown literally (a path is no Markdown)
    st.stop()

MAP_KEY = "map"
MAP_HEIGHT = 640
LAST_DAY = sm_time.RANGE_END - timedelta(days=1)
DOC_TYPES = ["wiki", "mediawiki", "mw", "md", "markdown", "txt", "text"]

st.set_page_config(page_title="spheremap", layout="wide")
launcher.limit_malloc_arenas()  # as `spheremap app` does, for `streamlit run app.py` too


@st.cache_resource(show_spinner="Loading the atlas…")
def load_atlas(root: str | None) -> Atlas:
    return launcher.app_atlas(root)  # loaded once per process, from start under `spheremap app`


@st.cache_resource
def load_basemap(root: str | None) -> dict:
    return render.basemap_collection(load_atlas(root).basemap)


@st.cache_resource
def load_basemap_asset(root: str | None) -> render.BasemapAsset | None:
    """The basemap as a static script beside the app (sent once per page, not per rerun)."""
    return render.basemap_asset(load_basemap(root), Path(__file__).parent / "static")


@st.cache_resource
def load_feature_store() -> render.FeatureStore | None:
    """Where the map's features are written once, for the browser to fetch and keep."""
    return render.feature_store(Path(__file__).parent / "static")


@st.cache_resource(max_entries=8, show_spinner="Comparing the two days…")
def load_comparison(root: str | None, start: date, end: date):
    """What changed hands between two days, with its overlay serialised once."""
    comparison = load_atlas(root).compare(start, end)
    return comparison, render.layer_payload(render.compare_collection(comparison), legend=False)


@st.cache_resource
def load_corpus(root: str | None):
    """The atlas's documents with their links; ``None`` with a message if they do not load."""
    try:
        return load_atlas(root).corpus, None
    except SpheremapError as exc:
        return None, f"Documents are unavailable: {exc}"


def release_uploads(uploads: dict) -> None:
    """A session ended: drop its documents and hand the freed memory back (see launcher)."""
    uploads.clear()
    launcher.release_memory_soon()


@st.cache_resource(scope="session", show_spinner=False, on_release=release_uploads)
def session_uploads() -> dict:
    """This session's uploaded documents: name -> linked Corpus, oldest first.

    Session-scoped: Streamlit drops it as soon as the tab's websocket closes (session_state
    itself waits ``server.disconnectedSessionTTL`` for a reconnect and is only reaped later),
    so a tab that reconnects after a network drop has to upload its documents again.
    """
    return {}


def session_left(_presence: object) -> None:
    launcher.session_ended()


@st.cache_resource(scope="session", show_spinner=False, on_release=session_left)
def session_presence() -> object:
    """Counts this tab among the open sessions until its websocket closes; when the last one
    has gone, the process sheds its per-day caches (launcher.shed_idle)."""
    launcher.session_started()
    return object()


session_presence()
launcher.when_idle("comparisons", load_comparison.clear)


def corpora() -> list:
    found = [corpus] if corpus is not None else []
    return found + list(session_uploads().values())


def state() -> view.ViewState:
    ss = st.session_state
    return view.ViewState(
        date=ss["date"],
        kinds=view.kinds_from_toggles({f: ss[f"fam:{f}"] for f in view.FAMILIES}),
        feature=ss.get("feature"),
        passage=ss.get("passage"),
        doc=ss.get("doc"),
    )


def apply(s: view.ViewState) -> None:
    """Write a view state into the widgets' session state (only inside callbacks or before them)."""
    ss = st.session_state
    ss["date"] = sm_time.clamp(s.date)
    for fam, on in view.toggles_from_kinds(s.kinds).items():
        ss[f"fam:{fam}"] = on
    ss["feature"], ss["passage"] = s.feature, s.passage
    if s.doc:
        ss["doc"] = s.doc


# ------------------------------------------------------------------------ callbacks
def frame_map(**target) -> None:
    """Ask the map to frame ``target`` (bounds, or centre and zoom): obeyed even if unchanged.

    The map does not report a view the app asked for (that report would rerun the page once
    more), so the link's view is set here: the centre and zoom asked for, or none for bounds
    (a link without a view frames its day or passage the same way)."""
    ss = st.session_state
    ss["fit"] = view.next_fit(ss.get("fit"), **target)
    center, zoom = target.get("center"), target.get("zoom")
    ss["map_view"] = view.view_query({"lat": center[0], "lng": center[1]}, zoom) if center else None
    ss["link_problems"] = []


def map_reported() -> None:
    """The map sent a report: the reader moved it or clicked (it never reports a view the app
    set, see ``frame_map``); its view goes into the link."""
    reported = st.session_state.get(MAP_KEY)
    reported = reported if isinstance(reported, dict) else {}
    st.session_state["map_view"] = view.view_query(
        reported.get("center"), reported.get("zoom")
    ) or st.session_state.get("map_view")


def go_preset(label: str) -> None:
    apply(view.preset_state(label, state()))
    frame_map(bounds=view.PRESET_BOUNDS[label])
    st.session_state["selected"] = ()
    st.session_state["picked"] = None


def go_change(day: date | None, atlas: Atlas) -> None:
    """Previous/next change: move to it and frame what changed."""
    if day is not None:
        st.session_state["date"] = sm_time.clamp(day)
        frame_map(bounds=view.date_bounds(atlas, day, state().kinds))


def go_day(day: date | None) -> None:
    if day is not None:
        st.session_state["date"] = sm_time.clamp(day)


def take_upload(key: str, atlas: Atlas) -> None:
    """Read and link the file just uploaded (with a time limit) and keep it in this session.

    Streamlit's copy of the bytes is dropped afterwards and the next run shows a fresh, empty
    uploader: only the linked document stays, within :data:`view.UPLOAD_LIMIT`.
    """
    ss = st.session_state
    upload = ss.get(key)
    if upload is not None and not isinstance(upload, UploadedFile):
        # Taken already: a click during the run that followed the upload stops that run
        # before Streamlit records the uploader's value, so the next run calls this again,
        # with the bytes this call removed (a DeletedFile). Keep what the first call did.
        return
    ss["upload_round"] = ss.get("upload_round", 0) + 1
    ss["upload_error"] = ss["upload_note"] = None
    if upload is None:
        return
    name = Path(upload.name).name or "upload"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(upload.getvalue())
            with documents.time_limit(view.UPLOAD_SECONDS, name):
                linked = Corpus.for_atlas(atlas, path)
    except SpheremapError as exc:  # unreadable, empty, binary, wrong type, too slow, bad links
        ss["upload_error"] = f"{name}: {exc.message if isinstance(exc, DataError) else exc}"
    else:
        doc = linked.documents[0]
        store = session_uploads()
        kept, dropped = view.keep_upload(store, doc.name, linked)
        store.clear()
        store.update(kept)
        ss["doc"] = doc.name
        if dropped:
            ss["upload_note"] = (
                f"This session keeps the {view.UPLOAD_LIMIT} latest uploads: "
                f"{', '.join(dropped)} was dropped."
            )
    finally:
        ctx = get_script_run_ctx()
        remove = getattr(getattr(ctx, "uploaded_file_mgr", None), "remove_file", None)
        if remove is not None:  # Streamlit keeps the bytes until the session shuts down
            remove(session_id=ctx.session_id, file_id=upload.file_id)


def go_passage(pid: str, day: date | None, ids: tuple[str, ...], bounds) -> None:
    """Choose a passage: move to its day, highlight its features, fit the map to them."""
    ss = st.session_state
    ss["passage"] = pid
    if day is not None:
        ss["date"] = sm_time.clamp(day)
    if bounds is not None:
        frame_map(bounds=bounds)
    ss["selected"] = ids


def choose_passage(pid: str, day: date | None, ids: tuple[str, ...], bounds) -> None:
    """A passage button: :func:`go_passage`, and the layers of its features switched on."""
    go_passage(pid, day, ids, bounds)
    shown = view.with_layers(state(), view.passage_kinds(ids, atlas.features))
    for fam, on in view.toggles_from_kinds(shown.kinds).items():
        st.session_state[f"fam:{fam}"] = on


def show_passage(
    box, p, linked_corpus, key: str, chosen: bool = False, min_score: float = 0.0
) -> None:
    """One passage in the passages panel: its whole text, as text (never Markdown or HTML),
    its links scored ``min_score`` or more (the reason on hover), and, if it links to
    features, a "Show on map" button that moves the map to them."""
    box.text(p.text, width="stretch")
    shown = view.shown_links(linked_corpus, p.id, min_score)
    for lk in shown:  # the reason shows on hover
        label, hover = view.link_label(lk)
        box.caption(view.markdown_text(label), help=view.markdown_text(hover))
    ids = tuple(dict.fromkeys(lk.feature for lk in shown))
    if ids:
        box.button(
            "Show on map" + (" (chosen)" if chosen else ""),
            key=key,
            help=(
                f"go to this passage's date, switch on the layers of its {len(ids)} "
                "features and fit the map to them"
            ),
            on_click=choose_passage,
            args=(p.id, *view.passage_focus(p, ids, atlas.features)),
            icon=":material/map:",
            type="primary" if chosen else "secondary",
        )


def show_date_chips(box, p) -> None:
    """A passage's dates: buttons to their day; out-of-range ones disabled with a note;
    vague ones ("within days") as plain text."""
    chips = view.date_chips(p)
    buttons = [c for c in chips if c.state != "vague"]
    if buttons:
        cols = box.columns(min(len(buttons), 4))
        for i, c in enumerate(buttons[:4]):
            cols[i].button(
                view.markdown_text(c.text),
                key=f"chip:{p.id}:{i}",
                help=view.markdown_text(c.note),
                on_click=go_day,
                args=(c.day,),
                disabled=c.state == "out",
                type="tertiary",
                icon=":material/event:" if c.state == "go" else ":material/event_busy:",
            )
        for c in buttons[:4]:
            if c.state == "out":
                box.caption(view.markdown_text(c.note))
    vague = [c for c in chips if c.state == "vague"]
    if vague:
        box.caption(view.markdown_text("; ".join(f"“{c.text}”: {c.note}" for c in vague)))


def compare_table(comparison) -> None:
    """Per power, the control area gained, lost and net between the two days (km²)."""
    st.markdown(
        f"**Changed hands, {view.day_text(comparison.start)} → {view.day_text(comparison.end)}**"
        " (shaded on the map: the new holder's colour, the old one's dashed outline)"
    )
    rows = [p.as_dict() for p in comparison.powers]
    if not rows:
        st.caption("No control changed hands between these days.")
        return
    st.dataframe(
        rows,
        hide_index=True,
        use_container_width=True,
        column_config={
            "power": "power",
            "gained_km2": st.column_config.NumberColumn("gained, km²", format="%d"),
            "lost_km2": st.column_config.NumberColumn("lost, km²", format="%d"),
            "net_km2": st.column_config.NumberColumn("net, km²", format="%+d"),
        },
        key="compare_table",
    )
    st.caption(f"Areas on {history.EQUAL_AREA_CRS} (equal-area), from the mapped pieces.")


def history_strip(atlas: Atlas, point: tuple[float, float], day: date) -> None:
    """The clicked place's timeline strip (who held it when); its buttons move the slider."""
    lon, lat = point
    cached = st.session_state.get("strip_spans")  # the slider moves more often than the click
    if not cached or cached[0] != point:
        cached = st.session_state["strip_spans"] = (
            point,
            history.strip_spans(atlas.history(lon, lat)),
        )
    spans = cached[1]
    st.markdown(f"**Who held {lat:.2f}° N, {lon:.2f}° E, 1938–1949**")
    if not spans:
        st.caption("No control is mapped at this point.")
        return
    st.markdown(view.history_strip_svg(spans, day), unsafe_allow_html=True)  # escaped SVG
    row = st.container(horizontal=True, key="strip")
    for i, span in enumerate(spans):
        row.button(
            f"{span.start.isoformat()} {view.markdown_text(span.power)}",
            key=f"strip:{i}",
            help=view.markdown_text(f"{span.name}: {view.strip_label(span)}"),
            on_click=go_day,
            args=(span.start,),
            type="primary" if span.start <= day < span.end else "secondary",
        )


def story_of(doc, doc_corpus) -> tuple:
    """The document's story steps, kept for this session while the document stays the same."""
    ss = st.session_state
    key = (doc.name, id(doc_corpus), len(doc.passages))
    cached = ss.get("story_steps")
    if not cached or cached[0] != key:
        ss["story_steps"] = cached = (key, story.story_steps(doc_corpus, doc, atlas.features))
    return cached[1]


def go_step(steps: tuple, index: int) -> None:
    """Story mode: show step ``index`` (its day, its highlighted features, fitted)."""
    i = story.step_index(steps, index)
    st.session_state["story_step"] = i
    step = steps[i]
    go_passage(step.passage, step.day, step.ids, step.bounds)


def story_panel(steps: tuple, title: str) -> None:
    """Story mode's controls: previous/next (also the ← and → keys) and the passage shown."""
    ss = st.session_state
    i = ss.get("story_step")
    i = None if i is None else story.step_index(steps, i)
    n = len(steps)
    with st.container(border=True, key="story_box"):
        c1, c3 = st.columns(2, vertical_alignment="center")
        c1.button(
            "◀ Previous",
            key="story_prev",
            shortcut="Left",
            on_click=go_step,
            args=(steps, (i or 0) - 1),
            disabled=i is None or i == 0,
            use_container_width=True,
            help="previous dated passage (← key)",
        )
        c3.button(
            "Next ▶",
            key="story_next",
            shortcut="Right",
            on_click=go_step,
            args=(steps, 0 if i is None else i + 1),
            disabled=i is not None and i == n - 1,
            use_container_width=True,
            help="next dated passage (→ key)",
        )
        st.markdown(
            f"**Passage {i + 1} of {n}**" if i is not None else f"**{n} dated passages**",
            text_alignment="center",
        )
        st.download_button(
            "Download this story",
            data=lambda: export.story_page(atlas, title, steps),
            file_name="spheremap-story.html",
            mime="text/html",
            on_click="ignore",
            key="story_download",
            help="one offline page that steps through the same passages (buttons and ← → keys)",
            use_container_width=True,
        )
        if i is None:
            st.caption("Press Next (or →) to go to the first dated passage.")
            return
        step = steps[i]
        st.markdown(
            f"**{step.day.strftime('%d %B %Y').lstrip('0')}**"
            + (f" · {view.markdown_text(step.section)}" if step.section else "")
        )
        st.markdown(view.markdown_text(step.text))
        st.caption(
            view.count_phrase(len(step.ids), "linked feature", "linked features")
            + (" highlighted on the map." if step.ids else ".")
        )


# ------------------------------------------------------------------------ time controls
@st.cache_resource
def load_gazetteer(root: str | None):
    """The atlas folder's gazetteer (names the places a change takes), ``None`` without one."""
    path = load_atlas(root).root / "gazetteer.csv"
    try:
        return places.load_gazetteer(path) if path.is_file() else None
    except SpheremapError:
        return None


def time_controls() -> tuple[date | None, date | None]:
    """The date slider, the previous/next change buttons and the line naming the day's change,
    under the map (on a narrow screen they stay in view, not in the sidebar's overlay).
    Returns the previous and next change days."""
    kinds = state().kinds
    st.slider(
        "Date",
        min_value=sm_time.RANGE_START,
        max_value=LAST_DAY,
        key="date",
        step=timedelta(days=1),
        format="YYYY-MM-DD",
    )
    day = st.session_state["date"]
    changes = render.change_dates(atlas, kinds)  # of the layers shown
    prev_day = sm_time.previous_change(day, changes)
    next_day = sm_time.next_change(day, changes)
    gaz = load_gazetteer(root)
    for col, label, key, target in zip(
        st.columns(2), ("◀ Previous", "Next ▶"), ("prev", "next"), (prev_day, next_day), strict=True
    ):
        col.button(
            label,
            key=key,
            on_click=go_change,
            args=(target, atlas),
            disabled=target is None,
            use_container_width=True,
            help=view.markdown_text(
                view.change_line(atlas, target, kinds, gaz) or target.isoformat()
            )
            if target
            else None,
        )
    line = view.change_line(atlas, day, kinds, gaz)
    st.caption(
        ("What changed: " + view.markdown_text(line) if line else "No change on this day.")
        + " · changes: "
        + (prev_day.isoformat() if prev_day else "–")
        + " ◀ ▶ "
        + (next_day.isoformat() if next_day else "–"),
        help="the last change of the layers shown on or before this day, within two weeks",
    )
    return prev_day, next_day


def passages_of(fid: str, key: str) -> None:
    """The passages that speak of one feature, as buttons that choose them."""
    linked = [(c, p) for c in corpora() for p in c.passages_for_feature(fid)]
    st.markdown(
        view.count_phrase(len(linked), "passage speaks", "passages speak")
        + " of it"
        + (":" if linked else ".")
    )
    chosen = state().passage
    for c, p in linked[:12]:  # the whole passage as text, with its "Show on map" button
        show_passage(st.container(border=True), p, c, f"link:{key}:{p.id}", p.id == chosen)


def feature_panel(fid: str) -> None:
    """One feature named in the link (no click yet): its name, holder and passages."""
    try:
        first = atlas.feature(fid).iloc[0]
    except SpheremapError:
        st.warning(f"No feature {view.markdown_text(fid)} in this atlas.")
        return
    st.markdown(
        f"**{view.markdown_text(first['name'])}** · "
        + view.markdown_text(view.status_phrase(first["kind"], first["power"], first["status"]))
    )
    passages_of(fid, "f")


def place_panel(picked, s: view.ViewState) -> None:
    """Every feature under the clicked point on the day, each with its passages, then the
    place's history."""
    lon, lat, zoom = picked
    under = render.features_under(atlas, lon, lat, s.date, s.kinds, zoom)
    st.markdown(
        f"**At {abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
        f"** on {view.day_text(s.date)}: "
        + view.count_phrase(len(under), "feature", "features")
        + " under the click."
    )
    for i, m in enumerate(under):
        with st.container(border=True, key=f"under:{i}"):
            st.markdown(
                f"**{view.markdown_text(m.name)}** · "
                + view.markdown_text(view.status_phrase(m.kind, m.power, m.status))
                + f" · {view.markdown_text(view.span_text(m.start_date, m.end_date, m.date_precision))}"
            )
            passages_of(m.id, f"u{i}")
    try:
        past = atlas.history(lon, lat)
    except SpheremapError:
        return
    rows = view.history_rows(past)
    if rows:
        with st.expander(f"History of this place ({len(rows)} spans)"):
            st.markdown("\n".join(f"- {view.markdown_text(r)}" for r in rows))


# ------------------------------------------------------------------------ setup
root = os.environ.get("SPHEREMAP_DATA") or None
try:
    atlas = load_atlas(root)
except DataError as exc:
    st.error(view.markdown_text(f"The atlas does not load: {exc}"))
    st.stop()

corpus, corpus_problem = load_corpus(root)

if "date" not in st.session_state:  # first run of this session: the URL decides
    initial, problems = view.from_query(st.query_params.to_dict())
    apply(initial)
    # the link's view, else a preset's day framed like the preset, else what changed that day
    at = view.view_from_query(st.query_params.to_dict())
    preset_day = next((k for k, p in sm_time.PRESETS.items() if p.date == initial.date), None)
    if at is not None:
        frame_map(center=at[:2], zoom=at[2])
    elif preset_day is not None:
        frame_map(bounds=view.PRESET_BOUNDS[preset_day])
    else:
        frame_map(bounds=view.date_bounds(atlas, initial.date, initial.kinds))
    st.session_state["selected"] = ()
    if initial.passage and corpus is not None:
        try:
            chosen = corpus.passage(initial.passage)
        except SpheremapError as exc:
            problems.append(f"{exc} in the link")
        else:
            _, ids, bounds = view.passage_focus(
                chosen, corpus.features_for_passage(chosen.id), atlas.features
            )
            go_passage(chosen.id, None, ids, bounds)  # the link's date wins
    # they quote the link's values: plain text only. Kept until the reader acts (a toast
    # would vanish with the next rerun)
    st.session_state["link_problems"] = [view.markdown_text(msg) for msg in problems]

# ------------------------------------------------------------------------ sidebar
with st.sidebar:
    st.title("spheremap")
    st.caption("Spheres, occupations and zones, 1938–1949, beside the texts that tell them.")
    cols = st.columns(len(sm_time.PRESETS))
    for col, (label, preset) in zip(cols, sm_time.PRESETS.items(), strict=True):
        col.button(
            label,
            key=f"preset:{label}",
            help=preset.description,
            on_click=go_preset,
            args=(label,),
            use_container_width=True,
        )
    st.subheader("Layers")
    for fam in view.FAMILIES:
        st.toggle(fam, key=f"fam:{fam}")
    st.subheader("Compare")
    st.toggle(
        "Compare with another day",
        key="cmp_on",
        help="shade the ground that changed hands between that day and the map's day",
    )
    if st.session_state.get("cmp_on"):
        st.date_input(
            "Changes since",
            value=date(1939, 8, 1),
            min_value=sm_time.RANGE_START,
            max_value=LAST_DAY,
            key="cmp_day",
        )
    tiles = st.selectbox(
        "Background",
        ["Offline (no tiles)", *render.ONLINE_TILES],
        key="tiles",
        help="Tile layers load from the internet; the default needs no network.",
    )

s = state()

# ------------------------------------------------------------------------ map
left, right = st.columns([5, 3], gap="medium")
with left:
    for msg in st.session_state.get("link_problems") or ():
        st.warning(msg)
    preset_now = next((p for p in sm_time.PRESETS.values() if p.date == s.date), None)
    st.markdown(f"#### {s.date.strftime('%d %B %Y').lstrip('0')}")
    if preset_now:
        st.caption(view.markdown_text(preset_now.description))
    selected = tuple(st.session_state.get("selected") or ())
    store = load_feature_store()
    # a session's first map carries its features whole (the browser holds none of them yet),
    # and so does every rerun showing that same map: a payload sent another way would redraw
    # the map and close the popup of the reader's first click
    shown = (s.date, tuple(s.kinds), selected)
    first_map = st.session_state.setdefault("first_map", shown) == shown
    payload = render.payload_at(atlas, s.date, s.kinds, selected, store=store, inline=first_map)
    m = render.base_map(
        load_basemap(root),
        tiles=None if tiles.startswith("Offline") else tiles,
        basemap_asset=load_basemap_asset(root),
    )
    fit = st.session_state.get("fit")
    cmp_day = st.session_state.get("cmp_day") if st.session_state.get("cmp_on") else None
    comparison, overlay = load_comparison(root, cmp_day, s.date) if cmp_day else (None, None)
    returned = st_folium(
        m,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=render.dated_group(
            payload, fit=fit.as_dict() if fit else None, overlay=overlay
        ),
        returned_objects=["last_object_clicked", "last_object_clicked_count", "center", "zoom"],
        on_change=map_reported,
    )
    prev_day, next_day = time_controls()
    render.warm_around(atlas, s.date, s.kinds, selected, store=store)
    # what the map reported (st_folium copies its value under MAP_KEY when it changes)
    reported = st.session_state.get(MAP_KEY)
    returned = reported if isinstance(reported, dict) else returned
    returned = returned if isinstance(returned, dict) else {}
    clicked = view.clicked_point(returned)
    if clicked and clicked != st.session_state.get("clicked_seen"):
        st.session_state["clicked_seen"] = clicked
        st.session_state["picked"] = (clicked[0], clicked[1], returned.get("zoom"))
        under = render.features_under(
            atlas, clicked[0], clicked[1], s.date, s.kinds, returned.get("zoom")
        )
        st.session_state["feature"] = under[0].id if under else None
    picked = st.session_state.get("picked")
    if picked:  # who held the clicked place, 1938-1949 (its spans move the slider)
        history_strip(atlas, (picked[0], picked[1]), s.date)
    if comparison is not None:
        compare_table(comparison)
    st.caption(
        f"{payload.feature_count} features drawn · layers: "
        + (", ".join(s.kinds) or "none")
        + " · click a feature for its passages"
    )

    d1, d2 = st.columns(2)
    view_problem = export.passages_problem(atlas)  # the view export would stop: say why
    d1.download_button(
        "Download this view",
        data=lambda: export.view_html(atlas, s.date, s.kinds, cmp_day),
        file_name=f"spheremap-{s.date.isoformat()}.html",
        mime="text/html",
        on_click="ignore",
        use_container_width=True,
        disabled=view_problem is not None,
        help=view.markdown_text(view_problem) if view_problem else None,
    )
    d2.download_button(
        "Download the atlas",
        data=lambda: export.atlas_html(atlas),
        file_name="spheremap-atlas.html",
        mime="text/html",
        on_click="ignore",
        use_container_width=True,
    )

# ------------------------------------------------------------------------ passages
s = state()
with right:
    picked = st.session_state.get("picked")
    if picked:
        place_panel(picked, s)
        st.divider()
    elif s.feature:
        feature_panel(s.feature)
        st.divider()

    docs = {}
    if corpus is not None:
        docs.update({d.name: d for d in getattr(corpus, "documents", ())})
    uploads = session_uploads()
    docs.update({name: c.documents[0] for name, c in uploads.items()})
    if corpus_problem:
        st.caption(view.markdown_text(corpus_problem))
    upload_key = f"upload:{st.session_state.get('upload_round', 0)}"
    st.file_uploader(
        "Add a document",
        type=DOC_TYPES,
        key=upload_key,
        on_change=take_upload,
        args=(upload_key, atlas),
        max_upload_size=documents.MAX_BYTES // 2**20,
        help=(
            f"MediaWiki, Markdown or plain text, up to {documents.MAX_BYTES // 2**20} MB "
            f"and {view.UPLOAD_SECONDS:g} s of processing; this tab keeps its "
            f"{view.UPLOAD_LIMIT} latest uploads."
        ),
    )
    if st.session_state.get("upload_error"):
        st.error(
            "Could not read the document. " + view.markdown_text(st.session_state["upload_error"])
        )
    if st.session_state.get("upload_note"):
        st.info(view.markdown_text(st.session_state["upload_note"]))

    if not docs:
        st.info("No documents loaded.")
    else:
        names = list(docs)
        if st.session_state.get("doc") not in names:
            st.session_state["doc"] = names[0]
        labels = view.document_labels(docs)
        st.selectbox("Document", names, key="doc", format_func=labels.__getitem__)
        doc = docs[st.session_state["doc"]]
        doc_corpus = uploads.get(doc.name, corpus)
        if st.session_state.get("story_doc") != doc.name:  # a new document starts a new story
            st.session_state["story_doc"], st.session_state["story_step"] = doc.name, None
        if any(view.passage_day(p) for p in doc.passages) and st.toggle(
            "Story mode",
            key="story",
            help="step through the document's dated passages; the map follows (← → keys)",
        ):
            story_panel(story_of(doc, doc_corpus), doc.title)
        passages = list(doc.passages)
        start, stop = view.passage_window(passages, s.date)
        st.caption(
            view.markdown_text(view.passages_caption(doc.title, passages, s.date, (start, stop)))
        )
        min_score = st.slider(
            "Hide links scored below",
            0.0,
            1.0,
            0.0,
            0.05,
            key="min_score",
            help="each automatic link has a score (how sure its rule is); curated links score 1",
        )
        with st.container(height=MAP_HEIGHT - 120, key="passages"):
            for p in passages[start:stop]:
                box = st.container(border=True, key=f"passage:{p.index}")
                badge = view.date_badge(p, s.date)
                if badge:
                    colour = "gray" if badge.startswith("also") else "orange"
                    box.markdown(f":{colour}-badge[{view.markdown_text(badge)}]")
                show_passage(box, p, doc_corpus, f"show:{p.id}", p.id == s.passage, min_score)
                show_date_chips(box, p)

# ------------------------------------------------------------------------ URL
s = state()
wanted = view.to_query(replace(s, doc=st.session_state.get("doc")))
wanted.update(st.session_state.get("map_view") or {})  # the map's centre and zoom
if st.query_params.to_dict() != wanted:
    st.query_params.from_dict(wanted)

# A closed tab's session waits server.disconnectedSessionTTL (and then the next disconnect) for
# a reconnect, keeping this run's names alive (its callbacks refer to them): keep no upload in
# them, so that session_uploads' release at disconnect frees the documents at once.
doc = doc_corpus = docs = passages = uploads = None
