"""Territories the layers draw are places of the gazetteer: a sentence that names one at its
time links the hold drawn there (before, Albania, Croatia, Iceland, the General Government,
Bohemia and Moravia and some sixty more were unknown names, and such sentences linked
nothing)."""

from __future__ import annotations

from datetime import date

import pytest
from bundled import need, sentence_links

from spheremap.places import default_gazetteer

CASES = [
    ("Italy occupied Albania on 7 April 1939.", "italy-albania-1939"),
    (
        "On 16 March 1939 Bohemia and Moravia became a German protectorate.",
        "germany-bohemia-moravia-1939",
    ),
    ("In October 1939 Germany set up the Generalgouvernement.", "germany-generalgouvernement-1939"),
    ("British troops occupied Iceland on 10 May 1940.", "uk-iceland-1940"),
    ("On 10 May 1940 German troops occupied Luxembourg.", "germany-luxembourg-1940"),
    ("Croatia declared its independence on 10 April 1941.", "croatia-ndh-1941"),
    ("In 1941 Bulgaria occupied Western Thrace.", "bulgaria-greece-1941"),
    ("In April 1941 Italy annexed Dalmatia.", "italy-dalmatia-1941"),
    ("On 2 October 1938 Poland annexed Zaolzie.", "poland-zaolzie-1938"),
    ("Soviet troops occupied Bornholm in May 1945.", "bornholm-ussr-1945"),
    (
        "The Soviet Union annexed Western Ukraine and Western Belorussia in November 1939.",
        "ussr-poland-annexed-1939",
    ),
    ("Soviet troops landed on Iturup on 28 August 1945.", "ussr-occupation-kurils-iturup-1945"),
    # the period's short name, in a text of its day
    ("In 1940 the Protectorate kept its own government.", "germany-bohemia-moravia-1939"),
]


@pytest.mark.parametrize(("sentence", "feature"), CASES)
def test_a_named_territory_links_its_hold(atlas, sentence, feature):
    need(atlas, feature)
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert feature in links, (sentence, links)


@pytest.mark.parametrize(
    "name",
    ["Shqipëria", "Protektorat Böhmen und Mähren", "Elsass", "Sizilien", "Dagö", "Gotenhafen"],
)
def test_period_spellings_name_the_same_place(name):
    assert default_gazetteer().lookup(name) is not None, name


def test_an_island_named_in_a_list_of_crimes_links_no_late_pocket(atlas):
    """Crete is found at its point at the sentence's time, not through a feature of 1944-45
    listed for it (a promise looks forward: it reached the German pocket of Oct 1944)."""
    text = "Those who took part in atrocities in Crete, France or Norway will be sent back there."
    links = sentence_links(atlas, text, "1943-11-01")
    assert "pocket-crete-1945" not in links, links


def test_another_protectorate_is_not_bohemia_and_moravia(atlas):
    links = sentence_links(atlas, "France made Tunisia a protectorate in 1881.", "1950-01-01")
    assert "germany-bohemia-moravia-1939" not in links, links


REACH = "gazetteer reach"  # the source note of the hand rows for capitals and large cities


def test_capitals_and_large_cities_lie_in_the_mapped_region(atlas):
    """A misplaced point (a lost minus sign, swapped coordinates) would put a city at sea or
    off the map: each of these rows is where the atlas maps land or a hold on a wartime day."""
    rows = [p for p in default_gazetteer().places.values() if REACH in p.source]
    assert len(rows) >= 30
    lons, lats = [p.lon for p in rows], [p.lat for p in rows]
    answers = atlas.where_many(lons, lats, [date(1942, 1, 1)] * len(rows))
    mapped = atlas.mapped_many(lons, lats, answers)
    assert [p.name for p, ok in zip(rows, mapped, strict=True) if not ok] == []


@pytest.mark.parametrize(
    ("variant", "name"),
    [("København", "Copenhagen"), ("Salonika", "Thessaloniki"), ("Lisboa", "Lisbon"),
     ("Rostov", "Rostov-on-Don")],
)  # fmt: skip
def test_period_and_local_names_of_cities(variant, name):
    assert default_gazetteer().lookup(variant).name == name
