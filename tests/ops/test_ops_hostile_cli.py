"""Hostile values typed on the command line or written in a `vserver create --file`
definition: refused before anything runs, the error naming the field or TOML key, the
value escaped, the repository unchanged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_cli

HOSTILE = ["x;reboot", "$(reboot)", "`reboot`", "x\nreboot", "x\x1b]0;T\x07", "x" * 300]
WWN = "600A0B800011382800000A0B84D10001"
GOOD = {
    "name": "shop01",
    "node": "node08",
    "datasets": [f"shop01_pool:{WWN}"],
    "filesystems": ["data:/data:2G"],
    "networks": ["management:192.168.10.81/24"],
}


def _cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(repo, *args, check=False, timeout=60)


def _toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _write(path: Path, data: dict) -> None:
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(_toml_string(v) for v in value)}]")
        else:
            lines.append(f"{key} = {_toml_string(value)}")
    path.write_text("\n".join(lines) + "\n")


def _assert_refused(result: subprocess.CompletedProcess, where: str, repo: Path) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"vdcftui: {where}"), result.stderr
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    if repo.exists():
        assert json.loads(_cli(repo, "vserver", "list", "--json").stdout) == []
        assert json.loads(_cli(repo, "job", "list", "--json").stdout) == []


def _matrix(fields: list[tuple]) -> list:
    """Every field with every hostile value; CI runs each field with one value and each
    value with at least one field, the rest with `-m hostile` (by hand)."""
    cases = []
    for i, field in enumerate(fields):
        for j, hostile in enumerate(HOSTILE):
            marks = () if j == i % len(HOSTILE) else (pytest.mark.hostile,)
            cases.append(pytest.param(hostile, *field, marks=marks))
    return cases


DEFINITION_FIELDS = [
    ("name", "{}", "name: invalid zone name '"),
    ("node", "{}", "node: invalid node name '"),
    ("datasets", [f"{{}}:{WWN}"], "datasets[0]: invalid zpool name '"),
    ("filesystems", ["data:/{}:1G"], "filesystems[0]: "),
    ("networks", ["management:{}/24"], "networks[0]: 'management:"),
    ("brand", "{}", "brand: unknown brand '"),
]
ARGUMENT_FIELDS = [
    (["vserver", "create", "{}", "--node", "node08"], "NAME: invalid zone name '"),
    (["vserver", "create", "shop01", "--node", "{}"], "--node: invalid node name '"),
    (["vserver", "boot", "{}"], "invalid zone name '"),
    (["vserver", "modify", "{}", "--add-fs", "data:/logs:1G", "--live"], "invalid zone name"),
    (
        ["vserver", "modify", "web01", "--add-fs", "data:/{}:1G"],
        "--add-fs: invalid mount point name",
    ),
    (["vserver", "modify", "web01", "--remove-net", "{}"], "invalid link name '"),
    (["vserver", "show", "{}"], "invalid zone name '"),
    (["node", "show", "{}"], "invalid node name '"),
    (["node", "install", "{}", "--build", "s11"], "invalid node name '"),
    (["pool", "show", "{}"], "invalid compute pool name '"),
    (["dataset", "show", "{}"], "invalid zpool name '"),
    (["gdom", "start", "{}"], "invalid domain name '"),
    (["vserver", "list", "--node", "{}"], "invalid node name '"),
]


@pytest.mark.parametrize(("hostile", "key", "value", "error"), _matrix(DEFINITION_FIELDS))
def test_hostile_values_in_a_definition_file_name_the_key(tmp_path, hostile, key, value, error):
    data = dict(GOOD)
    data[key] = value.format(hostile) if isinstance(value, str) else [value[0].format(hostile)]
    spec = tmp_path / "shop01.toml"
    _write(spec, data)
    repo = tmp_path / "repo.db"
    result = _cli(repo, "vserver", "create", "--file", str(spec))
    _assert_refused(result, f"{spec}: {error}", repo)


@pytest.mark.parametrize(("hostile", "args", "error"), _matrix(ARGUMENT_FIELDS))
def test_hostile_command_line_arguments_are_refused_naming_the_field(
    tmp_path, hostile, args, error
):
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    result = _cli(repo, *[a.format(hostile) for a in args])
    _assert_refused(result, error, repo)


def test_create_options_name_the_option(tmp_path):
    repo = tmp_path / "repo.db"
    result = _cli(
        repo,
        "vserver",
        "create",
        "shop01",
        "--node",
        "node08",
        "--dataset",
        f"p;x:{WWN}",
        "--net",
        "management:10.0.0.1/24",
    )
    _assert_refused(result, "--dataset: invalid zpool name 'p;x'", repo)
