"""Schema versions and forward migrations of the repository.

Version 1 was the first schema: pools, nodes and vServers only. Version 2 is the
whole vocabulary: it adds every other table and the placement columns of nodes and
vServers (base units, category, priority). Version 3 adds the console holds (who is
attached to which serial console). Version 4 adds ``invalid_reason`` to nodes and
vServers (a value their host reported that is unusable). Version 5 adds
``rolling_back`` to jobs (their direction, kept through a crash). Version 6 makes
every size in bytes 64-bit (PostgreSQL's integer is 32-bit: a 20 GB LUN overflowed
it; SQLite's integers are 64-bit already). Version 7 records fences and power states.
Version 8 adds the metric rollups (hourly and daily minimum, average and maximum).
Version 9 adds high availability: the opt-in of pools and vServers and the health of
nodes (``node_health``). Version 10 adds alerts. Version 11 adds Solaris 10 patching:
the install properties of patches and the patch installs (which job step adds which
patch of a target to a node). Version 12 adds the publisher and the archive of builds.
Version 13 adds system configurations: configuration items by scope and what was
applied where (it drops the two configuration tables no version ever wrote to).
Version 14 records the failover under way of a node (``failover_why``), so that an
engine started after a crash takes it up.
Opening an older repository
applies each migration in turn, in a transaction, and records the new version; rows
are kept.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import Database, SqliteDatabase
from playhouse.migrate import SchemaMigrator, migrate

from vdcftui.repo import models as m

CURRENT_VERSION = 14

# The version-1 schema exactly as that release created it (SQLite dialect).
V1_SCHEMA = [
    "CREATE TABLE schema_version (id INTEGER NOT NULL PRIMARY KEY, version INTEGER NOT NULL)",
    "CREATE TABLE compute_pool (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
    " description TEXT, created DATETIME NOT NULL)",
    "CREATE UNIQUE INDEX compute_pool_name ON compute_pool (name)",
    "CREATE TABLE node (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
    " hostname VARCHAR(255), kind VARCHAR(255) NOT NULL, pool_id INTEGER"
    " REFERENCES compute_pool (id) ON DELETE SET NULL, address VARCHAR(255),"
    " ssh_port INTEGER NOT NULL, state VARCHAR(255) NOT NULL, model VARCHAR(255),"
    " os_version VARCHAR(255), memory_mb INTEGER, cpu_threads INTEGER)",
    "CREATE UNIQUE INDEX node_name ON node (name)",
    "CREATE TABLE vserver (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
    " node_id INTEGER REFERENCES node (id) ON DELETE SET NULL, brand VARCHAR(255),"
    " ip_type VARCHAR(255), state VARCHAR(255) NOT NULL, zonepath VARCHAR(255))",
    "CREATE UNIQUE INDEX vserver_name ON vserver (name)",
]


def create_v1_schema(db: Database) -> None:
    """Create an empty version-1 repository (for upgrade tests and tools)."""
    with db.atomic():
        for statement in V1_SCHEMA:
            db.execute_sql(statement)
        db.execute_sql("INSERT INTO schema_version (version) VALUES (1)")


def _v1_to_v2(db: Database) -> None:
    """Add every table of the full vocabulary and the columns version 1 lacked."""
    existing = set(db.get_tables())
    db.create_tables([model for model in m.ALL_MODELS if model._meta.table_name not in existing])
    migrator = SchemaMigrator.from_database(db)
    have = {table: {c.name for c in db.get_columns(table)} for table in ("node", "vserver")}
    operations = []
    for model in (m.Node, m.VServer):
        table = model._meta.table_name
        for field in model._meta.sorted_fields:
            if field.column_name not in have[table]:
                operations.append(migrator.add_column(table, field.column_name, field))
    migrate(*operations)


def _v2_to_v3(db: Database) -> None:
    """Add the console holds table (already there when coming from version 1)."""
    db.create_tables([m.ConsoleHold], safe=True)


def _v3_to_v4(db: Database) -> None:
    """Add the ``invalid_reason`` column of nodes and vServers (already there when
    coming from version 1)."""
    migrator = SchemaMigrator.from_database(db)
    operations = []
    for model in (m.Node, m.VServer):
        table = model._meta.table_name
        if "invalid_reason" not in {c.name for c in db.get_columns(table)}:
            operations.append(migrator.add_column(table, "invalid_reason", model.invalid_reason))
    migrate(*operations)


def _v4_to_v5(db: Database) -> None:
    """Add the ``rolling_back`` column of jobs (already there when coming from
    version 1, whose migration creates the jobs table)."""
    if "rolling_back" not in {c.name for c in db.get_columns("job")}:
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("job", "rolling_back", m.Job.rolling_back))


def _v5_to_v6(db: Database) -> None:
    """Sizes in bytes as 64-bit integers (a change of type on PostgreSQL only)."""
    if isinstance(db, SqliteDatabase):
        return
    for model in m.ALL_MODELS:
        for field in model._meta.sorted_fields:
            if field.column_name.endswith("_bytes"):
                db.execute_sql(
                    f'ALTER TABLE "{model._meta.table_name}" '
                    f'ALTER COLUMN "{field.column_name}" TYPE bigint'
                )


def _v6_to_v7(db: Database) -> None:
    """Who fenced a node, when and why, and the power state its controller reported."""
    present = {c.name for c in db.get_columns("node")}
    migrator = SchemaMigrator.from_database(db)
    fields = (m.Node.fenced_by, m.Node.fenced_at, m.Node.fence_reason, m.Node.power_state)
    migrate(
        *(
            migrator.add_column("node", field.column_name, field)
            for field in fields
            if field.column_name not in present
        )
    )


def _v7_to_v8(db: Database) -> None:
    """The metric rollups table (already there when coming from version 1) and the
    samples' index by time (the rollup of an hour reads that hour)."""
    db.create_tables([m.MetricRollup], safe=True)
    db.execute_sql('CREATE INDEX IF NOT EXISTS "metric_sample_time" ON "metric_sample" ("time")')


