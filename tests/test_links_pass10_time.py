"""Pass 10: named sets and time. Each test uses sentences of our own (about no gold text);
which features belong to a zone is read from the features' rows (``power``, ``territory``,
``zone_part``), never from their ids."""

from __future__ import annotations

import pytest
from bundled import holds_begun_near, passage_links


def _undated(atlas, text: str) -> list[dict[str, str]]:
    """The links of each passage of a markdown ``text`` with no date of its own."""
    from spheremap.documents import parse_document
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    doc = parse_document(f"---\ntitle: t\n---\n\n{text}", "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


def _rows(atlas, links):
    feats = atlas.features
    return feats[feats["id"].isin(list(links))].drop_duplicates("id")


def _zone_of(atlas, power: str, territory: str, day: str, part: str = "main") -> set[str]:
    """The ids of the zone features of ``power`` in ``territory`` of that ``zone_part`` that
    are valid on ``day``, or (if none is) the first drawn after it: read from the rows."""
    import pandas as pd

    feats = atlas.features
    rows = feats[
        (feats["kind"] == "zone")
        & (feats["power"] == power)
        & (feats["territory"] == territory)
        & (feats["zone_part"] == part)
    ].drop_duplicates("id")
    when = pd.Timestamp(day)
    starts = pd.to_datetime(rows["start_date"])
    ends = pd.to_datetime(rows["end_date"])
    valid = rows[(starts <= when) & (ends.isna() | (when < ends))]
    if valid.empty:
        first = starts[starts > when].min()
        valid = rows[starts == first]
    return set(valid["id"])


def test_the_layers_say_which_zone_features_are_a_zone_itself(atlas):
    """Every zone of occupation says how it belongs to its power's zone; the French zone in
    Germany is drawn as more than one main feature valid together."""
    feats = atlas.features
    zones = feats[(feats["kind"] == "zone") & feats["territory"].notna()]
    assert set(zones["zone_part"]) <= {"main", "piece", "enclave"}
    assert zones["zone_part"].notna().all()
    french = _zone_of(atlas, "France", "Germany", "1946-01-01")
    assert len(french) >= 2, french
    assert _zone_of(atlas, "US", "Germany", "1945-08-01", "enclave")


@pytest.mark.parametrize(
    "sentence",
    [
        "In February 1945 the powers agreed that France should also have a zone in Germany.",
        "In February 1945 the powers agreed that France would get its own zone in Germany.",
        "In February 1945 it was settled that France was to be given a zone in Germany.",
    ],
)
def test_a_zone_given_to_a_power_links_that_powers_whole_zone(atlas, sentence):
    (links,) = passage_links(atlas, sentence, "1945-02-11")
    zones = {f for f in links if f in set(atlas.features.query("kind == 'zone'")["id"])}
    # every main feature of the French zone first drawn after the agreement, and no other
    # power's zone
    assert zones == _zone_of(atlas, "France", "Germany", "1945-02-11"), links
    assert {links[f] for f in zones} == {"forward"}


def test_a_zone_given_to_a_power_in_a_territory_named_before(atlas):
    """The territory is the one the document named last (as for "the French zone")."""
    links = _undated(
        atlas,
        "In November 1944 the powers divided Germany into zones.\n\n"
        "At Yalta in February 1945 they agreed that France should also have a zone, carved out "
        "of the British and American ones.",
    )[1]
    want = _zone_of(atlas, "France", "Germany", "1945-02-11")
    assert want <= set(links), links


def test_a_powers_enclave_links_its_enclave_not_its_zone(atlas):
    (links,) = passage_links(
        atlas,
        "In November 1944 the powers agreed that the ports of Bremen and Bremerhaven in "
        "Germany would be an American enclave.",
        "1944-11-14",
    )
    enclave = _zone_of(atlas, "US", "Germany", "1944-11-14", "enclave")
    assert enclave <= set(links), links
    assert not _zone_of(atlas, "US", "Germany", "1944-11-14") & set(links), links


def test_a_named_zone_leaves_out_pieces_drawn_on_their_own(atlas):
    """ "The French zone" is its main features: not the Saar, drawn as a piece of it."""
    (links,) = passage_links(
        atlas, "In February 1945 the powers agreed on the French zone in Germany.", "1945-02-11"
    )
    rows = _rows(atlas, links)
    zones = rows[rows["kind"] == "zone"]
    assert set(zones["id"]) == _zone_of(atlas, "France", "Germany", "1945-02-11"), links
    assert set(zones["zone_part"]) == {"main"}


def _battles_begun(atlas, links, power: str, start: str, end: str) -> set[str]:
    """The linked battle events of ``power`` begun in [start, end) (read from the rows)."""
    import pandas as pd

    rows = _rows(atlas, links)
    begun = pd.to_datetime(rows["start_date"])
    hit = rows[
        (rows["kind"] == "event")
        & (rows["status"] == "battle")
        & (rows["power"] == power)
        & (begun >= pd.Timestamp(start))
        & (begun < pd.Timestamp(end))
    ]
    return set(hit["id"])


@pytest.mark.parametrize(
    "sentence",
    [
        "In February 1945 the Soviet Union promised to declare war on Japan three months after "
        "the defeat of Germany.",
        "In February 1945 the Soviet Union agreed to enter the war against Japan two or three "
        "months after Germany's surrender.",
    ],
)
def test_a_war_promised_some_months_after_a_surrender_links_the_war_it_opened(atlas, sentence):
    """The promised war's time is counted from the surrender it names (May 1945), not from
    the promise: the first Soviet battle of the war begun then (August 1945) realised it."""
    (links,) = passage_links(atlas, sentence, "1945-02-11")
    opened = _battles_begun(atlas, links, "USSR", "1945-06-01", "1945-10-01")
    assert opened, links
    assert {links[f] for f in opened} == {"forward"}


def test_a_war_counted_from_what_is_no_surrender_is_not_placed_after_one(atlas):
    """Counted from something that is no surrender of the country named, the phrase gives
    no window (unresolved, as before): no battle of the summer is linked."""
    (links,) = passage_links(
        atlas,
        "In February 1945 the Soviet Union promised to declare war on Japan three months after "
        "the harvest in Germany.",
        "1945-02-11",
    )
    assert not _battles_begun(atlas, links, "USSR", "1945-06-01", "1945-10-01"), links


def _holds_begun(atlas, links, day: str, status: str = "sovereign") -> set[str]:
    import pandas as pd

    rows = _rows(atlas, links)
    hit = rows[
        (rows["kind"] == "control")
        & (rows["status"] == status)
        & (pd.to_datetime(rows["start_date"]) == pd.Timestamp(day))
    ]
    return set(hit["id"])


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("On 15 August 1948 a separate government was proclaimed in the south of Korea.",
         "1948-08-15"),
        ("A rival state was established in the north of Korea on 9 September 1948.",
         "1948-09-09"),
    ],
)  # fmt: skip
def test_a_state_proclaimed_on_a_day_links_the_state_begun_that_day(atlas, sentence, day):
    """A new state proclaimed in a country named: the sovereign hold of a power that never
    held that ground before, begun on the day the sentence gives."""
    links = passage_links(atlas, sentence, "1948-12-31")[0]
    begun = _holds_begun(atlas, links, day)
    assert begun, links
    assert {links[f] for f in begun} == {"current"}


