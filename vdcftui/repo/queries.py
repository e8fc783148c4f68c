"""Small query helpers shared by the operations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from peewee import PeeweeException, SqliteDatabase

from vdcftui.repo.models import BaseModel, database_proxy

M = TypeVar("M", bound=BaseModel)


@contextmanager
def transaction() -> Iterator[None]:
    """All or nothing: commit the writes of the block, or roll them back if it raises.
    Nested blocks become savepoints. On SQLite the write lock is taken at the start
    (BEGIN IMMEDIATE): a block that reads and then writes while another process commits
    would otherwise fail at once with "database is locked" instead of waiting its turn."""
    immediate = ("IMMEDIATE",) if isinstance(database_proxy.obj, SqliteDatabase) else ()
    try:
        with database_proxy.atomic(*immediate):
            yield
    except PeeweeException as exc:
        # SQLite ends the transaction itself when a write or the commit fails on a
        # full disk or an I/O error; the rollback that follows then fails too and
        # would hide the cause: report the cause (nothing was written)
        cause: BaseException | None = exc
        while cause is not None and "no transaction is active" in str(cause):
            cause = cause.__context__
        if cause is None or cause is exc:
            raise
        raise cause from None


def tuples(query: Any) -> Iterable[tuple[Any, ...]]:
    """The rows of a select query as plain tuples: ``query.tuples()``, typed as such.

    peewee's type stubs have ``.tuples()`` return the query itself, iterating as model
    instances; this names what it really yields."""
    return cast("Iterable[tuple[Any, ...]]", query.tuples())


def _comparable(value: Any) -> Any:
    return value.id if isinstance(value, BaseModel) else value


def upsert(
    model: type[M], key: dict[str, Any], values: dict[str, Any]
) -> tuple[M, dict[str, tuple[Any, Any]], bool]:
    """Insert or update the row with this natural key.

    Returns the row, the fields that changed as ``{name: (old, new)}`` and whether the
    row was created. Foreign keys compare by id, so re-recording the same facts
    changes nothing.
    """
    conditions = [getattr(model, name) == _comparable(value) for name, value in key.items()]
    instance = model.get_or_none(*conditions)
    if instance is None:
        return model.create(**key, **values), {}, True
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in values.items():
        field = model._meta.fields[name]
        old_raw = instance.__data__.get(field.name)
        if _comparable(new) != old_raw:
            old = getattr(instance, name)
            changes[name] = (old, new)
            setattr(instance, name, new)
    if changes:
        instance.save(only=[model._meta.fields[n] for n in changes])
    return instance, changes, False


def insert_rows(model: type[BaseModel], rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one shape: one prepared statement on SQLite, batches elsewhere."""
    if not rows:
        return
    db = model._meta.database
    if not isinstance(db.obj if hasattr(db, "obj") else db, SqliteDatabase):
        for start in range(0, len(rows), 400):
            model.insert_many(rows[start : start + 400]).execute()
        return
    fields = [model._meta.fields[name] for name in rows[0]]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    sql = (
        f'INSERT INTO "{model._meta.table_name}" ({columns}) '
        f"VALUES ({', '.join('?' for _ in fields)})"
    )
    db.cursor().executemany(sql, [[f.db_value(row[f.name]) for f in fields] for row in rows])


class RowCache:
    """The rows of some models held in memory by natural key, for upserting many rows.

    Each model is loaded once with one query; lookups and unchanged rows then cost no
    SQL at all, which is what makes re-discovering hundreds of nodes cheap.
    """

    def __init__(self) -> None:
        self._tables: dict[tuple[type[BaseModel], tuple[str, ...]], dict[tuple, Any]] = {}
        self._insert_sql: dict[tuple[type[BaseModel], tuple[str, ...]], str] = {}

    def _create(self, model: type[M], data: dict[str, Any]) -> M:
        """Insert one row; on SQLite with a cached statement, skipping peewee's SQL
        generation, which dominates when thousands of rows are new."""
        db = model._meta.database
        if not isinstance(db.obj if hasattr(db, "obj") else db, SqliteDatabase):
            return model.create(**data)
        instance = model(**data)
        fields = [
            f for f in model._meta.sorted_fields if f.name != "id" and f.name in instance.__data__
        ]
        names = tuple(f.name for f in fields)
        sql = self._insert_sql.get((model, names))
        if sql is None:
            columns = ", ".join(f'"{f.column_name}"' for f in fields)
            sql = (
                f'INSERT INTO "{model._meta.table_name}" ({columns}) '
                f"VALUES ({', '.join('?' for _ in fields)})"
            )
            self._insert_sql[(model, names)] = sql
        params = [f.db_value(instance.__data__[f.name]) for f in fields]
        instance.id = db.execute_sql(sql, params).lastrowid
        instance._dirty.clear()  # type: ignore[attr-defined]  # peewee's private dirty set
        return instance

    def table(self, model: type[M], names: tuple[str, ...]) -> dict[tuple, M]:
        """Every row of a model by the given key fields (loaded on first use)."""
        slot = (model, names)
        if slot not in self._tables:
            columns = [model._meta.fields[n].name for n in names]
            self._tables[slot] = {
                tuple(row.__data__.get(c) for c in columns): row for row in model.select()
            }
        return self._tables[slot]

    def get(self, model: type[M], key: dict[str, Any]) -> M | None:
        """The row with this natural key, or None."""
        table = self.table(model, tuple(key))
        return table.get(tuple(_comparable(v) for v in key.values()))

    def upsert(
        self, model: type[M], key: dict[str, Any], values: dict[str, Any]
    ) -> tuple[M, dict[str, tuple[Any, Any]], bool]:
        """Like :func:`upsert`, against the cached rows."""
        table = self.table(model, tuple(key))
        natural = tuple(_comparable(v) for v in key.values())
        instance = table.get(natural)
        if instance is None:
            instance = self._create(model, {**key, **values})
            table[natural] = instance
            return instance, {}, True
        changes: dict[str, tuple[Any, Any]] = {}
        for name, new in values.items():
            field = model._meta.fields[name]
            if _comparable(new) != instance.__data__.get(field.name):
                changes[name] = (getattr(instance, name), new)
                setattr(instance, name, new)
        if changes:
            instance.save(only=[model._meta.fields[n] for n in changes])
        return instance, changes, False

    def forget(self, model: type[BaseModel], key: dict[str, Any]) -> None:
        """Drop a deleted row from the cache."""
        table = self.table(model, tuple(key))
        table.pop(tuple(_comparable(v) for v in key.values()), None)
