"""User items (key: the login, value ``UID:GID:HOME:SHELL``: `useradd`, or `usermod`
of an existing user, read back with `getent passwd`) and SSH key items (key: the
login, value: one public key line, the whole of ``HOME/.ssh/authorized_keys``
written with mode 0600 and given to the user, read back by its digest). An SSH key
item needs a user item of the same login in effect on the node: its home says where
the file goes (see :mod:`vdcftui.solaris.users` for the sources)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import replace
from typing import ClassVar

from vdcftui.ops.config.files import MISSING, replace_file
from vdcftui.ops.config.kind import Effective, Kind, NodeConfig, Outputs, Unreadable, output_of
from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.files import (
    change_owner,
    file_digest,
    list_paths,
    make_dirs,
    numeric_listing,
)
from vdcftui.solaris.cmd.users import getent_passwd, useradd, userdel, usermod
from vdcftui.solaris.names import InvalidName
from vdcftui.solaris.users import (
    User,
    authorized_keys_path,
    parse_getent_passwd,
    validate_authorized_key,
    validate_login,
    validate_user,
)

GETENT_ABSENT = 2
"""`getent passwd` of a user that does not exist exits 2 (getent(1M))."""


class Users(Kind):
    """Local users."""

    name: ClassVar[str] = "user"
    help: ClassVar[str] = "key LOGIN, value UID:GID:HOME:SHELL"

    def check(self, key: str, value: str) -> tuple[str, str]:
        """A login and ``UID:GID:HOME:SHELL``."""
        return validate_login(key), validate_user(value).text()

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """`getent passwd LOGIN`."""
        return (getent_passwd(item.key),)

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """The user as passwd shows it."""
        text = output_of(outputs, getent_passwd(item.key), GETENT_ABSENT)
        user = parse_getent_passwd(text or "", item.key)
        return user.text() if user else None

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """`useradd` (undo `userdel`) or `usermod` (undo: `usermod` back) per user."""
        steps = []
        for item in changed:
            user = validate_user(item.value)
            before = self.observe(node, item, outputs)
            undo: Command | None
            if before is None:
                command, undo = useradd(item.key, user), userdel(item.key)
            else:
                command, undo = usermod(item.key, user), _usermod_back(item.key, before)
            steps.append(
                Step(
                    node.node,
                    command,
                    f"{'add' if before is None else 'change'} user {item.key} ({item.value})",
                    undo=undo,
                    check=getent_passwd(item.key),
                    done_if=_passwd_line(item.key, user),
                    absent_status=GETENT_ABSENT,
                )
            )
        return steps


def _usermod_back(login: str, before: str) -> Command | None:
    """`usermod` back to what the node had; None when that is not a value vdcftui
    would set (a system uid)."""
    try:
        return usermod(login, validate_user(before))
    except InvalidName:
        return None


def _passwd_line(login: str, user: User) -> str:
    fields = (login, "[^:]*", str(user.uid), str(user.gid), "[^:]*", user.home, user.shell)
    return "^" + ":".join(f if f == "[^:]*" else re.escape(f) for f in fields) + "$"


def _key_digest(key: str) -> str:
    return hashlib.sha256(_key_file(key).encode()).hexdigest()


def _key_file(key: str) -> str:
    return key + "\n"


class SshKeys(Kind):
    """A user's authorized SSH key."""

    name: ClassVar[str] = "sshkey"
    help: ClassVar[str] = "key LOGIN (with a user item), value 'TYPE BASE64 [COMMENT]'"

    def check(self, key: str, value: str) -> tuple[str, str]:
        """A login and one public key line."""
        return validate_login(key), validate_authorized_key(value)

    def _user(self, node: NodeConfig, item: Effective) -> User:
        owner = node.item(Users.name, item.key)
        if owner is None:
            raise Unreadable(f"no user item for {item.key} says where its home is")
        return validate_user(owner.value)

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """The digest of the user's authorized_keys (its home from the user item)."""
        owner = node.item(Users.name, item.key)
        if owner is None:
            return ()
        return (file_digest(authorized_keys_path(validate_user(owner.value).home)),)

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """``sha256:HEX`` of the file, or None when it is not there."""
        path = authorized_keys_path(self._user(node, item).home)
        text = output_of(outputs, file_digest(path), MISSING)
        return f"sha256:{text.strip()}" if text is not None else None

    def matches(self, item: Effective, value: str) -> bool:
        """The file holds exactly the item's key line."""
        return value == f"sha256:{_key_digest(item.value)}"

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """``.ssh`` made, the file written (0600), both given to the user."""
        steps: list[Step] = []
        for item in changed:
            user = self._user(node, item)
            path = authorized_keys_path(user.home)
            directory = posixpath.dirname(path)
            had = output_of(outputs, file_digest(path), MISSING) is not None
            write = replace_file(
                node.node, path, 0o600, _key_file(item.value), None, f"{item.key}'s SSH key"
            )
            steps += [
                Step(
                    node.node,
                    make_dirs(directory),
                    f"make {directory}",
                    check=list_paths(directory),
                    done_if=f"^{re.escape(directory)}$",
                    absent_status=MISSING,
                ),
                # an existing file is replaced, not restored: its old keys are not kept
                replace(write, undo=None) if had else write,
                Step(
                    node.node,
                    change_owner(user.uid, user.gid, directory, path),
                    f"give {directory} and its authorized_keys to {item.key}",
                    check=numeric_listing(path),
                    done_if=rf"^\S+\s+\d+\s+{user.uid}\s+{user.gid}\s",
                    absent_status=MISSING,
                ),
            ]
        return steps
