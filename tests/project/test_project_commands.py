"""Every command for a host is an argv built in vdcftui/solaris/ and joined in one
place: no module elsewhere writes command text with an f-string, % or +, and only the
command module quotes."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "vdcftui"
# The builders, and the lab (which plays the hosts: it reads commands, never sends them).
ALLOWED = (PACKAGE / "solaris", PACKAGE / "lab")
QUOTING = PACKAGE / "solaris" / "cmd" / "command.py"
# textual-serve starts each browser session of the NOC wall through a shell on this
# machine: that command line (this program and its options) is quoted where it is made.
LOCAL_SHELL = PACKAGE / "commands" / "noc.py"
PROGRAMS = {
    "zoneadm", "zonecfg", "zlogin", "zpool", "zfs", "ldm", "kstat", "svcs", "svcadm",
    "dladm", "ipadm", "ifconfig", "uname", "psrinfo", "prtdiag", "virtinfo", "format",
    "mpathadm", "fcinfo", "pkg", "showrev", "beadm", "patchadd", "init", "shutdown",
    "telnet", "prstat", "zonestat", "fmadm", "swap", "df", "echo", "cat",
}  # fmt: skip


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not any(path.is_relative_to(allowed) for allowed in ALLOWED)
    ]


def _leading_text(node: ast.expr) -> str | None:
    """The literal text a string-building expression starts with, if any."""
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _leading_text(node.left)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    ):
        return _leading_text(node.func.value)
    return None


def _built(node: ast.AST) -> bool:
    """Whether the node builds a string from parts (constant strings are data)."""
    return (
        isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod))
        or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
        )
    )


def _starts_a_command(text: str) -> bool:
    """Whether literal text begins with a host program and its arguments follow."""
    words = text.split()
    return (
        bool(words)
        and words[0].rpartition("/")[2] in PROGRAMS
        and (len(words) > 1 or text.endswith(" "))
    )


def command_text_built_outside_solaris(path: Path, root: Path = ROOT) -> list[str]:
    """The places in ``path`` that build command text or quote for a shell."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.expr) and _built(node):
            text = _leading_text(node)
            if text is not None and _starts_a_command(text):
                found.append((node.lineno, f"{text!r}"))
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "shlex"
            and node.attr in ("join", "quote")
            and path not in (QUOTING, LOCAL_SHELL)
        ):
            found.append((node.lineno, f"shlex.{node.attr}"))
    return [f"{path.relative_to(root)}:{line}: {what}" for line, what in sorted(found)]


def test_no_command_text_is_built_outside_solaris():
    found = [place for path in _sources() for place in command_text_built_outside_solaris(path)]
    assert found == [], "command text built outside vdcftui/solaris/:\n" + "\n".join(found)


def test_the_walk_finds_what_it_looks_for(tmp_path):
    """The test above would catch each way of building a command."""
    sample_text = (
        "import shlex\n"
        "zone = 'z'\n"
        "a = f'zoneadm -z {zone} boot'\n"
        "b = 'zpool export %s' % zone\n"
        "c = 'zfs destroy ' + zone\n"
        "d = 'ldm start-domain {}'.format(zone)\n"
        "e = shlex.join(['zlogin', '-C', zone])\n"
        "f = f'/usr/sbin/zonecfg -z {zone} export'\n"
        "g = f'cannot boot {zone}: it is down'\n"
    )
    target = tmp_path / "vdcftui" / "ops" / "sample.py"
    target.parent.mkdir(parents=True)
    target.write_text(sample_text)
    found = command_text_built_outside_solaris(target, tmp_path)
    assert [place.split(":")[1] for place in found] == ["3", "4", "5", "6", "7", "8"], found