def test_a_state_restored_on_a_day_is_not_a_state_proclaimed(atlas):
    """France's liberated ground of 25 August 1944 is held by a state that held it before:
    a government set up that day is no new state."""
    (links,) = passage_links(
        atlas, "On 25 August 1944 a provisional government was established in France.", "1944-12-31"
    )
    assert not _holds_begun(atlas, links, "1944-08-25"), links


def test_a_town_that_held_out_until_a_time_fell_then(atlas):
    """ "Held out until" the middle of a month: the town fell then, to the hold begun there in
    that time (Odessa, Romanian from 16 October 1941), as for "fell in the middle of October"."""
    (links,) = passage_links(
        atlas,
        "Odessa, besieged since August 1941, held out until the middle of October 1941.",
        "1941-12-31",
    )
    assert holds_begun_near(atlas, links, 30.73, 46.48, "1941-10-16") == {"Romania"}, links


def test_a_town_retaken_links_the_claim_that_held_it_again_from_that_day(atlas):
    """A claim that held a town twice (Soviet Bessarabia: 1940-1941, and again from August
    1944) began there twice: a retaking on the later day links it (its piece at the town
    begun that day), though the claim as a whole began years before."""
    (links,) = passage_links(
        atlas, "On 24 August 1944 Soviet troops recaptured Chișinău.", "1944-12-31"
    )
    assert holds_begun_near(atlas, links, 28.86, 47.01, "1944-08-24") == {"USSR"}, links
