"""Local users of a lab node: ``useradd``, ``usermod``, ``userdel`` and ``getent
passwd`` (lab.sysconf keeps them).

useradd(1M) and usermod(1M) are silent on success; getent(1M) prints the passwd(4)
line and exits 2 when the key is not found. unverified: no capture; the messages of
a refusal are useradd.c's and usermod.c's as the illumos source words them (UX: ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command
from vdcftui.lab.sysconf import Passwd

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

_OPTIONS = {"-u": "uid", "-g": "gid", "-d": "home", "-s": "shell", "-c": "gecos"}


def _parse(args: list[str]) -> tuple[dict[str, str], str] | None:
    given: dict[str, str] = {}
    words = list(args)
    while len(words) > 1 and words[0] in _OPTIONS:
        given[_OPTIONS[words[0]]] = words[1]
        words = words[2:]
    if len(words) != 1 or words[0].startswith("-"):
        return None
    return given, words[0]


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@command("useradd")
def useradd(node: SimNode, args: list[str], stdin: str) -> Result:
    """useradd [-u UID] [-g GID] [-d DIR] [-s SHELL] [-c COMMENT] LOGIN."""
    parsed = _parse(args)
    if parsed is None:
        # unverified: useradd's usage text
        return "", "UX: useradd: usage: useradd [-u uid] [-g group] [-d dir] [-s shell] login\n", 2
    given, login = parsed
    if login in node.users:
        # unverified: useradd.c's words
        return "", f"UX: useradd: ERROR: {login} is already in use.  Choose another.\n", 9
    uid = _number(given.get("uid", "")) or 100 + len(node.users)
    if any(u.uid == uid for u in node.users.values()):
        return "", f"UX: useradd: ERROR: uid {uid} is already in use.  Choose another.\n", 4
    gid = _number(given.get("gid", "1"))
    if gid is None:
        return "", f"UX: useradd: ERROR: {given['gid']} does not exist.  Choose another.\n", 6
    home = given.get("home", f"/export/home/{login}")
    node.users[login] = Passwd(uid, gid, given.get("gecos", ""), home, given.get("shell", ""))
    return "", "", 0


@command("usermod")
def usermod(node: SimNode, args: list[str], stdin: str) -> Result:
    """usermod [-u UID] [-g GID] [-d DIR] [-s SHELL] [-c COMMENT] LOGIN."""
    parsed = _parse(args)
    if parsed is None:
        # unverified: usermod's usage text
        return "", "UX: usermod: usage: usermod [-u uid] [-g group] [-d dir] [-s shell] login\n", 2
    given, login = parsed
    user = node.users.get(login)
    if user is None:
        # unverified: usermod.c's words
        return "", f"UX: usermod: ERROR: {login} does not exist.\n", 6
    uid = _number(given.get("uid", str(user.uid)))
    gid = _number(given.get("gid", str(user.gid)))
    if uid is None or gid is None:
        return "", "UX: usermod: ERROR: invalid syntax.\n", 2
    if any(u.uid == uid for name, u in node.users.items() if name != login):
        return "", f"UX: usermod: ERROR: uid {uid} is already in use.  Choose another.\n", 4
    user.uid, user.gid = uid, gid
    user.home = given.get("home", user.home)
    user.shell = given.get("shell", user.shell)
    user.gecos = given.get("gecos", user.gecos)
    return "", "", 0


@command("userdel")
def userdel(node: SimNode, args: list[str], stdin: str) -> Result:
    """userdel LOGIN (its files stay)."""
    if len(args) != 1 or args[0] not in node.users:
        # unverified: userdel.c's words
        return "", f"UX: userdel: ERROR: {' '.join(args)} does not exist.\n", 6
    del node.users[args[0]]
    return "", "", 0


@command("getent")
def getent(node: SimNode, args: list[str], stdin: str) -> Result:
    """getent passwd [LOGIN...]: passwd(4) lines; exit 2 when a key is not found."""
    if not args or args[0] != "passwd":
        # unverified: the lab knows the passwd database only
        return "", "Unknown database: the lab answers passwd only\n", 1
    names = args[1:] or list(node.users)
    lines = [node.users[n].line(n) + "\n" for n in names if n in node.users]
    return "".join(lines), "", 0 if len(lines) == len(names) else 2
