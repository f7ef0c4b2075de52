"""The gazetteer: loading, period variants, finding places in text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spheremap.documents import read_document
from spheremap.model import DataError
from spheremap.places import load_gazetteer, parse_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geodata" / "documents" / "stalin_pact_war_yalta.wiki"
HEADER = "name,variants,kind,lon,lat,power,features,source\n"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


#: Every place the sample names, by passage index, read by hand (tests/data/documents/
#: gold.json). A place is named by a proper noun (also elliptically: "Eastern and Central
#: Europe" names both); adjectives and demonyms ("Soviet", "the Romanian province",
#: "the British"), organisations ("United Nations") and "the West" are not places.
GOLD = json.loads((Path(__file__).parent / "data" / "documents" / "gold.json").read_text("utf-8"))
SAMPLE_PLACES = {int(k): set(v) for k, v in GOLD["stalin_pact_war_yalta.wiki"]["places"].items()}


def test_sample_place_finding_is_measured(gaz):
    """Precision and recall of place finding on the sample (the gold above).

    Known miss: the elliptical "Eastern and Central Europe" (Eastern Europe). The test
    fails if either figure drops.
    """
    doc = read_document(SAMPLE, gaz)
    tp = fp = fn = 0
    for p in doc.passages:
        got, want = set(p.places), SAMPLE_PLACES[p.index]
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision == 1.0
    assert recall >= 0.98


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the Wilno voivodeship", "Vilnius"),
        ("the Vilna area", "Vilnius"),
        ("Vilnius today", "Vilnius"),
        ("along the Narev", "Narew"),
        ("along the Narew", "Narew"),
        ("Koenigsberg and the adjacent area", "Königsberg"),
        ("Königsberg", "Königsberg"),
        ("Kaliningrad oblast", "Königsberg"),
        ("Lwów", "Lwów"),
        ("Lemberg", "Lwów"),
        ("Lviv", "Lwów"),
        ("the port of Dairen", "Dairen"),
        ("Dalian", "Dairen"),
        ("the Free City of Danzig", "Danzig"),
        ("Gdańsk", "Danzig"),
        ("at Teheran", "Tehran"),
        ("the Kurile Islands", "Kuril Islands"),
        ("the Kuril islands", "Kuril Islands"),
        ("the KURILE ISLANDS", "Kuril Islands"),
        ("Brest-Litovsk", "Brest"),
        ("Soviet Russia", "Soviet Union"),
        ("the U.S.S.R.", "Soviet Union"),
        ("Stalin’s USSR", "Soviet Union"),
        ("Tsaritsyn", "Stalingrad"),
    ],
)
def test_period_variants(gaz, text, place):
    assert gaz.names_in(text) == (place,)


def test_longest_name_wins(gaz):
    assert gaz.names_in("the Baltic coast of East Prussia") == ("Baltic Sea", "East Prussia")
    assert gaz.names_in("Port Arthur") == ("Port Arthur",)


@pytest.mark.parametrize(
    "text",
    [
        "they may march in turkey season",  # lower-case words, not places
        "the Prussian army",  # adjective: not Prussia
        "Americans",
        "Russian troops",
        "Berliner",
    ],
)
def test_words_that_are_not_places(gaz, text):
    assert gaz.names_in(text) == ()


def test_mentions_carry_spans(gaz):
    text = "From Wilno to Lemberg."
    spans = [text[m.span[0] : m.span[1]] for m in gaz.find(text)]
    assert spans == ["Wilno", "Lemberg"]


def test_every_sample_place_has_a_point_and_a_source(gaz):
    for name in set().union(*SAMPLE_PLACES.values()):
        place = gaz[name]
        assert -180 <= place.lon <= 180 and -90 <= place.lat <= 90
        assert place.source


def test_bundled_gazetteer_points_are_rounded_to_what_sources_support(gaz):
    for place in gaz.places.values():
        for value in (place.lon, place.lat):
            assert round(value, 3) == value, place.name


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("name,lon\nX,1\n", "missing column"),
        (HEADER + ",,city,1,1,,,\n", "line 2: empty name"),
        (HEADER + "X,,planet,1,1,,,\n", "unknown kind"),
        (HEADER + "X,,city,east,1,,,\n", "must be numbers"),
        (HEADER + "X,,city,200,1,,,\n", "out of range"),
        (HEADER + "X,,country,1,1,Narnia,,\n", "unknown power"),
        (HEADER + "X,,city,1,1,,,\nX,,city,2,2,,,\n", "listed twice"),
        (HEADER + "X,Y,city,1,1,,,\nY,,city,2,2,,,\n", "belongs to both"),
    ],
)
def test_bad_gazetteer_rows(csv, message):
    with pytest.raises(DataError, match=message):
        parse_gazetteer(csv, "g.csv")


def test_missing_gazetteer_file(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_gazetteer(tmp_path / "none.csv")


def test_extent_ids_and_event_names():
    gaz = parse_gazetteer(
        HEADER
        + "Berlin,,city,13.4,52.52,,@sector-a|sector-b,t\n"
        + "Winter War,Talvisota,event,28.75,60.71,,event-ww,t\n"
    )
    berlin = gaz["Berlin"]
    assert berlin.extent == ("sector-a",) and berlin.features == ("sector-b",)
    text = "Berlin during the Winter War"
    assert gaz.names_in(text) == ("Berlin",)  # an event is not a place
    assert gaz.names_in(text, events=True) == ("Berlin", "Winter War")


def test_bundled_gazetteer_relations_are_well_formed(gaz):
    import re as _re

    for place in gaz.places.values():
        for fid in place.features + place.extent:
            assert _re.fullmatch(r"[a-z0-9-]+", fid), (place.name, fid)


def test_a_gazetteer_that_cannot_be_read_is_named(tmp_path):
    from spheremap.model import DataError
    from spheremap.places import load_gazetteer

    with pytest.raises(DataError, match=r"nope\.csv: gazetteer file not found"):
        load_gazetteer(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,id\n\xff\xfe\xfa,x\n")
    with pytest.raises(DataError, match=r"bad\.csv: cannot read gazetteer file: .*utf-8"):
        load_gazetteer(bad)


def test_a_name_that_starts_with_a_digit_is_found():
    """ "38th parallel" begins with a digit; it is found whole-word, with or without "the",
    in capitals too, and not inside a longer number ("138th parallel")."""
    gaz = parse_gazetteer(HEADER + "38th parallel,,line,127.0,38.0,,line-x,t\n")
    assert gaz.names_in("Korea north of the 38th parallel shall") == ("38th parallel",)
    assert gaz.names_in("38th parallel") == ("38th parallel",)
    assert gaz.names_in("SOUTH OF THE 38TH PARALLEL") == ("38th parallel",)
    assert gaz.names_in("the 138th parallel") == ()
    spans = [m.span for m in gaz.find("along the 38th parallel.")]
    assert spans == [(10, 23)]


def test_the_bundled_38th_parallel_links_to_the_korean_line(gaz):
    place = gaz.lookup("38th parallel")
    assert place is not None and "line-korea-38th-parallel-1945" in place.features
    assert gaz.names_in("the 38th parallel") == (place.name,)
