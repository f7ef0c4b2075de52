"""A new power and a new kind, added by changing only the vocabulary file and the data.

The package reads its kinds and powers from ``vocabulary.toml`` when it starts
(``SPHEREMAP_VOCABULARY`` names another copy). Here a copy gains one power (Ruritania, with a
colour and an adjective) and one kind (a cordon), and a copy of the mini data gains one cordon
held by Ruritania; the command line, run as a user runs it, then answers ``where`` with it, adds
its CSV columns, validates the data, and draws it with its legend row in the view and the atlas
exports. No code is edited.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spheremap import model

REPO = Path(__file__).resolve().parents[1]

NEW_ENTRIES = """
[[power]]
name = "Ruritania"
colour = "#117733"
adjective = "Ruritanian"

[[kind]]
name = "cordon"
label = "Cordons"
family = "Cordons"
legend = "cordon"
geometry_types = ["Polygon", "MultiPolygon"]
areal = true
draw_rank = 6
labelled = true
csv_column = true
tolerance_scale = 1.0
cues = "\\\\bcordons?\\\\b"
fill = "colour"
style = { fillOpacity = 0.35, weight = 2.0 }
"""

CORDON = {
    "type": "Feature",
    "properties": {
        "id": "cordon-ruritania",
        "name": "Ruritanian cordon",
        "kind": "cordon",
        "power": "Ruritania",
        "status": "occupied",
        "start_date": "1946-01-01",
        "end_date": "1947-01-01",
        "date_precision": "day",
        "sources": ["test fixture"],
    },
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[6, 1], [9, 1], [9, 4], [6, 4], [6, 1]]],
    },
}


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> tuple[Path, dict]:
    """(data root, environment) with the extended vocabulary and the cordon in the data."""
    tmp = tmp_path_factory.mktemp("extended")
    vocabulary = tmp / "vocabulary.toml"
    vocabulary.write_text(
        model.VOCABULARY_FILE.read_text(encoding="utf-8") + NEW_ENTRIES, encoding="utf-8"
    )
    root = tmp / "data"
    shutil.copytree(REPO / "tests" / "data" / "mini", root)
    (root / "layers" / "cordons.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [CORDON]}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        model.VOCABULARY_ENV: str(vocabulary),
        "SPHEREMAP_DATA": str(root),
    }
    return root, env


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spheremap.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_new_power_and_kind_validate_and_answer_where(extended):
    root, env = extended
    done = cli(env, "validate")
    assert done.returncode == 0, done.stderr
    done = cli(env, "where", "7.5", "2.5", "--date", "1946-06-01", "--json")
    assert done.returncode == 0, done.stderr
    (cordon,) = [m for m in json.loads(done.stdout) if m["kind"] == "cordon"]
    assert cordon["id"] == "cordon-ruritania" and cordon["power"] == "Ruritania"


def test_the_new_kind_gets_its_csv_columns(extended, tmp_path):
    root, env = extended
    towns = tmp_path / "towns.csv"
    towns.write_text("lon,lat,date\n7.5,2.5,1946-06-01\n7.5,2.5,1945-06-01\n", encoding="utf-8")
    done = cli(env, "where", "--input", str(towns))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["cordon_power"] == "Ruritania" and rows[0]["cordon_id"] == "cordon-ruritania"
    assert rows[1]["cordon_power"] == ""  # not yet drawn in 1945


def test_the_exports_draw_the_new_kind_with_its_legend_row(extended, tmp_path):
    root, env = extended
    view, atlas = tmp_path / "view.html", tmp_path / "atlas.html"
    done = cli(env, "export", "--date", "1946-06-01", "--out", str(view))
    assert done.returncode == 0, done.stderr
    done = cli(env, "export", "--atlas", "--out", str(atlas))
    assert done.returncode == 0, done.stderr
    for page in (view.read_text(encoding="utf-8"), atlas.read_text(encoding="utf-8")):
        assert "cordon-ruritania" in page
        assert "Cordon of Ruritania" in page  # its legend row
        assert "#117733" in page  # drawn in the new power's colour
    assert re.search(r'"cordon":\s*"Cordons"', atlas.read_text(encoding="utf-8"))  # its toggle


def test_without_the_vocabulary_entries_the_data_is_refused(extended):
    root, env = extended
    plain = {k: v for k, v in env.items() if k != model.VOCABULARY_ENV}
    done = cli(plain, "validate")
    assert done.returncode != 0
    assert "cordon" in done.stdout + done.stderr
