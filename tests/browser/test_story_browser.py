"""Story mode and the place strip in Chromium: the offline story page and the app (issue #15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import HOSTILE_ROOT, MAP_FRAME, wait_framed
from playwright.sync_api import expect

from spheremap import export
from spheremap.atlas import Atlas

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def story_file(tmp_path_factory) -> Path:
    atlas = Atlas.load(HOSTILE_ROOT)
    return export.export_story(atlas, "hostile.md", tmp_path_factory.mktemp("story") / "s.html")


def open_story(browser, path: Path, width: int = 1300, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.locator(".sm-story").wait_for(timeout=15_000)
    return page


def highlighted(page) -> set[str]:
    """Ids of the drawn features with the heavy black outline."""
    return set(
        page.locator("[data-sm-id]").evaluate_all(
            """els => els.filter(e => e.getAttribute('stroke') === '#000000'
                       && parseFloat(e.getAttribute('stroke-width')) >= 3)
                     .map(e => e.getAttribute('data-sm-id'))"""
        )
    )


def test_story_page_steps_with_buttons_and_arrow_keys(browser, story_file, shots):
    page = open_story(browser, story_file)
    count, date_out = page.locator(".sm-story-count"), page.locator(".sm-date")
    expect(count).to_have_text("1 / 4")
    assert date_out.inner_text() == "1939-09-01"
    assert highlighted(page) == {"west-germany"}
    assert page.locator(".sm-story-prev").is_disabled()
    page.keyboard.press("ArrowRight")
    expect(count).to_have_text("2 / 4")
    assert date_out.inner_text() == "1939-09-17"
    assert highlighted(page) == {"east-ussr"}
    # hostile passage text is shown as text
    assert '<img src=x onerror="window.__pwned=2">' in page.locator(".sm-story-text").inner_text()
    assert page.locator(".sm-story img, .sm-story script").count() == 0
    page.locator(".sm-story-next").click()
    expect(count).to_have_text("3 / 4")
    assert date_out.inner_text() == "1941-12-05"
    assert highlighted(page) == {"line-front", "east-germany"}
    page.keyboard.press("ArrowLeft")
    expect(count).to_have_text("2 / 4")
    # the slider keeps its own arrows: one day on, the story stays where it is
    page.locator(".sm-timectl input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    expect(date_out).to_have_text("1939-09-18")
    assert count.inner_text() == "2 / 4"
    # the buttons are keyboard controls: focus and Enter
    page.locator(".sm-story-next").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(count).to_have_text("4 / 4")
    assert date_out.inner_text() == "1945-07-01"
    assert "zone-us" in highlighted(page)  # its layer was switched on to show it
    assert page.locator(".sm-story-next").is_disabled()
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert count.inner_text() == "4 / 4"
    assert page.requests == [story_file.resolve().as_uri()]
    assert page.errors == []
    assert page.evaluate("() => window.__pwned") is None
    page.screenshot(path=str(shots / "story-export.png"))
    page.context.close()


def test_story_buttons_are_reached_with_tab(browser, story_file):
    page = open_story(browser, story_file)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        cls = page.evaluate("() => document.activeElement.className || ''")
        reached.append(cls)
        if "sm-story-next" in cls:
            break
    assert any("sm-story-next" in c for c in reached), reached
    # the focus is visible on it
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    expect(page.locator(".sm-story-count")).to_have_text("2 / 4")
    page.context.close()


def test_story_controls_are_readable_at_360_px(browser, story_file, shots):
    page = open_story(browser, story_file, 360, 740)
    box = page.locator(".sm-story").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740
    ctl = page.locator(".sm-timectl").bounding_box()
    assert box["y"] >= ctl["y"] + ctl["height"], "story box and time control overlap"
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert ctl["x"] >= zoom["x"] + zoom["width"], "time control covers the zoom buttons"
    for sel in (".sm-story-text", ".sm-story-count", ".sm-story-next"):
        size = page.locator(sel).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 13, (sel, size)
    for sel in (".sm-story-prev", ".sm-story-next"):
        b = page.locator(sel).bounding_box()
        assert b["height"] >= 32 and b["width"] >= 44 and b["x"] + b["width"] <= 360, sel
    # nothing in the story box is cut off sideways
    assert page.locator(".sm-story").evaluate("e => e.scrollWidth <= e.clientWidth")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".sm-story-count")).to_have_text("2 / 4")
    page.screenshot(path=str(shots / "story-export-360.png"))
    page.context.close()


def test_atlas_popup_strip_shows_the_pieces_holders_and_jumps(browser, tmp_path, shots):
    path = export.export_atlas(Atlas.load(HOSTILE_ROOT), tmp_path / "atlas.html")
    page = open_story_like_atlas(browser, path)
    page.get_by_label("Spheres of influence").uncheck()
    target = page.locator('[data-sm-id="west-germany"]')
    box = target.bounding_box()
    target.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5}, force=True)
    spans = page.locator(".sm-popup .sm-strip-span")
    expect(spans).to_have_count(3)
    labels = spans.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert labels[0].startswith("Poland from 1938-10-01 until 1939-09-01")
    assert labels[1].startswith(
        "Germany from 1939-09-01 until 1945-05-08: German-held west <script>"
    )
    assert labels[2].startswith("USSR from 1945-05-08")
    assert page.locator(".sm-popup .sm-strip-now").count() == 1
    page.screenshot(path=str(shots / "atlas-popup-strip.png"))
    spans.nth(2).focus()
    page.keyboard.press("Enter")  # a span is a button: the slider jumps to its start
    expect(page.locator(".sm-date")).to_have_text("1945-05-08")
    assert page.errors == [] and page.evaluate("() => window.__pwned") is None
    page.context.close()


def open_story_like_atlas(browser, path: Path):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.locator("[data-sm-id]").first.wait_for(state="attached", timeout=15_000)
    return page


# ----------------------------------------------------------------------------- the app
def test_app_story_mode_with_arrow_keys(hostile_server, page, shots):
    page.goto(hostile_server.url + "/")
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator("[data-sm-id]").first.wait_for(state="attached", timeout=30_000)
    wait_framed(page)  # the map framed itself (no rerun follows)
    page.get_by_text("Story mode").click()
    nxt = page.locator(".st-key-story_next button").locator("visible=true")
    nxt.wait_for(timeout=15_000)
    heading = page.locator("h4").first
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text("1 September 1939", timeout=15_000)
    expect(page.get_by_text("Passage 1 of 4")).to_be_visible()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text("17 September 1939", timeout=15_000)
    expect(page.get_by_text("Passage 2 of 4")).to_be_visible()
    # the map follows: the step's feature is drawn with the heavy outline
    page.wait_for_function("() => location.search.includes('passage=')", timeout=30_000)
    expect(frame.locator('[data-sm-id="east-ussr"][stroke="#000000"]')).to_have_count(
        1, timeout=30_000
    )
    page.locator(".st-key-story_prev button").locator("visible=true").click()
    expect(heading).to_have_text("1 September 1939", timeout=15_000)
    # the date slider keeps its arrows: one day on, the story does not step (the slider's own
    # value arrives with the rerun's widget update, which may trail the heading)
    date_slider = page.locator('[data-testid="stSlider"]', has_text="Date")
    expect(date_slider).to_contain_text("1939-09-01", timeout=15_000)
    page.locator('[data-testid="stSlider"] input[type=range]').first.focus()
    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text("2 September 1939", timeout=15_000)
    expect(page.get_by_text("Passage 1 of 4")).to_be_visible()
    page.screenshot(path=str(shots / "app-story.png"), full_page=True)
    assert page.external_requests == [] and page.page_errors == []


def test_app_story_controls_at_360_px(hostile_server, browser, shots):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(hostile_server.url + "/")
    page.frame_locator(MAP_FRAME).last.locator("[data-sm-id]").first.wait_for(
        state="attached", timeout=30_000
    )
    page.get_by_text("Story mode").click()
    nxt = page.locator(".st-key-story_next button").locator("visible=true")
    nxt.scroll_into_view_if_needed(timeout=15_000)
    nxt.click()
    text = page.locator(".st-key-story_box").get_by_text(
        "German troops crossed into the West piece"
    )
    expect(text).to_be_visible(timeout=15_000)
    for loc in (nxt, page.locator(".st-key-story_prev button").locator("visible=true"), text):
        b = loc.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 360, b
    size = text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 13
    page.screenshot(path=str(shots / "app-story-360.png"), full_page=True)
    context.close()


def test_app_click_shows_the_strip_and_its_buttons_move_the_slider(hostile_server, page, shots):
    page.goto(hostile_server.url + "/?date=1941-12-05&layers=control")
    frame = page.frame_locator(MAP_FRAME).last
    piece = frame.locator('[data-sm-id="west-germany"]')
    piece.wait_for(state="attached", timeout=30_000)
    box = piece.bounding_box()
    piece.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.6}, force=True)
    strip = page.locator(".st-key-strip")
    strip.wait_for(timeout=15_000)
    buttons = strip.get_by_role("button")
    expect(buttons).to_have_count(3)
    assert buttons.nth(2).inner_text().startswith("1945-05-08 USSR")
    svg = page.locator("svg.sm-strip")
    expect(svg).to_have_count(1)
    assert svg.locator("rect").count() == 5  # background, three spans, the day marker
    titles = svg.locator("title").all_text_contents()
    # the hostile name is the span's text, whole: no markup, no Markdown emphasis taken from it
    assert any("German-held west <script>window.__pwned=1</script>" in t for t in titles)
    assert svg.locator("script, em, strong").count() == 0
    page.screenshot(path=str(shots / "app-strip.png"))
    buttons.nth(2).click()
    expect(page.locator("h4").first).to_have_text("8 May 1945", timeout=15_000)
    assert page.evaluate("() => window.__pwned") is None
    assert page.external_requests == [] and page.page_errors == []
