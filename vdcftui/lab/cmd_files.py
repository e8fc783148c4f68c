"""Files and directories of a lab node: vdcftui's file writer (one Perl program),
``digest``, ``ls``, ``mkdir``, ``rmdir``.

The lab runs no Perl: ``perl -e PROGRAM MODE FILE`` is answered for the one program
vdcftui sends (its text is kept here again, as the lab depends on nothing above it;
a test holds both copies equal), doing what that program does on Solaris.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import time
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

WRITER = (
    'use Fcntl;my($m,$p)=@ARGV;my $t="$p.vdcftui-new";'
    'sub fail{print STDERR "$_[0]: $!\\n";exit 1}'
    "unlink $t;sysopen(my $f,$t,O_WRONLY|O_CREAT|O_EXCL,oct $m) or fail($t);"
    'binmode STDIN;binmode $f;local $/;my $d=<STDIN>;$d="" unless defined $d;'
    "print $f $d or fail($t);close $f or fail($t);"
    "chmod(oct $m,$t) or fail($t);rename($t,$p) or fail($p)"
)
"""vdcftui's file writer (vdcftui.solaris.cmd.files.WRITE_PROGRAM)."""


@command("perl")
def perl(node: SimNode, args: list[str], stdin: str) -> Result:
    """perl -e WRITER MODE FILE: standard input to FILE with MODE, through a temporary
    file renamed over it; the program's own message (``FILE.vdcftui-new: ERROR``) when
    the directory is missing."""
    if len(args) != 4 or args[:2] != ["-e", WRITER] or not args[2].isdigit():
        # unverified: the lab runs vdcftui's file writer and no other Perl program
        return "", "perl: the lab runs only vdcftui's file writer\n", 2
    mode, path = int(args[2], 8), args[3]
    if not node.is_dir(posixpath.dirname(path)):
        return "", f"{path}.vdcftui-new: No such file or directory\n", 1
    node.put_file(path, stdin, mode & 0o7777)
    return "", "", 0


@command("digest")
def digest(node: SimNode, args: list[str], stdin: str) -> Result:
    """digest [-v] -a sha256 [FILE...]: the hex digest alone for one file, ``(FILE) =
    HEX`` for several, ``sha256 (FILE) = HEX`` with -v; a file it cannot open is named
    on stderr, the others still digested, exit 2. unverified: no capture; the format
    and messages follow digest.c of the Solaris 11 source (execute_cmd)."""
    verbose = "-v" in args
    words = [a for a in args if a != "-v"]
    if len(words) < 2 or words[0] != "-a":
        # unverified: the usage text (digest.c usage())
        return "", "Usage:\n  digest -l | [-v] -a <algorithm> [file...]\n", 2
    algorithm, paths = words[1], words[2:]
    if algorithm != "sha256":
        return "", f"digest: unknown algorithm -- {algorithm}\n", 1
    if not paths:
        return hashlib.sha256(stdin.encode()).hexdigest() + "\n", "", 0
    out, err, status = [], [], 0
    for path in paths:
        if path not in node.files:
            err.append(f"digest: can not open input file {path}\n")
            status = 2
            continue
        hexdigest = hashlib.sha256(node.files[path].encode()).hexdigest()
        named = f"({path}) = " if len(paths) > 1 or verbose else ""
        out.append(f"{'sha256 ' if verbose else ''}{named}{hexdigest}\n")
    return "".join(out), "".join(err), status


def _kind(node: SimNode, path: str) -> str | None:
    if node.is_dir(path):
        return "d"
    return "-" if path in node.files or path == "/etc/release" else None


def _mode_text(kind: str, mode: int) -> str:
    bits = "".join(
        flag if mode & (1 << (8 - index)) else "-" for index, flag in enumerate("rwxrwxrwx")
    )
    return kind + bits


