"""The towns of the dated captures are places of the gazetteer (derived from the captures table
by ``scripts/gazetteer_captures.py``), and a sentence that reports a town's capture on its day
links the front step that capture began."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

import pytest
import shapely
from bundled import sentence_links

from spheremap.places import COLUMNS, default_gazetteer, parse_gazetteer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gazetteer_captures  # noqa: E402

HEADER = ",".join(COLUMNS) + "\n"
CAPTURES = "place,lon,lat,date,side,by,conf,source,note\n"


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Iași", "Iasi"),
        ("Łódź", "Lodz"),
        ("Plzeň", "Plzen"),
        ("Sõrve peninsula", "Sorve peninsula"),
    ],
)
def test_plain_spelling_drops_diacritics(name, plain):
    assert gazetteer_captures.plain_spelling(name) == plain


def test_derived_rows_skip_known_towns_and_keep_hand_variants():
    gaz = (
        HEADER
        + "Kiev,Kyiv,city,30.52,50.45,,,(M)\n"
        + "Kharkiv,Kharkov,city,36.23,49.99,,,capture point (war_1941_1945/captures.csv); X\n"
    )
    caps = (
        CAPTURES
        + "Kyiv,30.52,50.45,1941-09-19,axis,Germany,M,FS2.6,\n"  # a variant of a hand row
        + "Kharkiv,36.23,49.99,1941-10-24,axis,Germany,M,FS2.6,\n"
        + "Kharkiv,36.23,49.99,1943-08-23,soviet,USSR,M,S9,\n"
        + "Iași,27.59,47.16,1944-08-21,soviet,USSR,M,FS2.7,\n"
    )
    rows = gazetteer_captures.derive_rows(gaz, caps, "c.csv")
    assert [r["name"] for r in rows] == ["Kharkiv", "Iași"]
    kharkiv, iasi = rows
    assert kharkiv["variants"] == "Kharkov"  # written by hand, kept
    assert kharkiv["source"] == f"{gazetteer_captures.MARK}; FS2.6; S9"
    assert (iasi["variants"], iasi["lon"], iasi["lat"]) == ("Iasi", "27.59", "47.16")
    merged = gazetteer_captures.merged(gaz, rows)
    again = gazetteer_captures.merged(merged, gazetteer_captures.derive_rows(merged, caps, "c"))
    assert again == merged  # a second run changes nothing
    assert parse_gazetteer(merged, "g.csv").lookup("Iasi").name == "Iași"


def test_a_town_placed_twice_is_refused_with_its_line():
    caps = (
        CAPTURES
        + "Orel,36.08,52.97,1941-10-03,axis,Germany,M,FS2.6,\n"
        + "Orel,36.90,52.97,1943-08-05,soviet,USSR,M,FS2.6,\n"
    )
    with pytest.raises(SystemExit, match=r"c\.csv:3: Orel is placed at two different points"):
        gazetteer_captures.derive_rows(HEADER, caps, "c.csv")


def test_the_bundled_gazetteer_names_every_capture_town(capsys):
    assert gazetteer_captures.main(["--check"]) == 0, capsys.readouterr().out
    gaz = default_gazetteer()
    text = gazetteer_captures.CAPTURES.read_text("utf-8")
    towns = {r["place"] for r in csv.DictReader(io.StringIO(text))}
    assert len(towns) > 150
    assert [t for t in towns if gaz.lookup(t) is None] == []


@pytest.mark.parametrize(
    ("sentence", "town", "day"),
    [
        ("German troops took Kharkiv on 24 October 1941.", "Kharkiv", "1941-10-24"),
        ("On 19 September 1941 the Wehrmacht captured Kiev.", "Kiev", "1941-09-19"),
        ("Finnish troops occupied Petrozavodsk on 1 October 1941.", "Petrozavodsk", "1941-10-01"),
        # the verbs of war reports (model.TAKING_CUES)
        ("Pskov fell on 9 July 1941.", "Pskov", "1941-07-09"),
        ("On 19 August 1941 German troops entered Novgorod.", "Novgorod", "1941-08-19"),
    ],
)
def test_a_capture_reported_on_its_day_links_the_step_it_began(atlas, sentence, town, day):
    _assert_steps_begun(atlas, sentence, town, day, "occupied")


def test_a_liberation_reported_on_its_day_links_the_step_it_began(atlas):
    """Lublin, taken from the Germans, is Polish land under Soviet occupation from that day."""
    sentence = "Lublin was liberated by the Red Army on 24 July 1944."
    _assert_steps_begun(atlas, sentence, "Lublin", "1944-07-24", "under-occupation")


def test_a_town_freed_on_its_day_links_its_own_state_restored_there(atlas):
    """Not only front steps: the hold that began at the town that day, here France's own."""
    sentence = "Allied troops entered Paris on 25 August 1944."
    _assert_steps_begun(atlas, sentence, "Paris", "1944-08-25", "sovereign")
    assert (
        sentence_links(atlas, "The conference met in Paris on 25 August 1944.", "1950-01-01") == {}
    )


def test_a_town_freed_by_one_ally_links_the_state_restored_there(atlas):
    """The British act, and Belgium, on the Allied side from that day, is restored: an
    ally's liberation is not another power's hold to drop."""
    sentence = "British troops took Brussels on 3 September 1944."
    _assert_steps_begun(atlas, sentence, "Brussels", "1944-09-03", "sovereign")


def _assert_steps_begun(atlas, sentence, town, day, status):
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert links, sentence
    place = default_gazetteer().lookup(town)
    point = shapely.Point(place.lon, place.lat)
    for fid in links:
        pieces = atlas.features[atlas.features["id"] == fid]  # a feature may have several
        assert set(pieces["kind"]) == {"control"} and set(pieces["status"]) == {status}, fid
        at_town = pieces[pieces.geometry.intersects(point)]
        assert set(at_town["start_date"]) == {date.fromisoformat(day)}, fid


@pytest.mark.parametrize(
    "sentence",
    [
        "German troops took Kharkiv in October 1941.",  # a month: not the day of one step
        "German troops took Kharkiv on 24 October 1942.",  # no step began that day
        "Kharkiv lay on 24 October 1941 far behind the Soviet lines.",  # no taking
        "The government in Kharkiv fell on 24 October 1942.",  # no step began that day
    ],
)
def test_no_step_without_a_taking_on_its_day(atlas, sentence):
    links = sentence_links(atlas, sentence, "1950-01-01")
    steps = atlas.features.set_index("id").loc[list(links), "name"] if links else []
    assert "German-occupied Soviet territory" not in list(steps), links
