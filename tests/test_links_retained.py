"""Rules added after the first run on the fresh held-out set (see geodata/gold/README.md),
from the dev part of the article's gold only: each test is a sentence of its own, on the
bundled atlas, that fails without its rule or gazetteer row."""

from __future__ import annotations

from bundled import need as _need
from bundled import passage_links as _links

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def test_keeping_the_territories_a_treaty_gave_links_their_next_hold(atlas):
    _need(
        atlas, "ussr-annexation-eastern-poland-1945", "petsamo-ussr-1944", "event-1939-pact-moscow"
    )
    (linked,) = _links(
        atlas,
        "Stalin demanded to keep the territories granted to him by the Molotov-Ribbentrop Pact.",
        "1943-11-30",
    )
    # the ground held under the pact until its spheres ended, held again after the war
    assert linked.get("ussr-annexation-eastern-poland-1945") == "forward"
    # Petsamo was taken in the Winter War and given back in 1940: not kept under the pact
    assert "petsamo-ussr-1944" not in linked
    # only the power that asks: nothing German, although the pact is German-Soviet
    (other,) = _links(
        atlas,
        "Hitler demanded to keep the territories granted to him by the Molotov-Ribbentrop Pact.",
        "1943-11-30",
    )
    assert "ussr-annexation-eastern-poland-1945" not in other


def test_a_demand_for_east_prussia_links_the_part_the_ussr_received(atlas):
    _need(atlas, "ussr-administration-koenigsberg-1945")
    (linked,) = _links(
        atlas, "The Soviet Union also asked for the Baltic coast of East Prussia.", "1943-12-01"
    )
    assert linked.get("ussr-administration-koenigsberg-1945") == "forward"
