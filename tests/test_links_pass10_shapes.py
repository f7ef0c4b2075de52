"""Pass 10: general narrative shapes. Each test uses sentences of our own (about no gold text);
assertions read the linked features' rows (power, kind, dates, geometry), never their ids."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bundled import passage_links

SMOLENSK = (32.05, 54.78)
KIEV = (30.52, 50.45)
SEVASTOPOL = (33.52, 44.60)
VYBORG = (28.75, 60.71)


def _control_rows_at(atlas, links, point):
    """The rows of the linked control features whose own piece covers the point."""
    import shapely

    feats = atlas.features
    rows = feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]
    return rows[rows.geometry.intersects(shapely.Point(*point))]


def _begun(rows, day: date) -> set[str]:
    """The powers of those rows whose piece began within a day of ``day``."""
    return {str(r.power) for r in rows.itertuples() if abs(r.start_date - day) <= timedelta(days=1)}


def _valid(rows, first: date, last: date) -> set[str]:
    """The powers of those rows whose piece holds the point on some day of [first, last]."""
    return {
        str(r.power)
        for r in rows.itertuples()
        if r.start_date <= last and (r.end_date is None or r.end_date > first)
    }


# ---------------------------------------------------------------- B: ground retaken


@pytest.mark.parametrize(
    ("sentence", "point", "day"),
    [
        ("The Red Army liberated Smolensk on 25 September 1943.", SMOLENSK, date(1943, 9, 25)),
        ("Soviet troops recaptured Kiev on 6 November 1943.", KIEV, date(1943, 11, 6)),
        ("The Red Army took Sevastopol back on 9 May 1944.", SEVASTOPOL, date(1944, 5, 9)),
    ],
)
def test_a_town_retaken_links_the_returned_hold_begun_that_day(atlas, sentence, point, day):
    """A town retaken by the power it was taken from: the hold valid there from that day
    (the returned sovereign's, whose piece at the town begins then though the feature is
    older); the occupation that ended that day is not linked (as the tuning gold reads
    "Kishinev was retaken" and "Belgrade was freed")."""
    (links,) = passage_links(atlas, sentence)
    rows = _control_rows_at(atlas, links, point)
    assert _begun(rows, day) == {"USSR"}, links
    assert "Germany" not in set(rows["power"]), links
    assert all(links[f] == "current" for f in set(rows["id"]))


def test_a_retaking_on_another_day_links_no_hold_there(atlas):
    """The day is what ties the sentence to the piece: a day on which the town did not change
    hands links no hold begun at it."""
    (links,) = passage_links(atlas, "The Red Army took Sevastopol back on 20 June 1944.")
    rows = _control_rows_at(atlas, links, SEVASTOPOL)
    assert not _begun(rows, date(1944, 6, 20)) and "USSR" not in set(rows["power"]), links


# ---------------------------------------------------------------- C: "the Germans held ..."


@pytest.mark.parametrize(
    ("sentence", "point", "power", "first", "last"),
    [
        (
            "The Germans held Smolensk in December 1941.",
            SMOLENSK,
            "Germany",
            date(1941, 12, 1),
            date(1941, 12, 31),
        ),
        (
            "In October 1941 the Finns held Viipuri.",
            VYBORG,
            "Finland",
            date(1941, 10, 1),
            date(1941, 10, 31),
        ),
    ],
)
def test_the_people_of_a_power_name_its_forces(atlas, sentence, point, power, first, last):
    """ "The Germans", "the Finns": the nouns of a power's people name its forces, as "German
    troops" does: the power's hold valid then at the place."""
    (links,) = passage_links(atlas, sentence)
    rows = _control_rows_at(atlas, links, point)
    assert _valid(rows, first, last) == {power}, links


def test_people_nouns_come_from_the_vocabulary(tmp_path):
    """One source of truth: the people nouns are the vocabulary's, each naming one power."""
    from spheremap import model
    from spheremap.errors import DataError

    assert model.POWER_PEOPLE["Germans"] == "Germany"
    assert model.POWER_PEOPLE["Finns"] == "Finland"
    bad = tmp_path / "v.toml"
    bad.write_text(
        '[[power]]\nname = "A"\npeople = ["Xs"]\n[[power]]\nname = "B"\npeople = ["Xs"]\n'
    )
    with pytest.raises(DataError, match="two powers"):
        model.load_vocabulary(bad)


# ---------------------------------------------------------------- D: a vague season


def test_forces_held_ground_at_the_end_of_a_year(atlas):
    """ "By the end of 1941" (its last months) says where forces stood as a month does."""
    (links,) = passage_links(atlas, "By the end of 1941 the Germans held Smolensk.")
    rows = _control_rows_at(atlas, links, SMOLENSK)
    assert _valid(rows, date(1941, 12, 1), date(1941, 12, 31)) == {"Germany"}, links


def test_a_whole_year_still_says_no_ground_held(atlas):
    """A year is too coarse to say which of the holds there it was."""
    (links,) = passage_links(atlas, "In 1942 the Germans held Smolensk.")
    assert _control_rows_at(atlas, links, SMOLENSK).empty, links


# ---------------------------------------------------------------- E: a town left


