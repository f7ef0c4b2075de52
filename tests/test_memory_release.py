"""Handing memory back after sessions end (glibc's malloc_trim), and the arena cap."""

from __future__ import annotations

import threading

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
