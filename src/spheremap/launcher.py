"""Starting the explorer: ``spheremap app`` runs Streamlit on the packaged (or checkout's) app.

The explorer is ``app.py`` with ``static/`` (Leaflet and the runtime, served by Streamlit's
static serving) and its settings (``.streamlit/config.toml``: ``enableStaticServing``) beside
it. In a checkout these are the repository's top-level files; a wheel carries copies under
``spheremap/_data/app/``. Streamlit reads the settings beside the script whatever the working
folder, so the explorer starts the same, offline, from any folder.
"""

from __future__ import annotations

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


def app_environment(data: str | os.PathLike | None) -> dict[str, str]:
    """The environment for the app: ``SPHEREMAP_DATA`` set to ``data`` (absolute) if given.

    Raises
    ------
    InputError
        If ``data`` is not a folder with ``layers/``.
    """
    env = dict(os.environ)
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
        render.payload_at(atlas, initial.date, initial.kinds, ())
        render.change_dates(atlas, initial.kinds)
    except SpheremapError as exc:  # bad data: the app shows it to the user on its own run
        _LOG.warning("warm start failed: %s", exc)


def serve(argv: list[str]) -> int:
    """``streamlit <argv>`` in this process, with :func:`warm_start` running beside it."""
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
