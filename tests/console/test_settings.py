"""The operator's settings file: theme, console escape key and keymap."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from screens.keymap import binding_ids, valid_key
from tests.helpers import VDCFTUI, run_cli
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
        (
            'colour = "red"\n',
            "unknown setting colour (known: alerts, console_escape, ha, keymap, monitor, "
            "theme, vserver)",
        ),
        ('[keymap]\n"vservers.migrate" = 7\n', 'keymap must be a table of binding id = "keys"'),
        ("theme = \n", "settings.toml: "),
    ],
)
def test_a_broken_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(OperatorError, match=re.escape(message)):
        load_settings(path)


@pytest.mark.parametrize(
    ("keymap", "error"),
    [
        (
            '"nodes.grahps" = "U"',
            "keymap: no binding 'nodes.grahps' (the ids are shown by ? in the console)",
        ),
        (
            '"nodes.graphs" = "ctrl+"',
            "keymap: nodes.graphs = 'ctrl+': 'ctrl+' is not a key (examples: U, ctrl+x, f5, "
            "question_mark)",
        ),
    ],
)
def test_the_console_refuses_a_keymap_it_cannot_honour(tmp_path, keymap, error):
    settings = tmp_path / "settings.toml"
    settings.write_text(f"[keymap]\n{keymap}\n")
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "--readonly"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "VDCFTUI_SETTINGS": str(settings)},
    )
    assert result.returncode == 1
    assert result.stderr == f"vdcftui: {settings}: {error}\n"


def test_every_binding_a_keymap_may_name_is_known(tmp_path):
    ids = binding_ids()
    assert {"nodes.graphs", "vservers.migrate", "app.command_line"} <= ids
    assert all(valid_key(k) for k in ("U", "ctrl+x", "f5", "question_mark", "shift+tab"))
    assert not any(valid_key(k) for k in ("", "ctrl+", "foo", "hyper+nokey"))
