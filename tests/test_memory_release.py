"""Handing memory back after sessions end (glibc's malloc_trim), and the arena cap."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from spheremap import launcher


def test_sessions_closing_together_share_one_trim(monkeypatch):
    trims = []
    done = threading.Event()

    def release() -> bool:
        trims.append(1)
        done.set()
        return True

    monkeypatch.setattr(launcher, "release_memory", release)
    for _ in range(5):  # five sessions end within the delay
        launcher.release_memory_soon(delay=0.5)
    assert done.wait(30)
    for timer in launcher._TRIM_TIMER:
        timer.join(30)
    assert trims == [1]


def test_an_arena_count_set_in_the_environment_is_left_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert launcher.limit_malloc_arenas() is False


def test_release_memory_answers_without_glibc(monkeypatch):
    monkeypatch.setattr(launcher, "_glibc", lambda: None)
    assert launcher.release_memory() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert launcher.limit_malloc_arenas() is False


def test_on_glibc_the_cap_is_set_and_the_trim_runs(monkeypatch):
    if launcher._glibc() is None:
        pytest.skip("not glibc (macOS, musl): nothing to set")
    calls = []
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)

    class Recording:
        def mallopt(self, param, value):
            calls.append(("mallopt", param, value))
            return 1

        def malloc_trim(self, pad):
            calls.append(("malloc_trim", pad))
            return 1

    monkeypatch.setattr(launcher, "_glibc", Recording)
    monkeypatch.setattr(launcher, "_ARENAS_SET", {})  # as in a process that never set it
    assert launcher.limit_malloc_arenas() is True
    assert launcher.release_memory() is True
    assert launcher.limit_malloc_arenas() is True  # the app's next run: not set again
    assert calls == [("mallopt", -8, launcher.MALLOC_ARENAS), ("malloc_trim", 0)]


# ------------------------------------------------------------------ shedding when idle
DAYS = [date(1939, 9, 1) + timedelta(days=30 * i) for i in range(6)]


@pytest.fixture
def idle_app(mini_root, monkeypatch):
    """A fresh process state: the mini atlas loaded, no session open, warm_start and the trim
    recorded instead of run, each cache filled with several days."""
    from spheremap import render, view
    from spheremap.atlas import Atlas

    atlas = Atlas.load(mini_root)
    calls: list = []
    monkeypatch.setattr(launcher, "_SESSIONS", {"live": 0})
    monkeypatch.setattr(launcher, "_IDLE_TIMER", [])
    monkeypatch.setattr(launcher, "_IDLE_HOOKS", {})
    monkeypatch.setattr(launcher, "_ATLASES", {str(mini_root): atlas})
    monkeypatch.setattr(launcher, "warm_start", lambda root: calls.append(("warm", root)))
    monkeypatch.setattr(launcher, "release_memory", lambda: calls.append(("trim",)) or True)
    monkeypatch.setattr(launcher, "release_memory_soon", lambda delay=0: None)
    render.drop_caches()
    view.drop_caches()
    for day in DAYS:
        render.payload_at(atlas, day, ("control", "line"), ())
        atlas.fronts_at(day)
        render.collection_at(atlas, day, ("control",))
        view.change_line(atlas, day)
    return atlas, calls


def _filled(atlas) -> dict[str, int]:
    from spheremap import render, view

    return {
        "payloads": len(render._payload.cache),
        "collections": len(render._collection.cache),
        "control": len(atlas._control_cache),
        "fronts": len(atlas._fronts_cache),
        "change lines": view._change_text.cache_info().currsize,
    }


def _wait_for_shedding() -> None:
    for timer in list(launcher._IDLE_TIMER):
        timer.join(30)


def test_when_the_last_session_leaves_every_day_cache_is_shed(idle_app, mini_root):
    atlas, calls = idle_app
    hook = []
    launcher.when_idle("comparisons", lambda: hook.append("old"))
    launcher.when_idle("comparisons", lambda: hook.append("new"))  # the next run's registration
    assert all(_filled(atlas).values()), _filled(atlas)
    launcher.session_started()
    launcher.session_started()
    launcher.session_ended(delay=0.05)  # one tab left open: nothing is shed
    _wait_for_shedding()
    assert all(_filled(atlas).values()) and calls == []
    launcher.session_ended(delay=0.05)
    _wait_for_shedding()
    assert _filled(atlas) == dict.fromkeys(_filled(atlas), 0)
    assert hook == ["new"]
    assert calls == [("warm", str(mini_root)), ("trim",)]  # the opening view built again
    assert launcher.live_sessions() == 0


def test_a_session_opening_before_the_delay_keeps_the_caches(idle_app):
    atlas, calls = idle_app
    launcher.session_started()
    launcher.session_ended(delay=0.5)
    pending = list(launcher._IDLE_TIMER)
    launcher.session_started()  # a visitor arrives within the delay
    for timer in pending:
        timer.join(30)
    assert all(_filled(atlas).values()) and calls == []
    assert launcher.shed_idle() is False  # and asked directly, with a session open
    assert all(_filled(atlas).values())
