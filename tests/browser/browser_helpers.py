"""Shared pieces of the browser tests and the render benchmark: the Streamlit server, chromium.

Never runs ``playwright install``. The browser is ``SPHEREMAP_CHROMIUM`` if set, else
``chromium`` on the PATH (Debian: ``apt-get install chromium``); ``.ci/run`` looks for it the
same way. Screenshots go to ``/tmp/r/`` (or ``SPHEREMAP_SHOTS``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOSTILE_ROOT = REPO / "tests" / "data" / "hostile"


def find_chromium() -> str | None:
    """``SPHEREMAP_CHROMIUM`` (a path or a command name), else ``chromium`` on the PATH."""
    wanted = os.environ.get("SPHEREMAP_CHROMIUM") or "chromium"
    if os.sep in wanted:
        return wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else None
    return shutil.which(wanted)


#: The browser's executable, or ``None`` when there is none.
CHROMIUM = find_chromium()
#: Why the browser tests cannot run, and what to do about it.
MISSING_CHROMIUM = (
    f"no chromium: {os.environ.get('SPHEREMAP_CHROMIUM') or 'chromium'!r} is not an executable "
    "(SPHEREMAP_CHROMIUM, else chromium on the PATH). Install it (Debian/Ubuntu: "
    "sudo apt-get install chromium) or point SPHEREMAP_CHROMIUM at a Chromium binary; "
    "SPHEREMAP_SKIP_BROWSER=1 skips the browser tests instead"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("SPHEREMAP_SHOTS", "/tmp/r"))
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_framed(page, fits: int = 1, timeout: float = 30_000) -> None:
    """Wait until the map has obeyed ``fits`` framing requests (``spheremap.fit`` marks its
    container). The map does not report a view the app set, so no rerun follows: the page is
    ready for a click as soon as this returns."""
    frame = page.locator(MAP_FRAME).last.element_handle(timeout=timeout).content_frame()
    frame.wait_for_function(
        "n => window.map && +window.map.getContainer().getAttribute('data-sm-fit') >= n",
        arg=fits,
        timeout=timeout,
    )


UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
#: True once the page shows one document uploader and no stale one. After an upload the app
#: draws a fresh uploader (a new key per upload round) and Streamlit keeps the old one, marked
#: stale, until that rerun ends: a second upload waits for it to go.
_ONE_LIVE_UPLOADER = """sel => {
  const inputs = [...document.querySelectorAll(sel)];
  return inputs.length === 1 && !inputs[0].closest('[data-stale="true"]');
}"""


def upload(page, path, timeout: float = 30_000) -> None:
    """Give the app's *Add a document* uploader the file at ``path`` (once it is the only one)."""
    page.wait_for_function(_ONE_LIVE_UPLOADER, arg=UPLOADER, timeout=timeout)
    page.locator(UPLOADER).set_input_files(str(path))


def component_reports(sent: list) -> int:
    """How many of the websocket frames the page ``sent`` carry the map's value (st_folium's
    report, which reruns the app): each holds the returned object names."""
    return sum(
        b"last_object_clicked_count" in (d if isinstance(d, bytes) else d.encode()) for d in sent
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Streamlit process on a free loopback port: ``streamlit run app.py`` of the checkout.

    ``command`` (given the port) starts something else, e.g. an installed ``spheremap app``;
    ``cwd`` and ``env`` default to the checkout and this process's environment.
    """

    def __init__(
        self,
        root: Path | None,
        *,
        command: Callable[[int], list[str]] | None = None,
        cwd: Path = REPO,
        env: dict[str, str] | None = None,
    ):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ if env is None else env)
        env.pop("SPHEREMAP_DATA", None)
        if root is not None:
            env["SPHEREMAP_DATA"] = str(root)
        if command is None:
            cmd = [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--browser.gatherUsageStats",
                "false",
            ]
        else:
            cmd = command(self.port)
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.proc.stdout.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
