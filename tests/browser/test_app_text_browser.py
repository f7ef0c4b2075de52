"""Values from the URL and from uploads reach the page as text, never as images or links.

A toast quoting ``?date=![t](http://beacon.invalid/t.png)`` once made chromium fetch the
image (a beacon from an app meant to stay offline); a crafted ``layers=`` showed a link.
Every request the page makes is recorded: none may leave for the beacon host.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from browser_helpers import MAP_FRAME, upload, wait_framed

from spheremap.view import WORD_JOINER

pytestmark = pytest.mark.browser

BEACON = "http://beacon.invalid/t.png"
EVIL = "http://evil.invalid/login"
LINKS = [
    {"date": f"![t]({BEACON})", "layers": f"[click]({EVIL})"},
    {"feature": f"![t]({BEACON})", "passage": f"[click]({EVIL})"},
    {"feature": "www.evil.invalid", "date": "1939-10-15"},  # a valid id: "No feature ..."
    {"passage": "www.evil.invalid", "doc": f"<img src={BEACON}>"},
]


def open_app(page, server, query: str):
    page.goto(server.url + "/?" + query)
    page.frame_locator(MAP_FRAME).last.locator("[data-sm-id]").first.wait_for(
        state="attached", timeout=90_000
    )
    wait_framed(page)  # the map framed itself (no rerun follows)


def no_live_markup(page) -> None:
    """No image, link or HTML was made of the quoted values, and nothing was fetched for them."""
    # the whole page: toasts are drawn outside the app's main container
    links = page.locator("img[src*='beacon'], a[href*='evil'], a[href*='beacon']")
    assert links.count() == 0, links.evaluate_all("els => els.map(e => e.outerHTML)")
    hits = [u for u in page.external_requests if "beacon" in u or "evil" in u]
    assert hits == [], hits
    assert page.external_requests == [], page.external_requests


@pytest.mark.parametrize("params", LINKS, ids=lambda p: "+".join(p))
def test_link_values_are_plain_text(hostile_server, page, shots, params):
    open_app(page, hostile_server, urlencode(params))
    # the problem is reported (a toast, or a warning beside the map), quoting the value
    messages = page.locator('[data-testid="stToast"], [data-testid="stAlertContentWarning"]')
    messages.first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)  # all toasts in (they fade after a few seconds)
    page.screenshot(path=str(shots / f"link-text-{'+'.join(params)}.png"))
    shown = " ".join(messages.all_inner_texts()).replace(WORD_JOINER, "")
    page.wait_for_timeout(1500)  # give a beacon, if any, time to be requested
    no_live_markup(page)
    assert [v for v in params.values() if v in shown], shown


def test_hostile_upload_name_is_plain_text(hostile_server, page, shots, tmp_path):
    open_app(page, hostile_server, "date=1939-10-15&layers=control")
    name = "[click](www.evil.invalid) ![t](beacon.invalid).md"
    doc = tmp_path / name
    doc.write_text("# Notes\n\nOn 8 May 1945 a claim about the zone.\n")
    upload(page, doc)
    page.get_by_text("On 8 May 1945 a claim about the zone", exact=False).wait_for(timeout=30_000)
    # the picker shows the document's title; the file name stays the key (in the URL)
    chosen = page.get_by_test_id("stSelectbox").last
    assert "Notes" in chosen.inner_text() + chosen.locator("input").input_value()
    page.wait_for_function("() => location.search.includes('doc=')")
    empty = tmp_path / f"![t]({BEACON.replace('/', '')}).md"
    empty.write_bytes(b"")
    upload(page, empty)
    page.get_by_text("Could not read the document").wait_for(timeout=15_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shots / "upload-name-text.png"))
    no_live_markup(page)
