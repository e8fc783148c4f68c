"""Where vdcftui keeps its files by default: the platform's user data and configuration
directories (on Linux and Solaris, $XDG_DATA_HOME and $XDG_CONFIG_HOME, falling back to
~/.local/share and ~/.config), through platformdirs, which knows each platform's rules."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path


def data_dir() -> Path:
    """The directory of the repository, the engine's files, the lab and transcripts."""
    return user_data_path("vdcftui", appauthor=False)


def config_dir() -> Path:
    """The directory of settings.toml."""
    return user_config_path("vdcftui", appauthor=False)


def settings_path() -> Path:
    """$VDCFTUI_SETTINGS, or settings.toml under $XDG_CONFIG_HOME (~/.config)/vdcftui."""
    if env := os.environ.get("VDCFTUI_SETTINGS"):
        return Path(env)
    return config_dir() / "settings.toml"
