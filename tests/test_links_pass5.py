"""The fifth linker pass (issue #14): more general readings of a clause. Each test is a
sentence written for it, about an instrument or event of no gold file, on the bundled atlas,
seen to fail with its reading broken."""

from __future__ import annotations

from bundled import need as _need
from bundled import sentence_links as _links

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def test_a_verb_of_handing_split_by_its_object_is_a_change_of_hands(atlas):
    _need(atlas, "poland-administration-stettin-1945")
    for clause in (
        "The Soviet command shall hand Stettin over to the Polish authorities.",
        "The Soviet command shall turn the town of Stettin over to Poland.",
        "The Soviet command shall hand over Stettin to the Polish authorities.",
    ):
        linked = _links(atlas, clause, "1945-07-01")
        assert linked.get("poland-administration-stettin-1945") == "forward", clause
    # "turn ... into" is no handing over
    linked = _links(atlas, "The Soviet command shall turn Stettin into a fortress.", "1945-07-01")
    assert "poland-administration-stettin-1945" not in linked
