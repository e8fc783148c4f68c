"""What the read model hands to views: rows keyed for the fast table, read straight
from the database cursor."""

from __future__ import annotations

from typing import Any

from vdcftui.repo import models as m

Row = tuple[str, tuple[object, ...]]
"""One table row: its key (the object's name, or the console key of a GDom) and its
cells in column order."""


def raw_rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows straight from the database cursor: no per-row model conversion,
    which is most of the time spent on 10,000 rows."""
    return list(m.database_proxy.execute(query).fetchall())
