"""Builders of the commands that put files on a host and read them back.

A file's content goes to the host as the standard input of one fixed Perl program
(:data:`WRITE_PROGRAM`), sent with the SSH exec request, never as shell text. Perl
because it is at ``/usr/bin/perl`` on Solaris 10 and 11 (the keep-alive agent needs
it anyway) and because no other tool of both releases writes its standard input to a
file with an exact mode from the start: ``tee`` or ``cat >`` create the file with the
umask's mode and need a ``chmod`` after, which leaves a secret readable by others in
between. The program creates ``FILE.vdcftui-new`` with ``O_EXCL`` and the mode (the
umask can only narrow it), writes, sets the mode exactly, and renames it over
``FILE``: another reader sees the old file or the new one, never a part, and the
file is only ever there with its content and mode. ``digest -a sha256 FILE`` reads
it back.
"""

from __future__ import annotations

import posixpath
import re

from vdcftui.solaris.cmd.command import Command, Input

WRITE_PROGRAM = (
    'use Fcntl;my($m,$p)=@ARGV;my $t="$p.vdcftui-new";'
    'sub fail{print STDERR "$_[0]: $!\\n";exit 1}'
    "unlink $t;sysopen(my $f,$t,O_WRONLY|O_CREAT|O_EXCL,oct $m) or fail($t);"
    'binmode STDIN;binmode $f;local $/;my $d=<STDIN>;$d="" unless defined $d;'
    "print $f $d or fail($t);close $f or fail($t);"
    "chmod(oct $m,$t) or fail($t);rename($t,$p) or fail($p)"
)
"""``perl -e WRITE_PROGRAM MODE FILE``: standard input to FILE, with MODE (octal)."""

_PATH = re.compile(r"/[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*")


def host_path(path: str) -> str:
    """An absolute, normalized path of plain characters (no ``..``, no spaces)."""
    if not _PATH.fullmatch(path) or posixpath.normpath(path) != path or "/../" in path + "/":
        raise ValueError(f"not an absolute plain path: {path!r}")
    return path


def _paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    if not paths:
        raise ValueError("no path given")
    return tuple(host_path(p) for p in paths)


def write_file(path: str, mode: int, content: Input) -> Command:
    """`perl -e WRITE_PROGRAM MODE FILE` with ``content`` on its standard input: the
    file replaced at once by one holding exactly that content, with that mode."""
    if not 0 <= mode <= 0o7777:
        raise ValueError(f"not a file mode: {mode!r}")
    return Command(("perl", "-e", WRITE_PROGRAM, f"{mode:04o}", host_path(path)), input=content)


def file_digest(path: str) -> Command:
    """`digest -a sha256 FILE`: the file's SHA-256 in hex (exit 2 when it is missing)."""
    return Command(("digest", "-a", "sha256", host_path(path)))


def remove_files(*paths: str) -> Command:
    """`rm -f FILE...`: the files gone (no error for one that is not there)."""
    return Command(("rm", "-f", *_paths(paths)))


def make_dirs(*paths: str) -> Command:
    """`mkdir -p DIR...`: the directories and their parents."""
    return Command(("mkdir", "-p", *_paths(paths)))


def remove_dirs(*paths: str) -> Command:
    """`rmdir DIR...`: empty directories removed, in the order given (deepest first)."""
    return Command(("rmdir", *_paths(paths)))


def list_paths(*paths: str) -> Command:
    """`ls -d PATH...`: the paths that exist, one a line (exit 2 when one does not)."""
    return Command(("ls", "-d", *_paths(paths)))


def read_file(path: str) -> Command:
    """`cat FILE`: its content (exit 2 when it is missing)."""
    return Command(("cat", host_path(path)))


def change_owner(uid: int, gid: int, *paths: str) -> Command:
    """`chown UID:GID PATH...`: the paths owned by that user and group (numeric ids)."""
    if uid < 0 or gid < 0:
        raise ValueError(f"not a user and group id: {uid!r}:{gid!r}")
    return Command(("chown", f"{uid:d}:{gid:d}", *_paths(paths)))


def numeric_listing(path: str) -> Command:
    """`ls -ldn PATH`: its long listing with numeric owner and group (exit 2 when it is
    missing). unverified: no capture; the columns of ls(1)'s long format."""
    return Command(("ls", "-ldn", host_path(path)))
