"""One vocabulary: sides, kinds and optional fields are read from model by every module."""

from __future__ import annotations

import ast
import json
import logging
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from shapely.geometry import Point

from spheremap import cli, fronts, layers, links, model, render, view
from spheremap.model import EAST, WEST, DataError, InputError

SRC = Path(__file__).resolve().parents[1] / "src" / "spheremap"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
ARMISTICE = date(1943, 9, 8)  # Italy's armistice announced
LAST_DAY_OF_WAR = fronts.WAR_END - timedelta(days=1)


# ----------------------------------------------------------------------------- sides
def test_italy_changes_side_with_the_armistice():
    assert model.side_of("Italy", ARMISTICE - timedelta(days=1)) == model.AXIS
    assert model.side_of("Italy", ARMISTICE + timedelta(days=1)) == WEST


def test_the_allies_of_links_are_on_an_allied_side_of_fronts():
    """ "The Allies" in a text names powers that the front derivation puts on an Allied side."""
    for power in links.ALLIED_POWERS:
        assert fronts.side_of(power, LAST_DAY_OF_WAR) in (EAST, WEST), power
    named = links._powers_named("The Allies met at Yalta.", [], links.load_gazetteer())
    assert {p for p in named if p != "Allies"} == set(links.ALLIED_POWERS)
    assert fronts.side_of("Allies", LAST_DAY_OF_WAR) == WEST


@pytest.fixture(scope="module")
def war():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    from geobuild import claims_1941_1945

    return claims_1941_1945


def test_the_build_puts_italian_ground_on_the_side_of_the_day(war):
    """The build's episode test (``modelled_side``) reads the sides table: Italian-held
    ground is Axis before the armistice and Western after it (the old copy had Italy on both
    sides, so Italian ground counted as Allied even in 1941)."""
    import shapely
    from geobuild.claims import Claim

    rome = (12.5, 41.9)
    held = Claim(
        "italy-test", "Italy", "Italy", "sovereign", date(1938, 10, 1), None, "day", ("S",),
        Point(rome).buffer(0.5), "",
    )  # fmt: skip
    tree = shapely.STRtree([held.geometry])
    cap = war.Capture("Rome", *rome, date(1944, 6, 4), "allied", "US", "S")
    assert war.modelled_side([held], tree, cap, ARMISTICE - timedelta(days=1)) == "axis"
    assert war.modelled_side([held], tree, cap, ARMISTICE + timedelta(days=1)) == "allied"


# ----------------------------------------------------------------------------- kinds
def _layer(tmp_path: Path, **props) -> Path:
    base = dict(
        id="f1", name="F", kind="line", power="UK", status="boundary",
        start_date="1940-01-01", end_date=None, date_precision="day", sources=["S"],
    )  # fmt: skip
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {**base, **props},
                "geometry": {"type": "LineString", "coordinates": [[10, 50], [11, 51]]},
            }
        ],
    }
    path = tmp_path / "layers" / "extra.geojson"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_an_unknown_kind_is_a_validation_error_naming_the_file(tmp_path):
    path = _layer(tmp_path, kind="river")
    result = layers.load([path])
    assert len(result.frame) == 0
    (problem,) = result.problems
    assert problem.path == str(path) and "unknown kind 'river'" in problem.message


def test_an_unknown_kind_never_reaches_render_as_a_key_error():
    with pytest.raises(InputError, match="unknown kind 'river'"):
        render.legend_entry("river|UK")
    with pytest.raises(InputError, match="unknown kind"):
        render.feature_style("river", "UK", "")


def test_modules_read_the_kind_table():
    """What each module derives from :data:`model.KIND_TABLE` (by property, not by copy)."""
    assert set(view.FAMILIES["Zones and sectors"]) == {"zone", "sector"}
    assert set(cli.CSV_KINDS) == {k.name for k in model.KIND_TABLE if k.areal}
    assert render.DRAW_ORDER[0] == "control" and render.DRAW_ORDER[-1] == "event"
    assert links._kinds_cued("the British zone of occupation") >= {"zone"}
    assert render.legend_entry("sphere|USSR")["label"] == "Sphere of USSR"
    # every kind has every table entry the other modules look up
    for kind in model.KINDS:
        render.legend_entry(f"{kind}|USSR")
        assert any(kind in kinds for kinds in view.FAMILIES.values())


# ----------------------------------------------------------------------------- optional fields
@pytest.mark.parametrize(
    "props, message",
    [
        (dict(approximate="yes"), "'approximate' must be true or false"),
        (dict(precision_km=-5), "'precision_km' must be a positive number"),
        (dict(precision_km=True), "'precision_km' must be a positive number"),
        (dict(status="frontline", theatre="pacific"), "unknown theatre 'pacific'"),
        (dict(theatre="east"), "'theatre' is only for front lines"),
        (dict(territory=""), "'territory' must be a non-empty string"),
        (dict(territory=["Germany"]), "'territory' must be a non-empty string"),
        (dict(territory="Germany"), "'territory' is only for zone and sector features, not line"),
        (dict(zone_part="whole"), "unknown zone_part 'whole'"),
        (dict(zone_part="main"), "'zone_part' is only for zone features with a territory"),
    ],
)
def test_optional_fields_are_validated(tmp_path, props, message):
    path = _layer(tmp_path, **props)
    problems = layers.load([path]).problems
    assert [p.path for p in problems] == [str(path)]
    assert message in problems[0].message


