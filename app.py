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
from streamlit_folium import st_folium

from spheremap import documents, export, launcher, render, view
from spheremap import time as sm_time
from spheremap.atlas import Atlas
from spheremap.links import Corpus
from spheremap.model import DataError, SpheremapError

MAP_KEY = "map"
MAP_HEIGHT = 640
#: Conservative map size (pixels) for fitting: the map column is narrower than the page.
MAP_FIT_SIZE = (560, 560)
LAST_DAY = sm_time.RANGE_END - timedelta(days=1)
DOC_TYPES = ["wiki", "mediawiki", "mw", "md", "markdown", "txt", "text"]

st.set_page_config(page_title="spheremap", layout="wide")


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
def load_corpus(root: str | None):
    """The atlas's documents with their links; ``None`` with a message if they do not load."""
    try:
        return load_atlas(root).corpus, None
    except SpheremapError as exc:
        return None, f"Documents are unavailable: {exc}"


@st.cache_resource(scope="session", show_spinner=False)
def session_uploads() -> dict:
    """This session's uploaded documents: name -> linked Corpus, oldest first.

    Session-scoped: Streamlit drops it as soon as the tab's websocket closes (session_state
    itself waits ``server.disconnectedSessionTTL`` for a reconnect and is only reaped later),
    so a tab that reconnects after a network drop has to upload its documents again.
    """
    return {}


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
def go_preset(label: str) -> None:
    apply(view.preset_state(label, state()))
    st.session_state["fit"] = view.PRESET_VIEWS.get(label)
    st.session_state["selected"] = ()


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
        ss["fit"] = render.fit_view(bounds, MAP_FIT_SIZE)
    ss["selected"] = ids


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
    # a preset's day opens framed like the preset
    st.session_state["fit"] = next(
        (view.PRESET_VIEWS.get(k) for k, p in sm_time.PRESETS.items() if p.date == initial.date),
        None,
    )
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
    for msg in problems:  # they quote the link's values: plain text only
        st.toast(view.markdown_text(msg))

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
    st.slider(
        "Date",
        min_value=sm_time.RANGE_START,
        max_value=LAST_DAY,
        key="date",
        step=timedelta(days=1),
        format="YYYY-MM-DD",
    )
    day = st.session_state["date"]
    changes = render.change_dates(atlas, state().kinds)  # of the layers shown
    prev_day = sm_time.previous_change(day, changes)
    next_day = sm_time.next_change(day, changes)
    c1, c2 = st.columns(2)
    c1.button(
        "◀ Previous",
        key="prev",
        on_click=go_day,
        args=(prev_day,),
        disabled=prev_day is None,
        use_container_width=True,
        help=f"previous change of the map: {prev_day.isoformat()}" if prev_day else None,
    )
    c2.button(
        "Next ▶",
        key="next",
        on_click=go_day,
        args=(next_day,),
        disabled=next_day is None,
        use_container_width=True,
        help=f"next change of the map: {next_day.isoformat()}" if next_day else None,
    )
    st.caption(
        "Map changes: "
        + (prev_day.isoformat() if prev_day else "–")
        + " ◀ ▶ "
        + (next_day.isoformat() if next_day else "–")
    )
    st.subheader("Layers")
    for fam in view.FAMILIES:
        st.toggle(fam, key=f"fam:{fam}")
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
    preset_now = next((p for p in sm_time.PRESETS.values() if p.date == s.date), None)
    st.markdown(f"#### {s.date.strftime('%d %B %Y').lstrip('0')}")
    if preset_now:
        st.caption(view.markdown_text(preset_now.description))
    selected = tuple(st.session_state.get("selected") or ())
    payload = render.payload_at(atlas, s.date, s.kinds, selected)
    m = render.base_map(
        load_basemap(root),
        tiles=None if tiles.startswith("Offline") else tiles,
        basemap_asset=load_basemap_asset(root),
    )
    fit = st.session_state.get("fit")
    returned = st_folium(
        m,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=render.dated_group(payload),
        returned_objects=["last_active_drawing"],
        center=fit[0] if fit else None,
        zoom=fit[1] if fit else None,
    )
    render.warm(atlas, [next_day, prev_day], s.kinds, selected)
    clicked = view.clicked_feature(st.session_state.get(MAP_KEY))
    if clicked and clicked != st.session_state.get("clicked_seen"):
        st.session_state["clicked_seen"] = clicked
        st.session_state["feature"] = clicked
    st.caption(
        f"{payload.feature_count} features drawn · layers: "
        + (", ".join(s.kinds) or "none")
        + " · click a feature for its passages"
    )

    d1, d2 = st.columns(2)
    view_problem = export.passages_problem(atlas)  # the view export would stop: say why
    d1.download_button(
        "Download this view",
        data=lambda: export.view_html(atlas, s.date, s.kinds),
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
    fid = s.feature
    if fid:
        try:
            rows = atlas.feature(fid)
        except SpheremapError:
            rows = None
            st.warning(f"No feature {view.markdown_text(fid)} in this atlas.")
        if rows is not None:
            first = rows.iloc[0]
            st.markdown(
                f"**{view.markdown_text(first['name'])}** · "
                f"{view.markdown_text(first['power'])}, {view.markdown_text(first['status'])}"
            )
            linked = [(c, p) for c in corpora() for p in c.passages_for_feature(fid)]
            st.markdown(
                view.count_phrase(len(linked), "passage speaks", "passages speak")
                + " of it"
                + (":" if linked else ".")
            )
            for c, p in linked[:12]:
                st.button(
                    view.markdown_text(p.text[:140] + ("…" if len(p.text) > 140 else "")),
                    key=f"link:{p.id}",
                    on_click=go_passage,
                    args=(
                        p.id,
                        *view.passage_focus(p, c.features_for_passage(p.id), atlas.features),
                    ),
                    use_container_width=True,
                )
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
        st.selectbox("Document", names, key="doc")
        doc = docs[st.session_state["doc"]]
        doc_corpus = uploads.get(doc.name, corpus)
        passages = list(doc.passages)
        start, stop = view.passage_window(passages, s.date)
        hits = sum(view.speaks_of(p, s.date) for p in passages)
        st.caption(
            f"{view.markdown_text(doc.title)} · {len(passages)} passages · "
            f"{hits} speak of {s.date.isoformat()} · showing {start + 1}–{stop}"
        )
        with st.container(height=MAP_HEIGHT - 120, key="passages"):
            for p in passages[start:stop]:
                on = view.speaks_of(p, s.date)
                box = st.container(border=on, key=f"passage:{p.index}")
                if on:
                    box.markdown(":orange-badge[on this date]")
                box.markdown(view.markdown_text(p.text))
                ids = view.linked_ids(doc_corpus, p.id)
                if ids:
                    box.button(
                        "Show on map" + (" (chosen)" if p.id == s.passage else ""),
                        key=f"show:{p.id}",
                        help=f"go to this passage's date and fit the map to its {len(ids)} features",
                        on_click=go_passage,
                        args=(p.id, *view.passage_focus(p, ids, atlas.features)),
                        icon=":material/map:",
                        type="primary" if p.id == s.passage else "secondary",
                    )
                if p.dates:
                    chips = box.columns(min(len(p.dates), 4))
                    for i, d in enumerate(p.dates[:4]):
                        chips[i].button(
                            view.markdown_text(d.text),
                            key=f"chip:{p.id}:{i}",
                            help=f"move the slider to {d.start.isoformat()}",
                            on_click=go_day,
                            args=(d.start,),
                            type="tertiary",
                            icon=":material/event:",
                        )

# ------------------------------------------------------------------------ URL
s = state()
wanted = view.to_query(replace(s, doc=st.session_state.get("doc")))
if st.query_params.to_dict() != wanted:
    st.query_params.from_dict(wanted)