@command("ls")
def ls(node: SimNode, args: list[str], stdin: str) -> Result:
    """ls -d PATH..., ls -l[dn] PATH... and ls DIR: the operands that exist, sorted (a
    directory without -d: its entries, one a line, as to a pipe); one that does not is
    named on stderr (``PATH: No such file or directory``, ls.c's perror), exit 2.
    unverified: the long listing's columns follow ls.c's pentry (mode, ACL mark, links,
    owner, group, size, time; -n: numeric owner and group); no capture shows a file of the
    lab's."""
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    paths = [a for a in args if not a.startswith("-")]
    if set(flags) - {"d", "l", "n"} or not paths:
        # unverified: ls's usage for what the lab does not list
        return "", "usage: ls -1RaAdCxmnlhogrtuvVcpFbqisfHLeE@ [files]\n", 2
    out, err, status = [], [], 0
    for path in sorted(paths):
        kind = _kind(node, path)
        if kind is None:
            err.append(f"{path}: No such file or directory\n")
            status = 2
        elif kind == "d" and "d" not in flags:
            out += [name + "\n" for name in _entries(node, path)]
        elif "l" not in flags:
            out.append(path + "\n")
        else:
            out.append(_long_line(node, path, kind, numeric="n" in flags))
    return "".join(out), "".join(err), status


def _entries(node: SimNode, path: str) -> list[str]:
    """The names in a directory: what the file commands made, and the run level S
    scripts every Solaris 10 node has in /etc/rcS.d."""
    from vdcftui.lab.cmd_patch import RCS_SCRIPTS

    inside = (p for p in (*node.dirs, *node.files) if p.startswith(path.rstrip("/") + "/"))
    names = {p[len(path.rstrip("/")) + 1 :].partition("/")[0] for p in inside}
    if path == "/etc/rcS.d":
        names |= set(RCS_SCRIPTS)
    return sorted(names)


def _long_line(node: SimNode, path: str, kind: str, numeric: bool = False) -> str:
    if kind == "d":
        mode, size, links = 0o755, 2 + sum(1 for f in node.files if posixpath.dirname(f) == path), 2
    else:
        mode, size, links = node.modes.get(path, 0o644), len(node.files.get(path, "").encode()), 1
    changed = time.localtime(node.mtimes.get(path, node.booted_at))
    stamp = time.strftime("%b %e %H:%M", changed)
    uid, gid = node.owners.get(path, (0, 0))
    owner, group = (str(uid), str(gid)) if numeric else _names(node, uid, gid)
    return f"{_mode_text(kind, mode)} {links:3d} {owner:<8} {group:<8} {size:7d} {stamp} {path}\n"


def _names(node: SimNode, uid: int, gid: int) -> tuple[str, str]:
    """The owner's login and the group's name (root's group is root; another is
    shown by number: the lab keeps no group database)."""
    login = next((name for name, u in node.users.items() if u.uid == uid), str(uid))
    return login, "root" if gid == 0 else str(gid)


@command("mkdir")
def mkdir(node: SimNode, args: list[str], stdin: str) -> Result:
    """mkdir -p DIR...: the directories and their parents (silent)."""
    if args[:1] != ["-p"] or len(args) < 2:
        # unverified: the lab makes directories with -p only
        return "", "usage: mkdir [-m mode] [-p] dirname ...\n", 2
    for path in args[1:]:
        while path not in ("/", ""):
            node.dirs.add(path)
            path = posixpath.dirname(path)
    return "", "", 0


@command("rmdir")
def rmdir(node: SimNode, args: list[str], stdin: str) -> Result:
    """rmdir DIR...: empty directories removed in order. unverified: the messages for a
    directory that is missing or not empty (no capture)."""
    err, status = [], 0
    for path in args:
        inside = any(posixpath.dirname(p) == path for p in (*node.files, *node.dirs))
        if path not in node.dirs:
            err.append(f'rmdir: directory "{path}": Directory does not exist\n')
            status = 2
        elif inside:
            err.append(f'rmdir: directory "{path}": Directory not empty\n')
            status = 2
        else:
            node.dirs.discard(path)
    return "", "".join(err), status


@command("chown")
def chown(node: SimNode, args: list[str], stdin: str) -> Result:
    """chown UID:GID PATH...: the paths given to that owner and group (numeric ids;
    silent). unverified: the message of a path that is not there (chown.c's perror)."""
    if len(args) < 2 or not re.fullmatch(r"\d+:\d+", args[0]):
        # unverified: the lab changes owners to numeric ids only
        return "", "usage: chown [-fhR] owner[:group] file...\n", 2
    uid, gid = (int(n) for n in args[0].split(":"))
    err, status = [], 0
    for path in args[1:]:
        if _kind(node, path) is None:
            err.append(f"chown: {path}: No such file or directory\n")
            status = 1
        else:
            node.owners[path] = (uid, gid)
    return "", "".join(err), status
