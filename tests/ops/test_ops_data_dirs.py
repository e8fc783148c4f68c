"""The default places of vdcftui's files follow the XDG base directories: data (the
repository, the lab, the engine's files) under $XDG_DATA_HOME, settings under
$XDG_CONFIG_HOME."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import VDCFTUI
from vdcftui.repo.migrations import CURRENT_VERSION


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VDCFTUI_")}
    return subprocess.run(
        [VDCFTUI, *args], capture_output=True, text=True, timeout=60, env={**clean, **env}
    )


def test_the_default_repository_is_under_xdg_data_home(tmp_path):
    data = tmp_path / "data"
    created = _run({"XDG_DATA_HOME": str(data), "HOME": str(tmp_path / "home")}, "init")
    assert created.returncode == 0, created.stderr
    repo = data / "vdcftui" / "repo.db"
    assert created.stdout == f"created repository {repo} (schema version {CURRENT_VERSION})\n"
    assert repo.exists() and not (tmp_path / "home" / ".local").exists()


def test_settings_are_read_under_xdg_config_home(tmp_path):
    config = tmp_path / "config"
    (config / "vdcftui").mkdir(parents=True)
    (config / "vdcftui" / "settings.toml").write_text('colour = "red"\n')
    env = {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(tmp_path / "data")}
    assert _run(env, "init").returncode == 0
    console = _run(env)  # the console reads its settings before anything else
    assert console.returncode == 1
    assert "settings.toml: unknown setting colour" in console.stderr
