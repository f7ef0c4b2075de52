"""The built wheel, installed into a fresh venv, works outside the repository and offline.

Builds the wheel from a copy of the checkout (``pip wheel --no-build-isolation --no-index``:
no downloads), installs it with ``--no-deps`` into a new venv that borrows this venv's
dependencies (a ``.pth`` line, so the checkout's editable install is not visible), and runs
the installed ``spheremap`` from a temporary folder: ``where``, ``export --atlas`` and
``app``, whose page must draw the map in chromium without a single external request.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from browser_helpers import MAP_FRAME, REPO, Server

#: Not part of a checkout a user would build from.
SKIP = {".git", ".venv", ".cache", "node_modules", "build", "dist", "__pycache__", ".pytest_cache"}
SKIP_SUFFIXES = (".egg-info", ".pyc")


def _ignore(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in SKIP or n.endswith(SKIP_SUFFIXES)]


def _run(cmd: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(venv bin folder, a working folder outside the repo, the wheel, its environment)``."""
    work = tmp_path_factory.mktemp("wheel")
    checkout = work / "checkout"
    shutil.copytree(REPO, checkout, ignore=_ignore, symlinks=True)
    dist = work / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "--wheel-dir", dist, checkout],
        cwd=work,
    )
    (wheel,) = dist.glob("spheremap-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPHEREMAP_DATA")}
    python = venv / "bin" / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work, env
    )
    # this venv's dependencies, after the new venv's own site-packages (no .pth runs from it)
    Path(purelib.stdout.strip(), "_spheremap_test_deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index"]
        + ["--quiet", wheel],
        cwd=work,
    )
    outside = work / "elsewhere"
    outside.mkdir()
    return venv / "bin", outside, wheel, env


def test_wheel_carries_the_runtime_data_and_app_but_not_the_build_sources(installed):
    _, _, wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    data = "spheremap/_data/"
    for needed in (
        "geodata/layers/control.geojson",
        "geodata/basemap/land.geojson",
        "geodata/gazetteer.csv",
        "geodata/links.csv",
        "app/app.py",
        "app/.streamlit/config.toml",
        "app/static/leaflet/leaflet.js",
    ):
        assert data + needed in names, needed
    assert not [n for n in names if n.startswith(data + "geodata/sources/")]
    assert wheel.stat().st_size < 20e6


def test_installed_package_reads_its_own_data_outside_the_repo(installed):
    bin_dir, outside, _, env = installed
    probe = (
        "import json, spheremap, spheremap.layers as l, spheremap.launcher as a;"
        "print(json.dumps([spheremap.__file__, str(l.default_root()), str(a.app_script())]))"
    )
    paths = json.loads(_run([bin_dir / "python", "-c", probe], outside, env).stdout)
    venv = str(bin_dir.parent)
    assert all(p.startswith(venv) for p in paths), paths


def test_installed_cli_answers_where_and_exports_the_atlas(installed):
    bin_dir, outside, _, env = installed
    where = _run(
        [bin_dir / "spheremap", "where", "13.40", "52.52", "--date", "1945-10-01"], outside, env
    )
    assert "sector" in where.stdout and "USSR" in where.stdout, where.stdout
    out = outside / "atlas.html"
    _run([bin_dir / "spheremap", "export", "--atlas", "--out", out.name], outside, env)
    html = out.read_text(encoding="utf-8")
    assert len(html) > 100_000 and "control" in html


def test_installed_app_draws_the_map_offline(installed, page, shots):
    bin_dir, outside, _, env = installed
    command = [bin_dir / "spheremap", "app", "--headless", "--address", "127.0.0.1", "--port"]
    server = Server(
        None, command=lambda port: [*map(str, command), str(port)], cwd=outside, env=env
    )
    try:
        page.goto(server.url)
        frame = page.frame_locator(MAP_FRAME).last
        drawn = frame.locator("path.leaflet-interactive")
        drawn.first.wait_for(state="attached", timeout=60_000)
        assert drawn.count() > 10
        page.screenshot(path=str(shots / "wheel_app.png"))
    finally:
        server.stop()
    assert page.external_requests == []
    assert page.page_errors == []
