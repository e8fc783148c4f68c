"""How many jobs of a kind run at once: slots a job takes when an engine starts it.

A plan may carry :class:`~vdcftui.ops.jobs.plan.Slot` limits (``upgrade:BATCH`` at
most 2, ``upgrade-pool:pool-a`` at most 1). The limit is kept in the repository, not
in an engine: a slot is a lock row (``slot``, ``KEY#N`` for N below the limit) that the
engine inserts in the transaction that claims the job, and the journal releases with
the job's other locks when it ends. The locks' unique index lets only one of two racing
engines take a slot; an interrupted job keeps its slots until it is recovered (its node
is in between).
"""

from __future__ import annotations

import json

from vdcftui.ops.jobs.plan import Slot
from vdcftui.repo import models as m

SLOT = "slot"
"""The object type of a slot's lock row."""


def slots_of(job: m.Job) -> tuple[Slot, ...]:
    """The limits the job's plan runs under (none for most plans)."""
    data = json.loads(job.plan).get("slots", ())
    return tuple(Slot(str(key), int(limit)) for key, limit in data)


def take_slots(job: m.Job, slots: tuple[Slot, ...]) -> bool:
    """Take a free slot of each key for the job (inside the caller's transaction);
    False when a key has none free (the caller rolls back what was taken)."""
    for slot in slots:
        held = {
            lock.object_name
            for lock in m.Lock.select(m.Lock.object_name).where(
                (m.Lock.object_type == SLOT) & m.Lock.object_name.startswith(f"{slot.key}#")
            )
        }
        free = next(
            (name for name in (f"{slot.key}#{n}" for n in range(slot.limit)) if name not in held),
            None,
        )
        if free is None:
            return False
        m.Lock.create(
            object_type=SLOT,
            object_name=free,
            job=job,
            operator=job.operator,
            operation=job.operation,
        )
    return True
