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
        "import vdcftui.solaris.parsers, vdcftui.solaris.registry, vdcftui.solaris.cmd.zones\n"
        "import vdcftui.repo.models, vdcftui.repo.database\n"
        "import vdcftui.remote.pool, vdcftui.remote.batch\n"
        "import vdcftui.readmodel.catalog, vdcftui.ops.discovery.run\n"
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


def test_screens_and_themes_import_from_the_checkout_as_installed():
    code = (
        "import screens, screens.noc, themes\n"
        "from importlib.resources import files\n"
        "print(screens.__file__, themes.__file__)\n"
        "print(files('themes') / 'default.tcss', files('screens.noc') / 'noc.tcss')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    paths = [Path(p) for p in result.stdout.split()]
    assert all(p.is_relative_to(ROOT) and p.exists() for p in paths), paths
