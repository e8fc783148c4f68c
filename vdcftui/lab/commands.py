"""The commands a lab node answers, by name, and the small utilities of its shell.

Handlers take ``(node, args, stdin)`` and return ``(stdout, stderr, status)`` in the
exact format and wording of Solaris. The Solaris commands live in their own modules
(:mod:`vdcftui.lab.cmd_system`, ``cmd_storage``, ``cmd_zfs``, ``cmd_zones``,
``cmd_zlogin``, ``cmd_network``, ``cmd_ldm``, ``cmd_power``, ``cmd_monitor``,
``cmd_admin``, ``cmd_files``, ``cmd_smf``, ``cmd_patch``, ``cmd_software``,
``cmd_users``), which register themselves here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

Result = tuple[str, str, int]
Handler = Callable[["SimNode", list[str], str], Result]

_REGISTRY: dict[str, Handler] = {}
_MODULES = (
    "cmd_system",
    "cmd_storage",
    "cmd_zfs",
    "cmd_zones",
    "cmd_zlogin",
    "cmd_network",
    "cmd_ldm",
    "cmd_power",
    "cmd_monitor",
    "cmd_admin",
    "cmd_files",
    "cmd_smf",
    "cmd_patch",
    "cmd_software",
    "cmd_users",
)
_loaded = False


def command(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under one or more command names."""

    def register(handler: Handler) -> Handler:
        for name in names:
            _REGISTRY[name] = handler
        return handler

    return register


def lookup(name: str) -> Handler | None:
    """The handler of a command, or None when the node has no such command."""
    global _loaded
    if not _loaded:
        for module in _MODULES:
            importlib.import_module(f"vdcftui.lab.{module}")
        _loaded = True
    return _REGISTRY.get(name)


@command("echo")
def echo(node: SimNode, args: list[str], stdin: str) -> Result:
    """echo [-n] ARGS."""
    if args[:1] == ["-n"]:
        return " ".join(args[1:]), "", 0
    return " ".join(args) + "\n", "", 0


@command("printf")
def printf(node: SimNode, args: list[str], stdin: str) -> Result:
    """printf FORMAT [ARGS]: %s and the usual backslash escapes."""
    if not args:
        return "", "printf: usage: printf format [arguments]\n", 1
    fmt = args[0].replace("\\n", "\n").replace("\\t", "\t")
    values = iter(args[1:])
    text = re.sub(r"%s", lambda _: next(values, ""), fmt)
    return text, "", 0


@command("true")
def true(node: SimNode, args: list[str], stdin: str) -> Result:
    """true."""
    return "", "", 0


@command("false")
def false(node: SimNode, args: list[str], stdin: str) -> Result:
    """false."""
    return "", "", 1


@command("cat")
def cat(node: SimNode, args: list[str], stdin: str) -> Result:
    """cat [FILE...]: /etc/release and files the shell wrote. unverified: the message
    of a missing file (cat(1)), and the content of the files a lab node comes with."""
    if not args:
        return stdin, "", 0
    out, err, status = [], [], 0
    for path in args:
        if path == "/etc/release":
            out.append(node.etc_release())
        elif path in node.files:
            out.append(node.files[path])
        else:
            err.append(f"cat: cannot open {path}: No such file or directory\n")
            status = 2
    return "".join(out), "".join(err), status


@command("rm")
def rm(node: SimNode, args: list[str], stdin: str) -> Result:
    """rm [-f] [-r] PATH...: files the shell wrote or mkfile made; with -r, directories
    the file commands made and everything under them."""
    # unverified: rm's silence on success and its messages (rm(1); no capture)
    from vdcftui.lab.cmd_admin import release_file

    recursive = any(a.startswith("-") and "r" in a for a in args)
    for path in (a for a in args if not a.startswith("-")):
        node.remove_file(path)
        release_file(node, path)
        if recursive and path in node.dirs:
            node.dirs = {d for d in node.dirs if d != path and not d.startswith(path + "/")}
            for name in [f for f in node.files if f.startswith(path + "/")]:
                del node.files[name]
    return "", "", 0


@command("grep", "egrep")
def grep(node: SimNode, args: list[str], stdin: str) -> Result:
    """grep [-v] [-c] [-i] [-E] PATTERN [FILE]."""
    flags = {a for a in args if a.startswith("-")}
    rest = [a for a in args if not a.startswith("-")]
    if not rest:
        return "", "Usage: grep [-c|-l|-q] -bhinsvw pattern file . . .\n", 2
    pattern = re.compile(rest[0], re.IGNORECASE if "-i" in flags else 0)
    text = node.files.get(rest[1], "") if len(rest) > 1 else stdin
    lines = [ln for ln in text.splitlines() if bool(pattern.search(ln)) != ("-v" in flags)]
    if "-c" in flags:
        return f"{len(lines)}\n", "", 0 if lines else 1
    return "".join(ln + "\n" for ln in lines), "", 0 if lines else 1


@command("head")
def head(node: SimNode, args: list[str], stdin: str) -> Result:
    """head [-n N | -N]."""
    count = 10
    for index, arg in enumerate(args):
        if arg == "-n" and index + 1 < len(args):
            count = int(args[index + 1])
        elif re.fullmatch(r"-\d+", arg):
            count = int(arg[1:])
    return "".join(ln + "\n" for ln in stdin.splitlines()[:count]), "", 0


@command("wc")
def wc(node: SimNode, args: list[str], stdin: str) -> Result:
    """wc -l."""
    return f"{len(stdin.splitlines()):8d}\n", "", 0


@command("tail")
def tail(node: SimNode, args: list[str], stdin: str) -> Result:
    """tail [-n N | -N]."""
    count = 10
    for index, arg in enumerate(args):
        if arg == "-n" and index + 1 < len(args):
            count = int(args[index + 1])
        elif re.fullmatch(r"-\d+", arg):
            count = int(arg[1:])
    lines = stdin.splitlines()
    return "".join(ln + "\n" for ln in lines[max(len(lines) - count, 0) :] if count), "", 0


@command("sort")
def sort(node: SimNode, args: list[str], stdin: str) -> Result:
    """sort [-r] (whole lines)."""
    lines = sorted(stdin.splitlines(), reverse="-r" in args)
    return "".join(ln + "\n" for ln in lines), "", 0
