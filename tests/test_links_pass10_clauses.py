"""Pass 10: one sentence, several dated clauses, each with its own taker. Sentences of our own
(about no gold text); assertions read the linked features' rows (power, dates, the piece
covering the town), never their ids."""

from __future__ import annotations

from datetime import date, timedelta

from bundled import passage_links

KIEV = (30.52, 50.45)
SEVASTOPOL = (33.52, 44.60)
ODESSA = (30.73, 46.48)


def _begun_at(atlas, links, point, day: date) -> set[str]:
    """The powers of the linked control features whose piece covering ``point`` began within
    a day of ``day``."""
    import shapely

    feats = atlas.features
    rows = feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]
    rows = rows[rows.geometry.intersects(shapely.Point(*point))]
    return {str(r.power) for r in rows.itertuples() if abs(r.start_date - day) <= timedelta(days=1)}


def test_a_town_lost_and_taken_back_links_both_holds(atlas):
    """ "fell to the Germans" is the first clause's taker, "the Red Army" the second's (with
    "it" the same town): the German hold begun on the first day and the Soviet one on the
    second, not only the taker the sentence names last."""
    (links,) = passage_links(
        atlas,
        "Sevastopol fell to the Germans on 4 July 1942; the Red Army took it back on 9 May 1944.",
    )
    assert "Germany" in _begun_at(atlas, links, SEVASTOPOL, date(1942, 7, 4)), links
    assert "USSR" in _begun_at(atlas, links, SEVASTOPOL, date(1944, 5, 9)), links


def test_each_clause_active_taker_links_its_own_hold(atlas):
    """Two clauses, each naming its own taker before its verb: the Romanian hold begun at
    Odessa on the first day and the Soviet one begun on the second."""
    (links,) = passage_links(
        atlas,
        "The Romanians entered Odessa on 16 October 1941; the Red Army retook it on 10 April 1944.",
    )
    assert "Romania" in _begun_at(atlas, links, ODESSA, date(1941, 10, 16)), links
    assert "USSR" in _begun_at(atlas, links, ODESSA, date(1944, 4, 10)), links


def test_two_towns_taken_by_two_powers_in_one_sentence(atlas):
    """Two towns, two takers, two days: each town's hold begun on its own clause's day by
    that clause's taker."""
    (links,) = passage_links(
        atlas,
        "Sevastopol fell to the Germans on 4 July 1942, and the Red Army took Kiev on 6 November"
        " 1943.",
    )
    assert "Germany" in _begun_at(atlas, links, SEVASTOPOL, date(1942, 7, 4)), links
    assert "USSR" in _begun_at(atlas, links, KIEV, date(1943, 11, 6)), links


def test_a_passive_taker_after_but_and_an_axis_ally_of_its_own(atlas):
    """ "was taken by the Germans ..., but the Red Army retook it": the German hold of the first
    day; and a second clause whose town "fell to the Romanians" is the Romanian hold, not
    dropped as another power than the first clause's Germans."""
    (links,) = passage_links(
        atlas,
        "Kiev was taken by the Germans on 19 September 1941, but the Red Army retook it on"
        " 6 November 1943.",
    )
    assert "Germany" in _begun_at(atlas, links, KIEV, date(1941, 9, 19)), links
    assert "USSR" in _begun_at(atlas, links, KIEV, date(1943, 11, 6)), links
    (links,) = passage_links(
        atlas,
        "The Germans took Kiev on 19 September 1941; Odessa fell to the Romanians on 16 October"
        " 1941.",
    )
    assert "Germany" in _begun_at(atlas, links, KIEV, date(1941, 9, 19)), links
    assert "Romania" in _begun_at(atlas, links, ODESSA, date(1941, 10, 16)), links
