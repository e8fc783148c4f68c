"""Builders of the commands that add, change, remove and read a local user
(useradd(1M), usermod(1M), userdel(1M), getent(1M))."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.users import User, validate_login, validate_user


def _options(user: User) -> tuple[str, ...]:
    checked = validate_user(user.text())
    return (
        "-u",
        str(checked.uid),
        "-g",
        str(checked.gid),
        "-d",
        checked.home,
        "-s",
        checked.shell,
    )


def useradd(login: str, user: User) -> Command:
    """`useradd -u UID -g GID -d HOME -s SHELL LOGIN` (the home directory is not made).
    unverified: its silence on success (useradd(1M); no capture)."""
    return Command(("useradd", *_options(user), validate_login(login)))


def usermod(login: str, user: User) -> Command:
    """`usermod -u UID -g GID -d HOME -s SHELL LOGIN`: an existing user changed."""
    return Command(("usermod", *_options(user), validate_login(login)))


def userdel(login: str) -> Command:
    """`userdel LOGIN`: the user removed (its files stay)."""
    return Command(("userdel", validate_login(login)))


def getent_passwd(login: str) -> Command:
    """`getent passwd LOGIN`: its passwd(4) line (exit 2 when there is no such user,
    getent(1M)). unverified: no capture of its output."""
    return Command(("getent", "passwd", validate_login(login)))
