"""``spheremap app`` and the data-root lookup in a checkout (the wheel: tests/browser/test_wheel.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spheremap import cli, launcher, layers, places
from spheremap.model import InputError

REPO = Path(__file__).resolve().parents[1]


class Started(BaseException):  # not caught by the CLI's last-resort handler
    """Raised by the stand-in for ``os.execve``: what would have been started."""

    def __init__(self, cmd, env):
        self.cmd, self.env = cmd, env


@pytest.fixture
def no_exec(monkeypatch):
    def execve(path, cmd, env):
        raise Started(cmd, env)

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.delenv(launcher.DATA_ENV, raising=False)


def test_a_checkout_reads_its_top_level_geodata_and_app():
    assert layers.default_root() == REPO / "geodata"
    assert places.default_gazetteer_path() == REPO / "geodata" / "gazetteer.csv"
    assert launcher.app_script() == REPO / "app.py"


def test_app_runs_streamlit_on_the_app_with_port_and_data(no_exec, mini_root):
    with pytest.raises(Started) as started:
        cli.main(["app", "--port", "8611", "--headless", "--data", str(mini_root)])
    cmd, env = started.value.cmd, started.value.env
    assert cmd[1:5] == ["-m", "spheremap.launcher", "run", str(REPO / "app.py")]
    assert cmd[cmd.index("--server.port") + 1] == "8611"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert env[launcher.DATA_ENV] == str(mini_root.resolve())


def test_app_takes_the_data_folder_from_the_environment_like_the_other_commands(
    no_exec, mini_root, monkeypatch
):
    monkeypatch.setenv(launcher.DATA_ENV, str(mini_root))
    with pytest.raises(Started) as started:
        cli.main(["app"])
    assert started.value.env[launcher.DATA_ENV] == str(mini_root.resolve())
    assert "--server.port" not in started.value.cmd


@pytest.mark.parametrize(
    ("folder", "message"),
    [("missing", "no such folder"), ("empty", "not a geodata folder")],
)
def test_app_refuses_a_data_folder_that_is_not_one(no_exec, tmp_path, capsys, folder, message):
    (tmp_path / "empty").mkdir()
    code = cli.main(["app", "--data", str(tmp_path / folder)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and message in err and folder in err


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_app_refuses_a_bad_port(no_exec, capsys, port):
    with pytest.raises(SystemExit) as exited:
        cli.main(["app", "--port", port])
    assert exited.value.code == 2
    assert "port" in capsys.readouterr().err


def test_app_environment_leaves_the_environment_alone_without_data(monkeypatch):
    monkeypatch.delenv(launcher.DATA_ENV, raising=False)
    assert launcher.DATA_ENV not in launcher.app_environment(None)
    with pytest.raises(InputError):
        launcher.app_environment(REPO / "no-such-folder")


def test_the_app_uses_mallocs_allocator_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    assert launcher.app_environment(None)["PYTHONMALLOC"] == "malloc"
    monkeypatch.setenv("PYTHONMALLOC", "pymalloc_debug")  # the user's choice stands
    assert launcher.app_environment(None)["PYTHONMALLOC"] == "pymalloc_debug"


def test_validate_checks_the_data_folder_given_with_data(mini_root, capsys, monkeypatch):
    monkeypatch.delenv(launcher.DATA_ENV, raising=False)
    assert cli.main(["--data", str(REPO / "tests" / "data" / "broken"), "validate"]) != 0
    capsys.readouterr()
    assert cli.main(["validate", "--data", str(mini_root)]) == 0
    assert "OK:" in capsys.readouterr().out


def test_warm_start_loads_the_atlas_once_for_the_app(monkeypatch, mini_root):
    from spheremap import render
    from spheremap.atlas import Atlas

    loads = []
    real = Atlas.load.__func__

    def counting(cls, root=None, *args, **kwargs):
        loads.append(root)
        return real(cls, root, *args, **kwargs)

    monkeypatch.setattr(Atlas, "load", classmethod(counting))
    monkeypatch.setattr(render, "payload_at", lambda *a, **k: None)  # the atlas is the point
    monkeypatch.setattr(launcher, "_ATLASES", {})
    launcher.warm_start(str(mini_root))
    assert loads == [str(mini_root)]
    first = launcher.app_atlas(str(mini_root))  # what the app's first run asks for
    assert launcher.app_atlas(str(mini_root)) is first
    assert loads == [str(mini_root)]  # no second load


def test_warm_start_logs_a_failure_instead_of_raising(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(launcher, "_ATLASES", {})
    launcher.warm_start(str(tmp_path / "missing"))
    assert "warm start failed" in caplog.text
