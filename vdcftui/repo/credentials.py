"""Secrets (system controller passwords) kept out of the repository.

They live in a JSON file readable by its owner only; the repository keeps a reference
(``sc:ilom01``). A file that others can read is refused rather than used.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from peewee import SqliteDatabase

from vdcftui.repo import models as m
from vdcftui.repo.database import default_repository_path
from vdcftui.repo.errors import RepositoryError


def default_credentials_path(repository: str | Path) -> Path:
    """The credentials file beside a repository file (``credentials.json``); for a
    database URL, beside the default repository file."""
    location = str(repository)
    if location.startswith("sqlite:///"):
        location = location.removeprefix("sqlite:///")
    elif "://" in location:
        location = str(default_repository_path())
    return Path(location).expanduser().with_name("credentials.json")


def open_repository_credentials() -> CredentialStore:
    """The credentials file beside the repository this process has open (for a
    database URL, beside the default repository file): where the engine and recovery
    find the secrets a job's steps refer to."""
    db = m.database_proxy.obj
    location = db.database if isinstance(db, SqliteDatabase) else default_repository_path()
    return CredentialStore(default_credentials_path(Path(location)))


class CredentialStore:
    """A small owner-only file of secrets, by reference."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, str]:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return {}
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise RepositoryError(
                f"credentials file {self.path} is readable by others "
                f"(mode {stat.S_IMODE(mode):o}): chmod 600 it"
            )
        try:
            return json.loads(self.path.read_text() or "{}")
        except json.JSONDecodeError as exc:
            raise RepositoryError(f"credentials file {self.path} is malformed: {exc}") from None

    def get(self, ref: str) -> str | None:
        """The secret for a reference, or None."""
        return self._read().get(ref)

    def set(self, ref: str, secret: str) -> None:
        """Store a secret under a reference (the file is created with mode 0600)."""
        data = self._read()
        data[ref] = secret
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, indent=2)
        os.replace(self.path.with_suffix(".tmp"), self.path)
