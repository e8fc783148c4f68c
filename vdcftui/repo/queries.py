"""Small query helpers shared by the operations."""

from __future__ import annotations

from typing import Any

from peewee import Model


def _comparable(value: Any) -> Any:
    return value.id if isinstance(value, Model) else value


def upsert(model: type[Model], key: dict[str, Any], values: dict[str, Any]
           ) -> tuple[Model, dict[str, tuple[Any, Any]], bool]:
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
