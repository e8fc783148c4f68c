"""Where vdcftui keeps its files by default: the platform's user data and configuration
directories (on Linux and Solaris, $XDG_DATA_HOME and $XDG_CONFIG_HOME, falling back to
~/.local/share and ~/.config), through platformdirs, which knows each platform's rules."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

from vdcftui.errors import OperatorError
from vdcftui.textfile import read_text


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


def settings_table(name: str, path: Path | None = None) -> tuple[Any, Path] | None:
    """The ``[name]`` table of settings.toml (``{}`` when the file lacks it) and the
    file's path, or None when there is no settings file; a file TOML cannot read is a
    one-line error."""
    path = path or settings_path()
    if not path.exists():
        return None
    try:
        data = tomllib.loads(read_text(path, "settings"))
    except tomllib.TOMLDecodeError as exc:
        raise OperatorError(f"{path}: {exc}") from None
    return data.get(name, {}), path
