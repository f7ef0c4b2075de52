"""The risings of 1944-1945: insurgent-held ground as dated control (status ``insurgent``)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point

from spheremap import Atlas, render
from spheremap.model import STATUSES

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from geobuild import claims_1941_1945 as war  # noqa: E402


@pytest.fixture(scope="module")
def atlas():
    return Atlas.load()


@pytest.fixture(scope="module")
def risings():
    return {c.id: c for c in war.rising_claims()}


def control(atlas, lon, lat, day):
    (m,) = [x for x in atlas.where(lon, lat, day) if x.kind == "control"]
    return m


@pytest.mark.parametrize(
    ("lon", "lat", "day", "power", "status"),
    [
        (21.005, 52.235, date(1944, 8, 15), "Poland", "insurgent"),  # Warsaw city centre
        (21.012, 52.250, date(1944, 9, 3), "Germany", "occupied"),  # Old Town after 2 Sep
        (19.15, 48.74, date(1944, 10, 10), "Czechoslovakia", "insurgent"),  # Banská Bystrica
        (2.347, 48.855, date(1944, 8, 22), "contested", "insurgent"),  # Paris
        (14.421, 50.087, date(1945, 5, 7), "Czechoslovakia", "insurgent"),  # Prague
        (21.045, 52.252, date(1944, 9, 16), "USSR", "occupied"),  # Praga
    ],
)
def test_the_risings_answer_with_power_and_status(atlas, lon, lat, day, power, status):
    m = control(atlas, lon, lat, day)
    assert (m.power, m.status) == (power, status), m.id


def test_warsaw_shrinks_district_by_district(atlas):
    """The insurgent-held area of Warsaw only shrinks between 1 Aug and 3 Oct 1944."""
    probes = [(20.975, 52.240), (21.012, 52.250), (21.028, 52.239), (21.040, 52.229),
              (21.014, 52.203), (20.984, 52.270), (21.005, 52.235), (21.012, 52.226)]  # fmt: skip
    held = []
    for day in (date(1944, 8, 2), date(1944, 8, 20), date(1944, 9, 4), date(1944, 9, 20),
                date(1944, 9, 26), date(1944, 9, 29), date(1944, 10, 2), date(1944, 10, 3)):  # fmt: skip
        held.append({p for p in probes if control(atlas, *p, day).status == "insurgent"})
    assert held[0] == set(probes)
    assert all(b <= a for a, b in zip(held, held[1:], strict=False))
    assert [len(h) for h in held] == [8, 7, 6, 5, 4, 3, 2, 0]


def test_rising_claims_are_dated_sourced_and_cut(risings):
    assert "insurgent" in STATUSES
    for c in risings.values():
        assert c.sources and c.note and c.precision in ("day", "approx"), c.id
    west, east = war._vistula_banks(war.read_shapes(war.RISINGS_CSV))
    for ident, c in risings.items():
        if ident.startswith("warsaw-rising"):
            assert c.geometry.difference(west).area < 1e-8, ident
    assert risings["praga-soviet-1944"].geometry.difference(east).area < 1e-8
    # the Slovak rising stays inside the Slovak state (Lučenec was Hungarian from 1938)
    for ident in ("snp-1944-early", "snp-1944-sep", "snp-1944-oct"):
        assert not risings[ident].geometry.contains(Point(19.67, 48.33)), ident
        assert risings[ident].geometry.contains(Point(19.15, 48.74)), ident
    early, sep, core = (
        risings[k].geometry for k in ("snp-1944-early", "snp-1944-sep", "snp-1944-oct")
    )
    assert early.area > sep.area > core.area


def test_insurgent_ground_is_hatched_with_its_own_legend_row():
    style = render.feature_style("control", "Poland", "insurgent")
    assert style["fillColor"].startswith("url(#sm-hatch-")
    assert render.legend_key("control", "Poland", "insurgent") == "insurgent|other"
    assert render.legend_key("control", "Poland", "sovereign") == "control|other"
    entry = render.legend_entry("insurgent|contested")
    assert "rising" in entry["label"] and entry["label"].endswith("(both sides)")
    order = render.legend_order(["zone|US", "insurgent|other", "control|USSR"])
    assert order == ["control|USSR", "insurgent|other", "zone|US"]


def test_a_government_under_occupation_and_administered_ground_have_legend_rows_of_their_own():
    """Italy's, Romania's or Poland's own government under Allied occupation is not ground
    "occupied by Italy" (the power is the state, not the occupier), and the Koenigsberg area or
    the Oder-Neisse territories are administered, not plainly held."""
    assert render.legend_key("control", "Italy", "under-occupation") == "under-occupation|Italy"
    assert render.legend_key("control", "Poland", "administered") == "administered|other"
    italy = render.legend_entry("under-occupation|Italy")["label"]
    assert italy == "Italy's own government under Allied occupation"
    assert "another state" not in render.legend_entry("under-occupation|other")["label"]
    assert render.legend_entry("administered|USSR")["label"] == "Administered by USSR"
    # drawn as before: a government under occupation dotted, administered ground as held
    assert render.legend_entry("under-occupation|Italy")["style"] == render.feature_style(
        "control", "Italy", "under-occupation"
    )
    order = render.legend_order(["administered|USSR", "occupied|USSR", "under-occupation|other"])
    assert order == ["occupied|USSR", "under-occupation|other", "administered|USSR"]
