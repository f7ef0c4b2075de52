"""A new power and a new kind, added by changing only the vocabulary file and the data.

The package reads its kinds and powers from ``vocabulary.toml`` when it starts
(``SPHEREMAP_VOCABULARY`` names another copy). Here a copy gains one power (Ruritania, with a
colour, an adjective, the word that names it and a change of side in 1943) and one kind (a cordon), and a copy of the mini data gains one cordon
held by Ruritania; the command line, run as a user runs it, then answers ``where`` with it, adds
its CSV columns, validates the data, and draws it with its legend row in the view and the atlas
exports; the fronts put it on its side of the day and the passage links know the word that
names it. No code is edited. A vocabulary whose sides are out of order, overlap or name an
unknown side is refused with a one-line error naming the file.
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
from datetime import date
from pathlib import Path

import pytest

from spheremap import model

REPO = Path(__file__).resolve().parents[1]

NEW_ENTRIES = """
[[power]]
name = "Ruritania"
colour = "#117733"
adjective = "Ruritanian"
words = ["Ruritanian"]

[[power.sides]]
side = "axis"
until = 1943-03-01
source = "test fixture"

[[power.sides]]
side = "east"
from = 1943-03-01
source = "test fixture"
note = "changes side"

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


#: Germany | Ruritania | USSR, side by side; one authored Eastern Front. Prints, per day, the
#: sides of the three pieces and where the derived Eastern Front runs; then the side change
#: dates and the power a passage's "Ruritanian troops" names.
FRONTS_SCRIPT = """
import json
from datetime import date
import numpy as np
from shapely.geometry import LineString, box
from spheremap import fronts, links

geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)]
claims = [("Germany", "g"), ("Ruritania", "r"), ("USSR", "u")]
edges = fronts.shared_edges(geoms)
east = fronts.AuthoredFront("front-east", "east", date(1942, 1, 1), 30, "day", (), LineString())
out = {}
for day in (date(1942, 6, 1), date(1943, 2, 28), date(1943, 3, 1), date(1943, 6, 1)):
    sides = fronts.piece_sides(3, np.arange(3), np.arange(3), claims, day)
    derived = fronts.derive_fronts(edges, sides, np.full(len(edges.a), -1), [east], day, day)
    line = derived.geometry.iloc[0] if len(derived) else None
    out[day.isoformat()] = {
        "side": fronts.side_of("Ruritania", day),
        "front_x": sorted({x for x, _ in line.coords}) if line is not None else None,
    }
out["changes"] = [d.isoformat() for d in fronts.side_change_dates()]
out["troops"] = links._single_power("Ruritanian troops entered the town.")
print(json.dumps(out))
"""


def test_the_new_power_changes_side_on_its_date_and_the_front_moves(extended):
    root, env = extended
    done = subprocess.run(
        [sys.executable, "-c", FRONTS_SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # an Axis ally until 1 March 1943: the Eastern Front runs between it and the USSR
    assert got["1942-06-01"] == {"side": "axis", "front_x": [2.0]}
    assert got["1943-02-28"] == {"side": "axis", "front_x": [2.0]}
    # on the Soviet side from that day: the front runs between it and Germany
    assert got["1943-03-01"] == {"side": "east", "front_x": [1.0]}
    assert got["1943-06-01"] == {"side": "east", "front_x": [1.0]}
    assert "1943-03-01" in got["changes"]
    assert got["troops"] == "Ruritania"
    plain = {k: v for k, v in env.items() if k != model.VOCABULARY_ENV}
    done = subprocess.run(
        [sys.executable, "-c", FRONTS_SCRIPT],
        env=plain,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # without the entry Ruritania is on no side: no front on its boundaries, no word for it
    assert got["1943-06-01"] == {"side": None, "front_x": None}
    assert "1943-03-01" not in got["changes"] and got["troops"] is None


BAD_SIDES = {
    "unknown side": ('side = "allied"', "unknown side 'allied'"),
    "overlap": (
        'side = "axis"\nuntil = 1944-01-01\nsource = "x"\n\n[[power.sides]]\nside = "east"\n'
        'from = 1943-06-01\nsource = "x"',
        "sides overlap or are out of order",
    ),
    "out of order": (
        'side = "east"\nfrom = 1944-01-01\nsource = "x"\n\n[[power.sides]]\nside = "axis"\n'
        'until = 1943-06-01\nsource = "x"',
        "sides overlap or are out of order",
    ),
    "empty interval": (
        'side = "axis"\nfrom = 1944-01-01\nuntil = 1944-01-01\nsource = "x"',
        "is not before until",
    ),
    "no source": ('side = "axis"\nuntil = 1944-01-01', "needs its source"),
    "not a date": ('side = "axis"\nuntil = "1944-01-01"\nsource = "x"', "is not a date"),
    "open then more": (
        'side = "axis"\n\n[[power.sides]]\nside = "east"\nfrom = 1943-06-01\nsource = "x"',
        "sides overlap or are out of order",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SIDES))
def test_a_bad_side_entry_is_refused_naming_the_file(tmp_path, case):
    entry, message = BAD_SIDES[case]
    path = tmp_path / "vocabulary.toml"
    path.write_text(
        model.VOCABULARY_FILE.read_text(encoding="utf-8")
        + f'\n[[power]]\nname = "Ruritania"\n\n[[power.sides]]\n{entry}\n',
        encoding="utf-8",
    )
    with pytest.raises(model.DataError) as caught:
        model.load_vocabulary(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)  # one line


def test_a_word_naming_two_powers_is_refused(tmp_path):
    path = tmp_path / "vocabulary.toml"
    path.write_text(
        model.VOCABULARY_FILE.read_text(encoding="utf-8")
        + '\n[[power]]\nname = "Ruritania"\nwords = ["Soviet"]\n',
        encoding="utf-8",
    )
    with pytest.raises(model.DataError, match="word 'Soviet' names two powers"):
        model.load_vocabulary(path)


def test_the_shipped_vocabulary_holds_the_sides_and_words():
    kinds, powers = model.load_vocabulary(model.VOCABULARY_FILE)
    italy = next(p for p in powers if p["name"] == "Italy")
    assert [(r.side, r.start, r.end) for r in italy["sides"]] == [
        (model.AXIS, None, date(1943, 9, 8)),
        (model.WEST, date(1943, 9, 8), None),
    ]
    assert all(r.source for r in model.SIDES if r.start or r.end)  # every switch cites
    assert model.POWER_WORDS["Russian"] == "USSR" and model.POWER_WORDS["American"] == "US"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[[power]\nname = 'X'\n", "not a TOML vocabulary"),
        ("[[power]]\nname = 'X'\ncolour = 'red'\n", "is not #RRGGBB"),
    ],
)
@pytest.mark.parametrize("module", ["spheremap.console", "spheremap"])
def test_the_command_reports_a_broken_vocabulary_in_one_line(tmp_path, text, problem, module):
    """The vocabulary loads when the package is imported: the console command (and ``python -m
    spheremap``) still reports a broken one in one line naming the file, not with a traceback."""
    broken = tmp_path / "vocabulary.toml"
    broken.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), model.VOCABULARY_ENV: str(broken)}
    done = subprocess.run(
        [sys.executable, "-m", module, "where", "1", "2", "--date", "1940-01-01"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"spheremap: error: {broken}: ") and problem in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
