"""A definition file whose values have the wrong TOML type is one line naming the file
and the key, never a traceback, and records nothing."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("datasets = [{a=1}]", "datasets[0]: expected a string, not dict"),
        ("networks = [1]", "networks[0]: expected a string, not int"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_key(tmp_path, line, error):
    definition = tmp_path / "shop01.toml"
    datasets = 'datasets = ["p:600A0B800011382800000A0B84D10001"]'
    networks = 'networks = ["management:192.168.10.81/24"]'
    lines = ['name = "shop01"', 'node = "node08"', datasets, networks]
    lines = [line if entry.split()[0] == line.split()[0] else entry for entry in lines]
    definition.write_text("\n".join(lines) + "\n")
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    result = run_cli(repo, "vserver", "create", "--file", str(definition), check=False)
    assert result.returncode == 2
    assert result.stderr == f"vdcftui: {definition}: {error}\n"
    assert run_cli(repo, "vserver", "list", "--json").stdout.strip() == "[]"


def _definition(tmp_path, *extra: str) -> tuple:
    definition = tmp_path / "shop01.toml"
    lines = [
        'name = "shop01"',
        'node = "node08"',
        'datasets = ["p:600A0B800011382800000A0B84D10001"]',
        'networks = ["management:192.168.10.81/24"]',
        *extra,
    ]
    definition.write_text("\n".join(lines) + "\n")
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    return repo, definition


def test_unknown_keys_in_a_definition_are_named(tmp_path):
    repo, definition = _definition(tmp_path, 'filesytems = ["data:/data:1G"]', "cpu = 4")
    result = run_cli(repo, "vserver", "create", "--file", str(definition), check=False)
    assert result.returncode == 2
    assert result.stderr == (
        f"vdcftui: {definition}: unknown keys cpu, filesytems (known: name, node, brand, "
        "datasets, filesystems, networks)\n"
    )


def test_a_file_error_names_the_toml_key_not_a_command_line_option(tmp_path):
    repo, definition = _definition(tmp_path, 'filesystems = ["data"]')
    result = run_cli(repo, "vserver", "create", "--file", str(definition), check=False)
    assert result.returncode == 2
    assert result.stderr == (
        f"vdcftui: {definition}: filesystems[0]: 'data': expected data:MOUNTPOINT[:QUOTA]\n"
    )
    assert "--fs" not in result.stderr


def test_a_quota_of_zero_is_refused_on_the_command_line_and_in_a_file(tmp_path):
    repo, definition = _definition(tmp_path, 'filesystems = ["data:/data:0"]')
    from_file = run_cli(repo, "vserver", "create", "--file", str(definition), check=False)
    assert from_file.returncode == 2
    assert from_file.stderr == (
        f"vdcftui: {definition}: filesystems[0]: 'data:/data:0': a quota of 0 leaves no "
        "room: give a size, or none\n"
    )
    option = run_cli(
        repo,
        "vserver",
        "create",
        "shop01",
        "--node",
        "node08",
        "--dataset",
        "p:600A0B800011382800000A0B84D10001",
        "--net",
        "management:192.168.10.81/24",
        "--fs",
        "data:/data:0",
        check=False,
    )
    assert option.returncode == 2
    assert option.stderr.startswith("vdcftui: --fs: 'data:/data:0': a quota of 0 leaves no room")
    assert run_cli(repo, "vserver", "list", "--json").stdout.strip() == "[]"
