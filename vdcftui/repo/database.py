"""Opening the repository: a SQLite file (WAL, foreign keys, busy timeout) or PostgreSQL."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from peewee import Database, DatabaseError, OperationalError, SqliteDatabase

from vdcftui.paths import data_dir
from vdcftui.repo import models as m
from vdcftui.repo.errors import RepositoryError
from vdcftui.repo.migrations import CURRENT_VERSION, upgrade

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
}


def default_repository_path() -> Path:
    """$VDCFTUI_REPO, or repo.db in the data directory ($XDG_DATA_HOME/vdcftui)."""
    env = os.environ.get("VDCFTUI_REPO")
    return Path(env) if env else data_dir() / "repo.db"


CHANGES_SEQUENCE = "vdcftui_changes"


def _without_password(location: str) -> str:
    """A database URL fit for a message: its password replaced by ***."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", location)


_URL_SCHEMES = ("postgresql://", "postgres://", "sqlite:///")


def _connect(location: str, create: bool) -> Database:
    scheme, separator, _ = location.partition("://")
    if separator and not location.startswith(_URL_SCHEMES):
        raise RepositoryError(
            f"unsupported repository URL scheme '{scheme}': give a file path, "
            "sqlite:///PATH or postgresql://USER@HOST/DATABASE"
        )
    if location.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise RepositoryError(
                "a PostgreSQL repository needs the psycopg2 driver: pip install psycopg2-binary"
            ) from None
        from playhouse.db_url import connect

        return connect(location)
    path = Path(location.removeprefix("sqlite:///")).expanduser()
    if not path.exists() and not create:
        raise RepositoryError(
            f"no repository at {path}: check --repo or $VDCFTUI_REPO; "
            "`vdcftui node discover` or `vdcftui init` creates one"
        )
    if not path.parent.is_dir():
        raise RepositoryError(
            f"cannot create the repository {path}: directory {path.parent} does not exist"
        )
    if not path.exists():
        # owner-only, like the credentials: SQLite gives its -wal and -shm the same mode
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def open_repository(location: str | Path, create: bool = True) -> Database:
    """Open the repository at a path or URL, upgrading an older one in place; bind every
    model to it. With ``create``, a repository that does not exist yet is created at
    the current schema version; without, that is an error."""
    location = str(location)
    db = _connect(location, create)
    try:
        db.connect(reuse_if_open=True)
        tables = set(db.get_tables())
    except OperationalError as exc:
        raise RepositoryError(
            f"cannot reach the repository {_without_password(location)}: "
            f"{str(exc).strip().splitlines()[0]}"
        ) from None
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise RepositoryError(
            f"{_without_password(location)} is not a vdcftui repository: {exc}"
        ) from None
    if not tables and not create:
        db.close()
        raise RepositoryError(
            f"{_without_password(location)} holds no repository: "
            "`vdcftui node discover` or `vdcftui init` creates one"
        )
    m.database_proxy.initialize(db)
    if not tables:
        with db.atomic():
            db.create_tables(m.ALL_MODELS)
            m.SchemaVersion.create(version=CURRENT_VERSION)
            m.ChangeCounter.create(value=0)
            if not isinstance(db, SqliteDatabase):
                _watch_changes(db)
        return db
    if "schema_version" not in tables:
        raise RepositoryError(
            f"{location} is not a vdcftui repository (it has tables but no schema version)"
        )
    row = m.SchemaVersion.select().first()
    if row is None:
        raise RepositoryError(f"{location}: the schema version is missing")
    if row.version > CURRENT_VERSION:
        raise RepositoryError(
            f"{location} has schema version {row.version}, newer than this vdcftui "
            f"knows ({CURRENT_VERSION}): upgrade vdcftui"
        )
    if row.version < CURRENT_VERSION:
        upgrade(db, row.version)
    if m.ChangeCounter.select().count() == 0:
        m.ChangeCounter.create(value=0)
    if not isinstance(db, SqliteDatabase):
        _watch_changes(db)
    return db


def close_repository() -> None:
    """Close the open repository, if any."""
    db = m.database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def _watch_changes(db: Database) -> None:
    """On PostgreSQL: a statement trigger on every table advances a sequence that the
    consoles poll (a sequence is not transactional, so no writer ever waits on it)."""
    db.execute_sql(f"CREATE SEQUENCE IF NOT EXISTS {CHANGES_SEQUENCE}")
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION vdcftui_changed() RETURNS trigger AS $$ "
        f"BEGIN PERFORM nextval('{CHANGES_SEQUENCE}'); RETURN NULL; END $$ "
        "LANGUAGE plpgsql"
    )
    for model in m.ALL_MODELS:
        db.execute_sql(
            f"CREATE OR REPLACE TRIGGER vdcftui_changed AFTER INSERT OR UPDATE "
            f'OR DELETE ON "{model._meta.table_name}" FOR EACH STATEMENT '
            "EXECUTE FUNCTION vdcftui_changed()"
        )


def data_version() -> int:
    """A number that changes whenever another connection commits (SQLite's
    ``PRAGMA data_version``; on PostgreSQL the sequence every write advances)."""
    db = m.database_proxy.obj
    if isinstance(db, SqliteDatabase):
        return int(db.execute_sql("PRAGMA data_version").fetchone()[0])
    return int(db.execute_sql(f"SELECT last_value FROM {CHANGES_SEQUENCE}").fetchone()[0])
