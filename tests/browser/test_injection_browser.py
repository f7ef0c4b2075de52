"""A view export whose every text holds template syntax and markup, opened in chromium."""

from __future__ import annotations

from datetime import date

import pytest
from injection import make_folder  # tests/injection.py (tests/ is on the path: its conftest)
from playwright.sync_api import expect

from spheremap import export
from spheremap.atlas import Atlas

pytestmark = pytest.mark.browser

TEXT = "{{ 7*7 }} {% if true %}x{% endif %} {#12} }} <img src=x onerror=alert(1)>"


def test_hostile_view_export_shows_the_text_literally(browser, tmp_path, shots):
    root = make_folder(tmp_path / "data", TEXT)
    path = export.export_view(Atlas.load(root), date(1940, 1, 1), None, tmp_path / "v.html")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    target = page.locator(f'[data-sm-id="east-ussr {TEXT}"]')
    target.wait_for(state="attached", timeout=15_000)
    assert page.locator("[data-sm-id]").count() >= 7  # every feature of the day is drawn
    box = target.bounding_box()
    # the upper half of the piece: the event point lies in its lower half
    target.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.3}, force=True)
    popup = page.locator(".sm-popup")
    popup.wait_for()
    popup.locator(".sm-notes summary").click()  # the build note behind its fold
    text = popup.inner_text()
    assert f"Soviet-held east ({TEXT})" in text
    assert f"Note of east-ussr {TEXT}" in text
    assert f"Source of east-ussr {TEXT}" in text
    assert "entered the East piece." in text and "{{ 7*7 }} {% if true %}x{% endif %}" in text
    assert "49" not in text
    assert page.locator(".sm-popup img, .sm-popup script, .sm-title img").count() == 0
    expect(page.locator(".sm-title")).to_contain_text("1 January 1940")
    page.locator(".sm-title summary").click()
    expect(page.locator(".sm-title details")).to_contain_text(f"Source of sphere-german {TEXT}")
    page.screenshot(path=str(shots / "export-view-template-syntax.png"))
    assert dialogs == [] and errors == []
    assert requests == [path.resolve().as_uri()]
    context.close()