def _v8_to_v9(db: Database) -> None:
    """High availability: ``ha_enabled`` of pools and vServers, the node health table."""
    migrator = SchemaMigrator.from_database(db)
    operations = []
    for model in (m.ComputePool, m.VServer):
        table = model._meta.table_name
        if "ha_enabled" not in {c.name for c in db.get_columns(table)}:
            operations.append(migrator.add_column(table, "ha_enabled", model.ha_enabled))
    migrate(*operations)
    db.create_tables([m.NodeHealth], safe=True)


def _v9_to_v10(db: Database) -> None:
    """Alerts, raised, cleared and acknowledged."""
    db.create_tables([m.AlertRecord], safe=True)


def _v10_to_v11(db: Database) -> None:
    """Patching: ``properties`` of patches (already there when coming from version 1)
    and the patch installs table."""
    if "properties" not in {c.name for c in db.get_columns("patch")}:
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("patch", "properties", m.Patch.properties))
    db.create_tables([m.PatchInstall], safe=True)


def _v11_to_v12(db: Database) -> None:
    """Builds: the IPS publisher of a Solaris 11 build, the archive of an archive one."""
    present = {c.name for c in db.get_columns("build")}
    migrator = SchemaMigrator.from_database(db)
    migrate(
        *(
            migrator.add_column("build", field.column_name, field)
            for field in (m.Build.publisher, m.Build.archive)
            if field.column_name not in present
        )
    )


def _v12_to_v13(db: Database) -> None:
    """System configurations: the items and the record of what was applied where; the
    unused tables of versions 2 to 12 (``base_configuration``, ``server_configuration``)
    are dropped when empty, as they always are (nothing wrote to them)."""
    db.create_tables([m.ConfigItem, m.ConfigApplied], safe=True)
    existing = set(db.get_tables())
    for table in ("server_configuration", "base_configuration"):
        if table in existing and not db.execute_sql(f'SELECT 1 FROM "{table}"').fetchone():
            db.execute_sql(f'DROP TABLE "{table}"')


def _v13_to_v14(db: Database) -> None:
    """HA: the reason of the failover under way of a node."""
    if "failover_why" not in {c.name for c in db.get_columns("node_health")}:
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("node_health", "failover_why", m.NodeHealth.failover_why))


MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
    9: _v9_to_v10,
    10: _v10_to_v11,
    11: _v11_to_v12,
    12: _v12_to_v13,
    13: _v13_to_v14,
}


def upgrade(db: Database, from_version: int) -> int:
    """Apply every migration from ``from_version`` to :data:`CURRENT_VERSION`."""
    version = from_version
    sqlite = isinstance(db, SqliteDatabase)
    if sqlite:
        # SQLite rebuilds a table to change it; with foreign keys on, dropping the old
        # copy would fire ON DELETE actions on the rows that point at it.
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        while version < CURRENT_VERSION:
            with db.atomic():
                MIGRATIONS[version](db)
                version += 1
                m.SchemaVersion.update(version=version).execute()
                if sqlite and db.execute_sql("PRAGMA foreign_key_check").fetchone():
                    raise RuntimeError(f"migration to version {version} broke a reference")
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return version