@pytest.mark.parametrize(
    ("sentence", "point", "day"),
    [
        ("The Germans evacuated Smolensk on 25 September 1943.", SMOLENSK, date(1943, 9, 25)),
        ("German troops withdrew from Kiev on 6 November 1943.", KIEV, date(1943, 11, 6)),
    ],
)
def test_a_town_left_links_the_next_hold_begun_there(atlas, sentence, point, day):
    """Forces leaving a town: the next holder's hold there, whose piece at the town begins
    that day though its feature is older; not the leaver's."""
    (links,) = passage_links(atlas, sentence)
    rows = _control_rows_at(atlas, links, point)
    assert _begun(rows, day) == {"USSR"}, links
    assert "Germany" not in set(rows["power"]), links


def test_a_town_left_on_a_day_nothing_changed_links_no_hold(atlas):
    """A day on which no hold began at the town links none there."""
    (links,) = passage_links(atlas, "The Germans evacuated Smolensk on 25 September 1941.")
    assert _control_rows_at(atlas, links, SMOLENSK).empty, links


# ---------------------------------------------------------------- F: the wartime spellings


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Kharkov", "Kharkiv"),
        ("Oryol", "Orel"),
        ("Dnepropetrovsk", "Dnipropetrovsk"),
        ("Zaporozhye", "Zaporizhzhia"),
    ],
)
def test_the_wartime_spelling_of_a_town_is_the_town(written, name):
    """Texts of the war spell the towns of Ukraine and Russia as they were spelt then."""
    from spheremap.places import default_gazetteer

    assert default_gazetteer().lookup(written).name == name


def test_a_town_taken_under_its_wartime_spelling_links_its_hold(atlas):
    """ "Kharkov" is Kharkiv: the hold begun there on the day it was retaken."""
    (links,) = passage_links(atlas, "The Red Army reached Kharkov on 23 August 1943.")
    rows = _control_rows_at(atlas, links, (36.23, 49.99))
    assert _begun(rows, date(1943, 8, 23)) == {"USSR"}, links


# ---------------------------------------------------------------- G: reaching a place


def _battles(atlas, links) -> list:
    feats = atlas.features
    return list(feats[feats["id"].isin(list(links)) & (feats["status"] == "battle")].itertuples())


def test_forces_reaching_a_place_on_the_first_day_of_its_battle_link_the_battle(atlas):
    """ "Reached ... at Stalingrad on 23 August 1942": the battle listed for the place that
    began that day, though no word of battle is written."""
    (links,) = passage_links(
        atlas, "The Wehrmacht reached the Volga at Stalingrad on 23 August 1942."
    )
    battles = _battles(atlas, links)
    assert battles and all(
        abs(b.start_date - date(1942, 8, 23)) <= timedelta(days=1) for b in battles
    )


def test_reaching_a_place_weeks_into_its_battle_is_no_battle_word(atlas):
    """Only the battle's first day is told by reaching the place."""
    (links,) = passage_links(atlas, "German tanks reached Stalingrad on 2 October 1942.")
    assert not _battles(atlas, links), links


# ---------------------------------------------------------------- H: one sentence, two dated clauses

FLORENCE = (11.25, 43.77)
ODESSA = (30.73, 46.48)


def test_a_town_of_one_clause_is_not_taken_on_the_day_of_another(atlas):
    """Two towns taken, each in its clause with its own day: a hold begun at the second town
    on the first town's day (a new piece of the front drawn there) is not what its clause
    reports."""
    (links,) = passage_links(
        atlas, "Rome fell to the Allies on 4 June 1944, and Florence was freed on 4 August 1944."
    )
    assert "Allies" in _begun(_control_rows_at(atlas, links, (12.50, 41.90)), date(1944, 6, 4))
    assert not _begun(_control_rows_at(atlas, links, FLORENCE), date(1944, 6, 4)), links


def test_a_town_spoken_of_again_in_the_next_clause_keeps_both_days(atlas):
    """ "Odessa ... on 16 October 1941; the Red Army retook it on 10 April 1944": "it" is
    the town again, retaken on the second clause's day (the returned Soviet hold)."""
    (links,) = passage_links(
        atlas,
        "Odessa was given to the Romanians on 16 October 1941; the Red Army retook it on 10 April"
        " 1944.",
    )
    assert "USSR" in _begun(_control_rows_at(atlas, links, ODESSA), date(1944, 4, 10)), links


# ---------------------------------------------------------------- I: where the people stood


def test_the_people_of_a_power_standing_on_a_river_link_the_front_then(atlas):
    """ "The Soviets stood on the Oder" says where the front ran, as "Soviet armies" does."""
    (links,) = passage_links(atlas, "By mid-February 1945 the Soviets stood on the Oder.")
    feats = atlas.features
    fronts = feats[feats["id"].isin(list(links)) & (feats["status"] == "frontline")]
    assert not fronts.empty, links
    assert all(
        r.start_date <= date(1945, 2, 20) and (r.end_date is None or r.end_date > date(1945, 2, 11))
        for r in fronts.itertuples()
    )


def test_a_thing_that_stood_on_a_river_is_no_front(atlas):
    (links,) = passage_links(atlas, "By mid-February 1945 the church stood on the Oder.")
    feats = atlas.features
    assert feats[feats["id"].isin(list(links)) & (feats["status"] == "frontline")].empty, links
