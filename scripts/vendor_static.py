"""Refresh the vendored front-end files in ``src/spheremap/static/`` from npm.

Run ``python scripts/vendor_static.py`` (needs ``npm`` and the npm registry). It fetches the
pinned packages with ``npm pack`` (which checks the registry's integrity hash), copies only the
files the maps use, together with each package's licence, and prints what it wrote. The app and
the exports then never reach the network: Streamlit serves these files from ``static/`` and the
exports inline them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "spheremap" / "static"

#: package spec -> (destination folder, files to copy from the package root)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "leaflet@1.9.4": (
        "leaflet",
        (
            "LICENSE",
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
        ),
    ),
}


def vendor(spec: str, dest_name: str, files: tuple[str, ...], work: Path) -> list[Path]:
    """Fetch one npm package and copy the listed files into ``static/<dest_name>/``.

    Parameters
    ----------
    spec : str
        npm package spec with an exact version, e.g. ``"leaflet@1.9.4"``.
    dest_name : str
        Folder under ``static/``.
    files : tuple of str
        Paths inside the package; ``dist/`` is dropped in the destination.
    work : Path
        Scratch directory.

    Returns
    -------
    list of Path
        The files written.
    """
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = work / out.stdout.strip().splitlines()[-1]
    unpacked = work / dest_name
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="data")
    written = []
    dest = STATIC / dest_name
    if dest.exists():
        shutil.rmtree(dest)
    for rel in files:
        src = unpacked / "package" / rel
        if not src.is_file():
            raise SystemExit(f"{spec}: {rel} is missing from the package")
        target = dest / rel.removeprefix("dist/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        written.append(target)
    return written


def main() -> int:
    """Vendor every pinned package; return a process exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (dest, files) in PACKAGES.items():
            for path in vendor(spec, dest, files, Path(tmp)):
                print(f"{spec}: {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
