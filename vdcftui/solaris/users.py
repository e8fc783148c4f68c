"""Local users and their SSH keys: the values of a user item, the ``getent passwd``
line read back, an authorized key.

Sources: useradd(1M) and usermod(1M) (``-u UID -g GROUP -d DIR -s SHELL LOGIN``;
a login of at most 32 characters on Solaris 11, 8 advised on Solaris 10, letters,
digits, ``.``, ``-``, ``_``, a letter first), passwd(4) (``name:x:uid:gid:gecos:home:
shell``), getent(1M) (exit 2 when the key is not found), sshd(1M) (one key a line
in ``~/.ssh/authorized_keys``: ``TYPE BASE64 [COMMENT]``). unverified: no capture of
``getent passwd`` backs the lab's answer; it is the passwd(4) line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.display import shown
from vdcftui.solaris.names import InvalidName, validate_path, validate_word

LOGIN_MAX = 32
UID_MAX = 2147483646
"""MAXUID of Solaris 10 and 11."""
SYSTEM_UIDS = 100
"""UIDs below this are the system's (useradd(1M)): refused for a configured user."""
KEY_TYPES = (
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
)
_KEY = re.compile(r"(?P<type>[a-z0-9-]+) (?P<blob>[A-Za-z0-9+/]+={0,3})( (?P<comment>.*))?")
_COMMENT = re.compile(r"[A-Za-z0-9@._+-]*")


@dataclass(frozen=True)
class User:
    """A user as a user item sets it and ``getent passwd`` shows it."""

    uid: int
    gid: int
    home: str
    shell: str

    def text(self) -> str:
        """The item's value: ``UID:GID:HOME:SHELL``."""
        return f"{self.uid}:{self.gid}:{self.home}:{self.shell}"


def validate_login(name: str) -> str:
    """Check a login name: a letter first, then letters, digits, '.', '-', '_'."""
    validate_word(name, "user", "._-", LOGIN_MAX)
    if not name[0].isalpha():
        raise InvalidName("user", name, "it must start with a letter", noun="")
    return name


def _number(text: str, kind: str, least: int) -> int:
    if not text.isascii() or not text.isdigit():
        raise InvalidName(kind, text, "it must be a decimal number", noun="")
    value = int(text)
    if not least <= value <= UID_MAX:
        raise InvalidName(kind, text, f"it must be {least} to {UID_MAX}", noun="")
    return value


def validate_user(value: str) -> User:
    """Check a user item's value ``UID:GID:HOME:SHELL`` (a numeric group)."""
    validate_word(value, "user", ":/._+,-", 1100)
    parts = value.split(":")
    if len(parts) != 4:
        raise InvalidName("user", value, "expected UID:GID:HOME:SHELL", noun="")
    uid, gid, home, shell = parts
    return User(
        _number(uid, "uid", SYSTEM_UIDS),
        _number(gid, "gid", 0),
        validate_path(home, "home directory"),
        validate_path(shell, "shell"),
    )


def parse_getent_passwd(text: str, login: str) -> User | None:
    """The user of ``getent passwd LOGIN``'s line, None when there is none."""
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) == 7 and fields[0] == login:
            if not (fields[2].isdigit() and fields[3].isdigit()):
                raise ValueError(f"unreadable passwd entry for {login}: {shown(line)}")
            return User(int(fields[2]), int(fields[3]), fields[5], fields[6])
    return None


def validate_authorized_key(text: str) -> str:
    """Check one public key line: ``TYPE BASE64 [COMMENT]`` of a known type; a comment
    of plain characters (no options, no second line)."""
    kind = "authorized key"
    bad = next((ch for ch in text if not ch.isascii() or ord(ch) < 32 or ord(ch) == 127), None)
    if not text or bad is not None:
        reason = "it is empty" if not text else f"character '{shown(bad)}' is not allowed"
        raise InvalidName(kind, text, reason, noun="")
    match = _KEY.fullmatch(text)
    if match is None:
        raise InvalidName(kind, text, "expected TYPE BASE64 [COMMENT]", noun="")
    if match["type"] not in KEY_TYPES:
        raise InvalidName(
            kind, text, f"the key type must be one of {', '.join(KEY_TYPES)}", noun=""
        )
    if match["comment"] and not _COMMENT.fullmatch(match["comment"]):
        raise InvalidName(
            kind, text, "the comment takes letters, digits and @ . _ + - only", noun=""
        )
    if len(text) > 16384:
        raise InvalidName(kind, text, "it is longer than 16384 characters", noun="")
    return text


def authorized_keys_path(home: str) -> str:
    """Where sshd reads a user's keys."""
    return f"{home.rstrip('/')}/.ssh/authorized_keys"
