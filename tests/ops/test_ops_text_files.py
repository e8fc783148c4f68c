"""A spec, definition or settings file that is not UTF-8 is one line naming the file,
the byte, its offset and its line: never a traceback."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import VDCFTUI, run_cli

LATIN1 = 'name = "web01"\nnode = "caf\xe9"\n'.encode("latin-1")  # 0xe9 at offset 26


def _expected(what: str, path) -> str:
    return (
        f"vdcftui: {what} {path} is not UTF-8 text: byte 0xe9 at offset 26 (line 2); "
        "save it as UTF-8\n"
    )


def test_a_lab_spec_that_is_not_utf8(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_bytes(LATIN1)
    result = subprocess.run(
        [VDCFTUI, "lab", "--spec", str(spec), "--workdir", str(tmp_path / "lab")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr == _expected("lab spec", spec)


def test_a_vserver_definition_that_is_not_utf8(tmp_path):
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    definition = tmp_path / "web01.toml"
    definition.write_bytes(LATIN1)
    result = run_cli(repo, "vserver", "create", "--file", str(definition), check=False)
    assert result.returncode == 1
    assert result.stderr == _expected("vServer definition", definition)


def test_settings_that_are_not_utf8(tmp_path):
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    settings = tmp_path / "settings.toml"
    settings.write_bytes(LATIN1)
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo)],  # the console reads its settings first
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "VDCFTUI_SETTINGS": str(settings)},
    )
    assert result.returncode == 1
    assert result.stderr == _expected("settings", settings)
