"""Pass 9d: holding words. Each test uses sentences of our own (about no gold text)."""

from __future__ import annotations

from datetime import date

import pytest


def _undated_links(atlas, text: str) -> list[dict[str, str]]:
    """The links (feature -> direction) of each passage of a markdown ``text`` with no date
    of its own (as a narrative: each passage is dated by what it says)."""
    from spheremap.documents import parse_document
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    doc = parse_document(f"---\ntitle: t\n---\n\n{text}", "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


def _holds(atlas, links, power: str) -> set[str]:
    feats = atlas.features
    rows = feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]
    return set(rows[rows["power"] == power]["id"])


@pytest.mark.parametrize(
    "sentence",
    [
        "In June 1945 American troops still held Thuringia.",
        "By June 1945 the American armies stood deep in Thuringia.",
    ],
)
def test_forces_that_held_ground_link_their_hold_then(atlas, sentence):
    """A report of where a power's forces were at a time links that power's hold there."""
    links = _undated_links(atlas, sentence)[0]
    held = _holds(atlas, links, "US")
    assert held, links
    feats = atlas.features
    for fid in held:
        row = feats[feats["id"] == fid].iloc[0]
        assert row["start_date"] <= date(1945, 6, 30) and row["end_date"] >= date(1945, 6, 1)
        assert links[fid] == "current"


def test_a_thing_that_stood_somewhere_is_no_hold(atlas):
    """Without forces named before it, "stood" is not a word of control."""
    links = _undated_links(atlas, "In June 1945 an American church stood in Thuringia.")[0]
    assert not _holds(atlas, links, "US"), links


def test_the_side_of_a_region_is_the_ground_held(atlas):
    """ "Western Mecklenburg" is the side of the region the British held, not its centre
    (Soviet ground then); of the holds there in the month, the one of most of it."""
    links = _undated_links(atlas, "In June 1945 British forces held western Mecklenburg.")[0]
    held = _holds(atlas, links, "UK")
    assert len(held) == 1, links


def test_of_the_holds_in_the_month_the_one_of_most_of_it(atlas):
    """A hold that gave way to the next a week into the month is not the one reported."""
    links = _undated_links(atlas, "In May 1945 British forces held Wismar.")[0]
    held = _holds(atlas, links, "UK")
    assert len(held) == 1, links


@pytest.mark.parametrize(
    ("sentence", "battle"),
    [
        (
            "In August 1942 the Germans held Sevastopol, which they had taken on 4 July.",
            "event-1941-siege-sevastopol",
        ),
        (
            "In March 1943 the Red Army held Stalingrad, which it had retaken on 2 February.",
            "event-1942-stalingrad",
        ),
    ],
)
def test_a_capture_in_the_pluperfect_links_the_battle_it_completed(atlas, sentence, battle):
    """ "Had taken on 4 July": the battle at the place that ended with the capture, looked
    back to from the sentence's time."""
    links = _undated_links(atlas, sentence)[0]
    assert links.get(battle) == "backward", links


def test_a_pluperfect_capture_on_another_day_links_no_battle(atlas):
    """The day must be the battle's last: a capture weeks before its end completed nothing."""
    links = _undated_links(
        atlas, "In August 1942 the Germans held Sevastopol, which they had taken on 2 June."
    )[0]
    assert "event-1941-siege-sevastopol" not in links, links
