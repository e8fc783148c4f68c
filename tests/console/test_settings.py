"""The operator's settings file: theme, console escape key and keymap."""

from __future__ import annotations

import re

import pytest

from vdcftui.errors import OperatorError
from vdcftui.settings import Settings, load_settings


def test_missing_file_gives_the_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_keymap_and_escape_are_read(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('console_escape = "^B"\n[keymap]\n"vservers.migrate" = "M"\n')
    settings = load_settings(path)
    assert settings.console_escape == "^B"
    assert settings.keymap == {"vservers.migrate": "M"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('colour = "red"\n', "unknown setting colour (known: console_escape, keymap, theme)"),
        ('[keymap]\n"vservers.migrate" = 7\n', 'keymap must be a table of binding id = "keys"'),
        ("theme = \n", "settings.toml: "),
    ],
)
def test_a_broken_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(OperatorError, match=re.escape(message)):
        load_settings(path)
