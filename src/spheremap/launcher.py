"""Starting the explorer: ``spheremap app`` runs Streamlit on the packaged (or checkout's) app.

The explorer is ``app.py`` with ``static/`` (Leaflet and the runtime, served by Streamlit's
static serving) and its settings (``.streamlit/config.toml``: ``enableStaticServing``) beside
it. In a checkout these are the repository's top-level files; a wheel carries copies under
``spheremap/_data/app/``. Streamlit reads the settings beside the script whatever the working
folder, so the explorer starts the same, offline, from any folder.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path

from spheremap.model import DataError, InputError, SpheremapError

#: The environment variable naming another ``geodata/`` folder (app and CLI alike).
DATA_ENV = "SPHEREMAP_DATA"


def app_script() -> Path:
    """The packaged app (in a wheel) or the checkout's ``app.py`` (editable install).

    Raises
    ------
    DataError
        If neither is there.
    """
    packaged = resources.files("spheremap").joinpath("_data", "app", "app.py")
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    for parent in Path(__file__).resolve().parents:
        if (parent / "app.py").is_file() and (parent / "geodata").is_dir():
            return parent / "app.py"
    raise DataError(packaged, "the explorer app is not installed (reinstall spheremap)")


def app_command(
    port: int | None = None, *, headless: bool = False, address: str | None = None
) -> list[str]:
    """The ``streamlit run`` command line that serves the explorer."""
    # spheremap.launcher runs Streamlit after starting to load the atlas (see serve)
    cmd = [sys.executable, "-m", "spheremap.launcher", "run", str(app_script())]
    if port is not None:
        cmd += ["--server.port", str(port)]
    if address is not None:
        cmd += ["--server.address", address]
    if headless:
        cmd += ["--server.headless", "true"]
    return cmd


#: The allocator the app's process uses for Python objects (``PYTHONMALLOC``): glibc's malloc
#: rather than pymalloc, whose 256 KiB arenas stay mapped while one object in them lives. After
#: twenty sessions close, the memory they freed then goes back to the system with the trim
#: (bench_sessions: 1.18-1.19x the warm baseline 60 s after, against 1.30-1.38x with pymalloc).
APP_ALLOCATOR = "malloc"


def app_environment(data: str | os.PathLike | None) -> dict[str, str]:
    """The environment for the app: ``SPHEREMAP_DATA`` set to ``data`` (absolute) if given, and
    ``PYTHONMALLOC`` set to :data:`APP_ALLOCATOR` unless the environment already chooses one.

    Raises
    ------
    InputError
        If ``data`` is not a folder with ``layers/``.
    """
    env = dict(os.environ)
    env.setdefault("PYTHONMALLOC", APP_ALLOCATOR)
    if data is not None:
        root = Path(data).expanduser().resolve()
        if not root.is_dir():
            raise InputError(f"{data}: no such folder")
        if not (root / "layers").is_dir():
            raise InputError(f"{data}: not a geodata folder (it has no layers/ folder)")
        env[DATA_ENV] = str(root)
    return env


def run_app(
    port: int | None = None,
    data: str | os.PathLike | None = None,
    *,
    headless: bool = False,
    address: str | None = None,
) -> int:
    """Serve the explorer until it is stopped.

    On POSIX this process becomes Streamlit (``exec``), so stopping it stops the server;
    elsewhere Streamlit runs as a child and its exit code is returned.
    """
    env = app_environment(data)
    cmd = app_command(port, headless=headless, address=address)
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env)


# ----------------------------------------------------------------------------- warm start
_LOG = logging.getLogger(__name__)
_ATLASES: dict = {}
_ATLAS_LOCK = threading.Lock()


def app_atlas(root: str | None):
    """The atlas of ``root``, loaded once per process.

    The explorer asks for it on every run; :func:`serve` starts loading it before the first
    visitor arrives, and a visitor who comes during the load waits for that load (the lock)
    instead of starting a second one.
    """
    from spheremap.atlas import Atlas

    with _ATLAS_LOCK:
        if root not in _ATLASES:
            _ATLASES[root] = Atlas.load(root)
        return _ATLASES[root]


def warm_start(root: str | None) -> None:
    """Build what the first page needs: the atlas, its documents and the opening view's layers.

    An optimisation only: bad data is logged, and the app meets (and reports) it again; any
    other error is a bug and surfaces in the thread.
    """
    from spheremap import render, view

    try:
        atlas = app_atlas(root)
        atlas.corpus  # noqa: B018 (a cached property: linking the documents is the cost)
        initial, _ = view.from_query({})
        store = render.feature_store(app_script().parent / "static")  # the app's own store
        render.payload_at(atlas, initial.date, initial.kinds, (), store=store, inline=True)
        render.change_dates(atlas, initial.kinds)
    except SpheremapError as exc:  # bad data: the app shows it to the user on its own run
        _LOG.warning("warm start failed: %s", exc)


# ------------------------------------------------------------------------ memory
#: glibc's ``mallopt`` parameter for the number of malloc arenas (``M_ARENA_MAX``).
_M_ARENA_MAX = -8
#: Arenas the app's process may use (glibc's default is 8 per core). Streamlit runs each
#: session's script in a thread of its own; with an arena per thread, memory a closed session
#: freed stays scattered over many arenas instead of being reused.
MALLOC_ARENAS = 2
#: Seconds after a session ends before freed memory is handed back (one trim for a burst).
TRIM_DELAY = 2.0


@functools.cache
def _glibc():
    """The C library when it is glibc (``mallopt``, ``malloc_trim``), else ``None``.

    Looked up once per process (the app calls this on every run).
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # musl and others name it differently: no glibc, nothing to tune
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas for the threads started from now on (:data:`MALLOC_ARENAS`).

    Does nothing where the C library is not glibc, or when ``MALLOC_ARENA_MAX`` is set in the
    environment (glibc then follows that). Returns whether the cap was set.
    """
    libc = _glibc()
    if libc is None or "MALLOC_ARENA_MAX" in os.environ:
        return False
    if _ARENAS_SET.get(arenas):  # once per process: the app asks on every run
        return True
    _ARENAS_SET[arenas] = bool(libc.mallopt(_M_ARENA_MAX, arenas))
    return _ARENAS_SET[arenas]


def release_memory() -> bool:
    """Hand the memory that is free in the process's heap back to the system (glibc only).

    Python and the libraries free memory to malloc, which keeps it for reuse: after a burst of
    sessions the process's resident size stays at its peak without this. Returns whether
    anything was released.
    """
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))


_ARENAS_SET: dict[int, bool] = {}
_TRIM_LOCK = threading.Lock()
_TRIM_TIMER: list[threading.Timer] = []


def release_memory_soon(delay: float = TRIM_DELAY) -> None:
    """:func:`release_memory` ``delay`` seconds from now; calls meanwhile share that one trim
    (twenty sessions closing at once trim once, after the last has let go of its memory)."""
    with _TRIM_LOCK:
        if _TRIM_TIMER and _TRIM_TIMER[0].is_alive():
            _TRIM_TIMER[0].cancel()
        timer = threading.Timer(delay, release_memory)
        timer.daemon = True
        timer.name = "spheremap-release-memory"
        _TRIM_TIMER[:] = [timer]
        timer.start()


#: Seconds with no session left before the explorer sheds its per-day caches (:func:`shed_idle`).
IDLE_DELAY = 30.0
_SESSIONS = {"live": 0}
_IDLE_TIMER: list[threading.Timer] = []
_IDLE_HOOKS: dict[str, object] = {}


def live_sessions() -> int:
    """How many explorer sessions are open (as counted by :func:`session_started`/``_ended``)."""
    with _TRIM_LOCK:
        return _SESSIONS["live"]


def when_idle(name: str, hook) -> None:
    """Call ``hook()`` too when the explorer sheds its caches (the app's own caches, e.g. the
    comparisons); registering a ``name`` again replaces its hook (the app registers on every run)."""
    with _TRIM_LOCK:
        _IDLE_HOOKS[name] = hook


def session_started() -> None:
    """A browser session opened: the caches are in use again (a pending shedding is called off)."""
    with _TRIM_LOCK:
        _SESSIONS["live"] += 1
        for timer in _IDLE_TIMER:
            timer.cancel()
        _IDLE_TIMER.clear()


def session_ended(delay: float | None = None) -> None:
    """A browser session closed: hand its memory back soon, and when it was the last one,
    shed the caches after ``delay`` seconds (:data:`IDLE_DELAY`) unless a session opens first."""
    with _TRIM_LOCK:
        _SESSIONS["live"] = max(0, _SESSIONS["live"] - 1)
        last = _SESSIONS["live"] == 0
        if last:
            for timer in _IDLE_TIMER:
                timer.cancel()
            timer = threading.Timer(IDLE_DELAY if delay is None else delay, shed_idle)
            timer.daemon = True
            timer.name = "spheremap-shed-idle"
            _IDLE_TIMER[:] = [timer]
            timer.start()
    release_memory_soon()


def shed_idle() -> bool:
    """With no session open, forget every per-day cache and keep only the opening page warm.

    The caches (snapshots, payloads, "what changed" lines, atlas pages, the app's comparisons)
    serve the days that the sessions visit; once all have gone, the process returns to what
    :func:`warm_start` builds (the atlas, its documents and the opening view) and hands the
    freed memory back. Returns ``False`` (and sheds nothing) if a session is open.
    """
    import gc

    from spheremap import export, render, view

    with _TRIM_LOCK:
        if _SESSIONS["live"]:
            return False
        hooks = list(_IDLE_HOOKS.values())
        atlases = dict(_ATLASES)
    render.drop_caches()
    view.drop_caches()
    export.drop_caches()
    for atlas in atlases.values():
        atlas.drop_caches()
    for hook in hooks:
        hook()
    gc.collect()
    for root in atlases:
        warm_start(root)
    release_memory()
    _LOG.debug("no session left: caches shed, opening view warm again")
    return True


def serve(argv: list[str]) -> int:
    """``streamlit <argv>`` in this process, with :func:`warm_start` running beside it."""
    limit_malloc_arenas()  # before Streamlit starts its threads
    root = os.environ.get(DATA_ENV) or None
    threading.Thread(
        target=warm_start, args=(root,), name="spheremap-warm-start", daemon=True
    ).start()
    from streamlit.web import cli as st_cli

    return st_cli.main(args=argv, prog_name="streamlit")


if __name__ == "__main__":
    # through the imported module, so that the app (same process) finds the same caches
    from spheremap.launcher import serve as _serve

    sys.exit(_serve(sys.argv[1:]))
