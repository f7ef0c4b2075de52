"""Build hook: the wheel carries the explorer's run-time files as package data.

The repository keeps data and the UI at the top level (``geodata/``, ``app.py``,
``.streamlit/config.toml``); the library finds them there in a checkout. A wheel has no
checkout, so ``build_py`` copies them into ``spheremap/_data/``:

* ``geodata/`` without ``sources/`` (build inputs of ``make data``, never read at run time)
  -> ``spheremap/_data/geodata/``;
* ``app.py``, ``.streamlit/config.toml`` and the static assets (``src/spheremap/static``)
  -> ``spheremap/_data/app/`` (Streamlit serves ``static/`` beside the script).

Everything else is in ``pyproject.toml``. Editable installs copy nothing: they read the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Build inputs under geodata/ that the installed package never reads.
GEODATA_EXCLUDE = ("sources",)


def _copy_tree(src: Path, dest: Path, exclude: tuple[str, ...] = ()) -> None:
    shutil.copytree(
        src,
        dest,
        ignore=lambda folder, names: (
            [n for n in names if n in exclude or n == "__pycache__"]
            if Path(folder) == src
            else [n for n in names if n == "__pycache__"]
        ),
    )


class build_py_with_data(build_py):  # noqa: N801 (setuptools command naming)
    """``build_py`` plus the run-time data, the app and its settings under ``spheremap/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        needed = [ROOT / "geodata" / "layers", ROOT / "app.py", ROOT / ".streamlit" / "config.toml"]
        missing = [str(p.relative_to(ROOT)) for p in needed if not p.exists()]
        if missing:
            raise SystemExit(
                f"spheremap build: {', '.join(missing)} missing: build from a full checkout"
            )
        data = Path(self.build_lib) / "spheremap" / "_data"
        shutil.rmtree(data, ignore_errors=True)  # no stale files from an earlier build
        _copy_tree(ROOT / "geodata", data / "geodata", GEODATA_EXCLUDE)
        app = data / "app"
        app.mkdir(parents=True)
        shutil.copy2(ROOT / "app.py", app / "app.py")
        (app / ".streamlit").mkdir()
        shutil.copy2(ROOT / ".streamlit" / "config.toml", app / ".streamlit" / "config.toml")
        # static/generated/ holds files the app writes at run time (the basemap script)
        _copy_tree(ROOT / "src" / "spheremap" / "static", app / "static", ("generated",))


setup(cmdclass={"build_py": build_py_with_data})
