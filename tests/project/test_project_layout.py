"""The project's own promises: layers, set-up commands, installed resources."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_layers_import_without_textual():
    code = (
        "import sys\n"
        "import vdcftui.solaris.parsers, vdcftui.solaris.registry, vdcftui.solaris.commands\n"
        "import vdcftui.repo.models, vdcftui.repo.database\n"
        "import vdcftui.remote.pool, vdcftui.remote.batch\n"
        "import vdcftui.ops.catalog, vdcftui.ops.discovery.run\n"
        "import vdcftui.lab.runner\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.MULTILINE)
    assert len(commands) == 2, "README gives exactly two set-up commands"
    demo, tests = commands
    assert demo.endswith("vdcftui demo")
    assert "'.[test]'" in tests
    assert tests in ci.splitlines()


def test_screens_and_themes_ship_inside_the_package():
    from importlib.resources import files

    assert (files("vdcftui.themes") / "default.tcss").is_file()
    assert (files("vdcftui.screens") / "vservers.py").is_file()
