"""The districts the sector layers draw (Berlin's boroughs, Vienna's districts) are places of
the gazetteer, derived from the layers by ``scripts/gazetteer_sectors.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import shapely
from bundled import need as _need

from spheremap.documents import parse_document
from spheremap.links import Corpus
from spheremap.places import COLUMNS, default_gazetteer, parse_gazetteer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gazetteer_sectors  # noqa: E402

HEADER = ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("feature_name", "district"),
    [
        ("Berlin-Kreuzberg (American sector)", "Kreuzberg"),
        ("Berlin-Prenzlauer Berg (Soviet sector)", "Prenzlauer Berg"),
        ("Berlin-Wedding (Soviet-held)", "Wedding"),
        ("Vienna 3. Landstraße (British sector)", "Landstraße"),
        ("Vienna 15. Rudolfsheim-Fünfhaus (French sector)", "Rudolfsheim-Fünfhaus"),
        ("Vienna 1. Innere Stadt (inter-allied Inner City)", "Innere Stadt"),
        ("Berlin (Soviet sector)", None),
        ("Potsdam-Babelsberg (Soviet sector)", None),
    ],
)
def test_the_district_a_sector_feature_names(feature_name, district):
    assert gazetteer_sectors.district_name(feature_name, ("Berlin", "Vienna")) == district


def test_ascii_spellings_of_umlauts_and_sharp_s():
    assert gazetteer_sectors.ascii_variants("Neukölln") == ["Neukoelln", "Neukolln"]
    assert gazetteer_sectors.ascii_variants("Weißensee") == ["Weissensee"]
    assert gazetteer_sectors.ascii_variants("Spandau") == []


def _square(x: float, y: float) -> shapely.Polygon:
    return shapely.box(x, y, x + 1, y + 1)


def test_rows_are_derived_from_the_city_s_sectors_over_time():
    text = HEADER + "Town,,city,1.5,1.0,,@sector-a-late|@sector-b,t\nA,Old A,city,9,9,,,hand\n"
    features = [
        {"id": "sector-a-early", "name": "Town-A (held)", "sources": ["K1"], "geometry": _square(0, 0)},
        {"id": "sector-a-late", "name": "Town-A (sector)", "sources": ["K1", "K2, p. 3"], "geometry": _square(0, 0)},
        {"id": "sector-b", "name": "Town 2. Bö (sector)", "sources": ["K1"], "geometry": _square(1, 0)},
        {"id": "sector-c", "name": "Town-C (sector)", "sources": ["K3"], "geometry": _square(2, 0)},
    ]  # fmt: skip
    derived = gazetteer_sectors.derive_rows(text, features, "g.csv")
    rows = {r["name"]: r for r in derived["Town"]}
    assert set(rows) == {"A", "Bö"}  # C is not in the city's extent: no district of its own
    assert rows["A"]["features"] == "@sector-a-early|@sector-a-late"
    assert rows["A"]["source"].endswith("K1; K2")
    assert (float(rows["A"]["lon"]), float(rows["A"]["lat"])) == (0.5, 0.5)
    assert rows["Bö"]["variants"] == "Boe|Bo"
    again = gazetteer_sectors.merged(text, derived)
    gaz = parse_gazetteer(again, "g.csv")
    # run again on its own output: the districts' rows (which list sectors) are no cities
    assert (
        gazetteer_sectors.merged(again, gazetteer_sectors.derive_rows(again, features, "g"))
        == again
    )
    assert gaz["A"].variants == ("Old A",)  # replaced in place, its variants kept
    assert gaz["A"].extent == ("sector-a-early", "sector-a-late")
    assert gaz.lookup("Boe").name == "Bö"


def test_a_sector_of_the_city_that_names_no_district_stops_the_script():
    text = HEADER + "Town,,city,1,1,,@sector-x|@sector-y,t\n"
    features = [
        {"id": "sector-x", "name": "Town-X (sector)", "sources": [], "geometry": _square(0, 0)},
        {"id": "sector-y", "name": "Elsewhere (sector)", "sources": [], "geometry": _square(0, 0)},
    ]  # fmt: skip
    with pytest.raises(SystemExit, match="g.csv: Town lists sector 'sector-y'"):
        gazetteer_sectors.derive_rows(text, features, "g.csv")


def test_the_bundled_gazetteer_has_every_district_the_layers_draw(capsys):
    assert gazetteer_sectors.main(["--check"]) == 0, capsys.readouterr().out
    gaz = default_gazetteer()
    for city, count in (("Berlin", 20), ("Vienna", 21)):
        districts = [p for p in gaz.places.values() if p.source.startswith(f"district of {city}:")]
        assert len(districts) == count, city
        for place in districts:
            assert set(place.extent) & set(gaz[city].extent), place.name
    assert gaz.lookup("Weissensee").name == "Weißensee"
    assert gaz.names_in("Prenzlauer Berg and Friedrichshain") == (
        "Prenzlauer Berg",
        "Friedrichshain",
    )


def test_a_borough_named_in_a_text_links_its_sector(atlas):
    _need(atlas, "sector-berlin-wedding-french-1945", "sector-berlin-reinickendorf-french-1945")
    text = "The French sector shall comprise the boroughs of Wedding and Reinickendorf."
    doc = parse_document(f"---\ntitle: t\ndate: 1945-08-12\n---\n\n{text}", "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    (passage,) = doc.passages
    linked = {lk.feature: lk.direction for lk in corpus.links_for_passage(passage.id)}
    assert linked.get("sector-berlin-wedding-french-1945") == "forward"
    assert linked.get("sector-berlin-reinickendorf-french-1945") == "forward"
