"""Reports of a day's event, read in sentences of our own (about no gold text): a country's
surrender dated in its own sentence links the surrender signed then."""

from __future__ import annotations

import pytest
from bundled import covering, sentence_links


def _named(atlas, links) -> dict[str, str]:
    names = atlas.features.drop_duplicates("id").set_index("id")["name"]
    return {str(names[f]): d for f, d in links.items()}


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Japan surrendered on 2 September 1945.", "Japanese surrender"),
        ("Germany capitulated on 7 May 1945.", "surrender of the German"),
        ("Italy surrendered on 3 September 1943.", "Armistice of Cassibile"),
    ],
)
def test_a_surrender_reported_on_its_day_links_the_surrender_signed_then(atlas, sentence, words):
    named = _named(atlas, sentence_links(atlas, sentence, "1950-01-01"))
    assert [d for n, d in named.items() if words in n] == ["current"], named


@pytest.mark.parametrize(
    "sentence",
    [
        "After the capitulation of Japan on 2 September 1945 the troops went home.",  # a time
        "Japan surrendered in 1945.",  # a year: not the day of one act
        "Japan surrendered on 2 September 1944.",  # no surrender signed then
    ],
)
def test_no_surrender_without_a_report_of_its_day(atlas, sentence):
    named = _named(atlas, sentence_links(atlas, sentence, "1950-01-01"))
    assert not [n for n in named if "surrender" in n.lower()], named


def test_a_group_of_countries_is_its_countries_one_by_one(atlas):
    """ "The Baltic states" (an area of the gazetteer whose extent is three countries) is read
    as Estonia, Latvia and Lithuania: the Soviet holds of June 1940 in each are linked."""
    links = sentence_links(
        atlas, "In June 1940 the Soviet Union occupied the Baltic states.", "1950-01-01"
    )
    for lon, lat in [(24.75, 59.44), (24.11, 56.95), (23.90, 54.90)]:  # Tallinn, Riga, Kaunas
        held = covering(atlas, links, lon, lat)
        feats = atlas.features[atlas.features["id"].isin(held)]
        assert set(feats["power"]) == {"USSR"} and "control" in set(feats["kind"]), held


def test_a_landing_reported_on_its_day_links_the_landings(atlas):
    named = _named(
        atlas, sentence_links(atlas, "The Allies landed in Normandy on 6 June 1944.", "1950-01-01")
    )
    assert [d for n, d in named.items() if "Normandy landings" in n] == ["current"], named
