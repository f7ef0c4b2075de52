"""Real-browser fixtures: ``streamlit run app.py`` on loopback and Debian chromium via Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, HOSTILE_ROOT, MISSING_CHROMIUM, SHOTS, Server


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # one xdist worker runs them all: one Streamlit server and one chromium per run;
            # the wheel test (build, install, its own server) runs beside them on another
            group = "wheel" if item.path.name == "test_wheel.py" else "browser"
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def browser():
    """Chromium via Playwright. A missing browser fails the tests unless SPHEREMAP_SKIP_BROWSER=1."""
    if CHROMIUM is None:
        if os.environ.get("SPHEREMAP_SKIP_BROWSER") == "1":
            pytest.skip("browser tests skipped on request (SPHEREMAP_SKIP_BROWSER=1)")
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def bundled_server():
    from spheremap.atlas import Atlas

    Atlas.load()  # bundled data that does not load is a failure
    server = Server(None)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile_server():
    server = Server(HOSTILE_ROOT)
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that ``page`` knows a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.external_requests = []
    pg.page_errors = []
    pg.on(
        "request",
        lambda r: (
            pg.external_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:"))
            else None
        ),
    )
    pg.on("pageerror", lambda e: pg.page_errors.append(str(e)))
    yield pg
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # what the page showed when the test failed (a timeout says only what it waited for)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = SHOTS / f"failed-{request.node.name}.png".replace("/", "_")
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failed page: {shot}")
        except Exception as exc:  # the page may be gone with the failure
            print(f"\nno screenshot of the failed page: {exc}")
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
