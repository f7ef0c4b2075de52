"""The passages panel in a real browser (issue #13): uploaded markup shows as text, and a
passage's "Show on map" switches on the layers of its features.

Runs ``streamlit run app.py`` against ``tests/data/hostile`` and drives Debian chromium.
"""

from __future__ import annotations

import pytest
from browser_helpers import MAP_FRAME, upload

pytestmark = pytest.mark.browser

HOSTILE = """# Markup notes

On 5 December 1941 a note: <script>window.__pwned=5</script> <img src=x onerror="window.__pwned=6"> and [a link](javascript:window.__pwned=7) and <b>bold</b>.
"""


def open_app(page, server, query: str):
    page.goto(server.url + "/?" + query)
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator("[data-sm-id]").first.wait_for(state="attached", timeout=90_000)
    return frame


def panel(page):
    return page.locator('[class*="st-key-passages"]')


def test_uploaded_markup_is_shown_as_text(hostile_server, page, shots, tmp_path):
    open_app(page, hostile_server, "date=1941-12-05&layers=control")
    doc = tmp_path / "markup.md"
    doc.write_text(HOSTILE)
    upload(page, doc)
    text = panel(page).get_by_text("a note:", exact=False)
    text.wait_for(timeout=30_000)
    shown = text.inner_text()
    assert '<script>window.__pwned=5</script> <img src=x onerror="window.__pwned=6">' in shown
    assert "[a link](javascript:window.__pwned=7)" in shown  # the whole link, not "a link)"
    assert "and bold." in shown  # formatting is reduced to its text
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    assert panel(page).locator("img, script, a[href^='javascript']").count() == 0
    # the picker shows the document's title, not its file name
    picker = page.get_by_test_id("stSelectbox").last
    assert "Markup notes" in picker.inner_text() + picker.locator("input").input_value()
    panel(page).screenshot(path=str(shots / "passages-markup-as-text.png"))
    assert page.page_errors == []


def test_show_on_map_turns_on_the_passage_layers(hostile_server, page, shots):
    frame = open_app(page, hostile_server, "date=1941-12-05&layers=control")
    lines = page.get_by_test_id("stSidebarUserContent").get_by_label("Lines and fronts")
    assert not lines.is_checked()
    assert frame.locator('[data-sm-id="line-front"]').count() == 0
    box = (
        panel(page)
        .locator('[data-testid="stVerticalBlock"]')
        .filter(has_text="On 5 December 1941 the front stood near the line.")
        .last
    )
    box.get_by_role("button", name="Show on map").click()
    page.wait_for_function("() => location.search.includes('layers=control%2Cline')")
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator('[data-sm-id="line-front"]').first.wait_for(state="attached", timeout=15_000)
    frame.locator('[data-sm-id="east-germany"][stroke-width="4"]').wait_for(timeout=10_000)
    assert lines.is_checked()
    page.screenshot(path=str(shots / "passage-turns-layers-on.png"))
    assert page.page_errors == []
