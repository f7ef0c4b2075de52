"""A general reading of a clause (issue #14, fourth pass): which change it makes (a place
joining a state, an instrument undone), which ground and which power, and which time it
speaks of. Each test is a sentence written for it, on the bundled atlas, seen to fail with
its reading broken; none comes from a gold file."""

from __future__ import annotations

from bundled import need as _need
from bundled import passage_links as _passages

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def _links(atlas, text: str, date: str) -> dict[str, str]:
    (linked,) = _passages(atlas, text, date)
    return linked


def test_a_place_joining_a_state_is_a_change_of_hands(atlas):
    _need(atlas, "ussr-finland-cession-1940")
    for clause in (
        "The Karelian Isthmus shall become part of the Soviet Union.",
        "Vyborg shall belong to the Soviet Union.",
        "The town of Vyborg is to be incorporated into the Soviet Union.",
    ):
        linked = _links(atlas, clause, "1940-03-12")
        assert linked.get("ussr-finland-cession-1940") == "forward", clause


def test_a_clause_voiding_an_instrument_looks_back_to_the_hold_it_made(atlas):
    _need(atlas, "hungary-northern-transylvania-1940", "north-transylvania-german-occupation-1944")
    linked = _links(
        atlas,
        "The three governments regard the arbitration of Vienna as annulled, and Transylvania"
        " is to return to Romania.",
        "1944-09-12",
    )
    # the annexation the award made, not the occupation that came by arms
    assert linked.get("hungary-northern-transylvania-1940") == "backward"
    assert "north-transylvania-german-occupation-1944" not in linked
    # without words of undoing, the clause only looks forward
    linked = _links(atlas, "Transylvania is to return to Romania.", "1944-09-12")
    assert "hungary-northern-transylvania-1940" not in linked
