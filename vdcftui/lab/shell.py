"""A small POSIX-sh subset for the lab's nodes.

Enough of /bin/sh for what management tools send: sequences (``;``, newlines, ``&&``,
``||``), pipes into ``grep``/``head``/``wc``/``cat``, redirections (``2>&1``,
``>/dev/null``, ``2>/dev/null``, ``</dev/null``, ``> FILE``, ``>> FILE``), here-documents,
``$?``, ``VAR=value cmd`` prefixes, ``sh -c``, ``echo``, ``printf``, ``exit``. Commands
a real shell would not find answer ``sh: NAME: not found`` with status 127.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from vdcftui.lab.commands import lookup

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

Result = tuple[str, str, int]
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*")


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def _split_heredocs(script: str) -> list[tuple[str, str | None]]:
    """Script lines, each with the body of its here-document if it opens one."""
    lines = script.replace("\r\n", "\n").split("\n")
    out: list[tuple[str, str | None]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        match = _HEREDOC.search(line)
        if not match:
            out.append((line, None))
            continue
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != match.group(2):
            body.append(lines[index])
            index += 1
        index += 1
        out.append((line[: match.start()] + line[match.end() :], "\n".join(body) + "\n"))
    return out


_PLAIN_TOKEN = re.compile(r"[;|<>&]+|[^\s;|<>&]+")


def _tokens(line: str) -> list[str]:
    if not any(ch in line for ch in "'\"\\"):
        # no quoting: the same tokens shlex would give, at a fraction of the cost
        return _PLAIN_TOKEN.findall(line)
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
    lexer.whitespace_split = True
    lexer.commenters = ""
    return list(lexer)


def run_shell(node: SimNode, script: str, stdin: str = "") -> Result:
    """Run a script on a node; returns (stdout, stderr, exit status)."""
    out: list[str] = []
    err: list[str] = []
    status = 0
    try:
        for line, heredoc in _split_heredocs(script):
            try:
                tokens = _tokens(line)
            except ValueError:
                err.append(f"sh: syntax error: {line.strip()}\n")
                status = 2
                continue
            status = _run_list(
                node, tokens, heredoc if heredoc is not None else stdin, status, out, err
            )
    except _Exit as exc:
        status = exc.status
    return "".join(out), "".join(err), status


def _run_list(
    node: SimNode, tokens: list[str], stdin: str, status: int, out: list[str], err: list[str]
) -> int:
    pipeline: list[str] = []
    connector = ";"
    for token in [*tokens, ";"]:
        if token in (";", "&&", "||"):
            if pipeline:
                run = (
                    connector == ";"
                    or (connector == "&&" and status == 0)
                    or (connector == "||" and status != 0)
                )
                if run:
                    status = _run_pipeline(node, pipeline, stdin, status, out, err)
            pipeline = []
            connector = token
        else:
            pipeline.append(token)
    return status


def _run_pipeline(
    node: SimNode, tokens: list[str], stdin: str, status: int, out: list[str], err: list[str]
) -> int:
    stages: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token.replace("$?", str(status)))
    data = stdin
    for index, stage in enumerate(stages):
        stage_out, stage_err, status = _run_simple(node, stage, data)
        err.append(stage_err)
        if index == len(stages) - 1:
            out.append(stage_out)
        data = stage_out
    return status


def _run_simple(node: SimNode, tokens: list[str], stdin: str) -> Result:
    words: list[str] = []
    redirects: list[tuple[str, str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token == "2" and nxt in (">", ">>", ">&"):
            target = tokens[index + 2] if index + 2 < len(tokens) else ""
            redirects.append(("2" + nxt, target))
            index += 3
        elif token in (">", ">>", "<", ">&"):
            redirects.append((token, nxt))
            index += 2
        else:
            words.append(token)
            index += 1
    for op, target in redirects:
        if op == "<":
            stdin = "" if target == "/dev/null" else node.files.get(target, "")
    while words and _ASSIGNMENT.fullmatch(words[0]):
        words.pop(0)
    if not words:
        return "", "", 0
    stdout, stderr, status = _dispatch(node, words, stdin)
    for op, target in redirects:
        if op == "2>&" and target == "1":
            stdout, stderr = stdout + stderr, ""
        elif op in ("2>", "2>>"):
            if target != "/dev/null":
                node.files[target] = (node.files.get(target, "") if op == "2>>" else "") + stderr
            stderr = ""
        elif op in (">", ">>"):
            if target != "/dev/null":
                node.files[target] = (node.files.get(target, "") if op == ">>" else "") + stdout
            stdout = ""
    return stdout, stderr, status


def _dispatch(node: SimNode, words: list[str], stdin: str) -> Result:
    name, args = words[0], words[1:]
    base = name.rsplit("/", 1)[-1] if name.startswith(("/usr/", "/sbin/", "/bin/")) else name
    if base == "exit":
        raise _Exit(int(args[0]) if args and args[0].isdigit() else 0)
    if base == "sh" and args[:1] == ["-c"] and len(args) > 1:
        return run_shell(node, args[1], stdin)
    handler = lookup(base)
    if handler is None:
        # the Bourne shell's wording (root's shell on Solaris 10); unverified: the same
        # wording on Solaris 11, where root's shell is bash
        return "", f"sh: {name}: not found\n", 127
    key = _cache_key(base, args)
    datacenter = node.datacenter
    if key is not None:
        cached = node.output_cache.get(key)
        if cached is not None and cached[0] == datacenter.generation:
            return cached[1]
    try:
        result = handler(node, args, stdin)
    except (ValueError, IndexError, KeyError) as exc:
        # arguments a handler did not expect: answer like a failed command, keep the lab up
        return "", f"{base}: {exc}\n", 2
    if key is not None:
        node.output_cache[key] = (datacenter.generation, result)
    elif base in _STATEFUL:
        datacenter.changed()
    return result


# commands whose output depends only on the spec and the datacenter's state (not on time,
# files or stdin): their answers are cached until the state changes
_READ_ONLY = {
    "uname",
    "virtinfo",
    "psrinfo",
    "prtdiag",
    "format",
    "mpathadm",
    "showrev",
    "ifconfig",
    "hostname",
    "pagesize",
}
_READ_VERBS = {
    "zoneadm": {"list"},
    "zpool": {"list", "status"},
    "zfs": {"list"},
    "pkg": {"info", "list"},
    "beadm": {"list"},
    "dladm": {"show-link", "show-phys", "show-aggr", "show-vnic", "show-dev"},
    "ipadm": {"show-addr", "show-if"},
}
_STATEFUL = {"zoneadm", "zonecfg", "zpool", "zfs", "ldm", "pkg", "beadm"}


def _cache_key(base: str, args: list[str]) -> tuple[str, ...] | None:
    """The cache key of a read-only command line, or None if it must run every time."""
    if base in _READ_ONLY:
        return (base, *args)
    verbs = _READ_VERBS.get(base)
    if verbs is not None and args and args[0] in verbs:
        return (base, *args)
    if base == "zonecfg" and args[-1:] in (["export"], ["info"]):
        return (base, *args)
    return None
