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