def test_optional_fields_are_loaded(tmp_path):
    path = _layer(tmp_path, status="frontline", theatre="west", precision_km=15, approximate=True)
    result = layers.load([path])
    assert not result.problems
    row = result.frame.iloc[0]
    assert (row["theatre"], row["precision_km"], row["approximate"]) == ("west", 15, True)


@pytest.mark.parametrize(
    ("territory", "problem"),
    [("Germany", None), (None, "'zone_part' is only for zone features with a territory")],
)
def test_zone_part_is_loaded_for_a_zone_of_a_territory(tmp_path, territory, problem):
    path = _layer(tmp_path, kind="zone", status="occupied", zone_part="enclave")
    doc = json.loads(path.read_text(encoding="utf-8"))
    feature = doc["features"][0]
    feature["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 51], [10, 50]]],
    }
    if territory:
        feature["properties"]["territory"] = territory
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = layers.load([path])
    messages = [p.message for p in result.problems]
    if problem is None:
        assert messages == []
        assert result.frame.iloc[0]["zone_part"] == "enclave"
    else:
        assert any(problem in m for m in messages), messages


def test_bundled_approximate_traces_are_marked_by_field(atlas):
    """The build marks the traces listed in geodata/sources/approximate_traces.csv."""
    flagged = atlas.features[atlas.features["approximate"] == True]  # noqa: E712
    assert len(flagged) > 0
    assert "allied-zone-a-venezia-giulia-1945" in set(flagged["id"])


def test_the_build_refuses_a_stale_approximate_row(tmp_path):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    from geobuild.tables import mark_approximate

    table = tmp_path / "approximate.csv"
    table.write_text("id,why\nno-such-id,typo\n", encoding="utf-8")
    with pytest.raises(DataError, match="no-such-id"):
        mark_approximate([{"id": "other"}], table)
    table.write_text("id,why\nother,drawn from a sketch map\n", encoding="utf-8")
    props = [{"id": "other"}, {"id": "exact"}]
    assert mark_approximate(props, table) == 1
    assert props == [{"id": "other", "approximate": True}, {"id": "exact"}]


# ----------------------------------------------------------------------------- structure
def _imports(path: Path) -> set[str]:
    """The spheremap modules ``path`` imports, at any depth (function bodies included), but
    not those imported only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spheremap"):
            if node.module == "spheremap":
                out |= {a.name for a in node.names}
            else:
                out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("spheremap.")}
    return out


def test_the_package_import_graph_has_no_circle():
    graph = {p.stem: _imports(p) - {p.stem} for p in SRC.glob("*.py") if p.stem != "__init__"}
    graph = {k: {m for m in v if m in graph} for k, v in graph.items()}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join((*path, node))
        if node in done:
            return
        for nxt in graph[node]:
            visit(nxt, (*path, node))
        done.add(node)

    for node in graph:
        visit(node, ())


def test_the_package_catches_only_its_own_errors():
    """No broad handler (``except Exception``, ``BaseException``, bare) that swallows: a broad
    one must re-raise (clean-up); the CLI names its own errors and the system's (OSError)."""
    found = []
    for path in SRC.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            broad = isinstance(node, ast.ExceptHandler) and (
                node.type is None or ast.unparse(node.type) in ("Exception", "BaseException")
            )
            if broad and not any(
                isinstance(n, ast.Raise) and n.exc is None for n in ast.walk(node)
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


# ----------------------------------------------------------------------------- warm-up
class _FakeAtlas:
    """Stands for an atlas: warm only hands it to payload_at."""


def test_warm_starts_one_thread_per_atlas_and_logs_failures(monkeypatch, caplog):
    seen, done = [], threading.Event()

    def payload_at(atlas, day, kinds, selected, store=None):
        seen.append(day)
        if day == date(1941, 1, 1):
            raise DataError("layers/x.geojson", "broken")
        if len(seen) == 3:
            done.set()

    monkeypatch.setattr(render, "payload_at", payload_at)
    atlas = _FakeAtlas()
    caplog.set_level(logging.WARNING, logger="spheremap.render")
    render.warm(atlas, [date(1941, 1, 1)], ["control"])
    first = render._WARMERS[atlas].thread
    render.warm(atlas, [date(1942, 1, 1), None, date(1943, 1, 1)], ["control"])
    assert render._WARMERS[atlas].thread is first
    assert done.wait(30), seen
    assert seen == [date(1941, 1, 1), date(1942, 1, 1), date(1943, 1, 1)]
    assert any("layers/x.geojson: broken" in r.getMessage() for r in caplog.records)
