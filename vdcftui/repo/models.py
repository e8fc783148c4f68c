"""The configuration repository's models: the whole vocabulary of the framework.

Compute pools, nodes and their hardware, system controllers and consoles, builds,
system configuration items and where they were applied, SAN LUNs and who sees them,
networks, datasets and filesystems, vServers and GDoms, patches and patch targets, jobs
and their steps, locks, console holds, the audit trail, metric samples and their
rollups, discovery changes and pinned host keys. Every model binds to :data:`database_proxy`, which
:func:`vdcftui.repo.database.open_repository` points at a SQLite file or a PostgreSQL
database.
"""

from __future__ import annotations

from datetime import datetime

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    DeferredForeignKey,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelSelect,
    TextField,
)

database_proxy = DatabaseProxy()


class BaseModel(Model):
    """Base of every repository model."""

    # Typing only: peewee adds the primary key ``id`` to every model.
    id: AutoField[int]

    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """The repository's schema version (one row)."""

    version = IntegerField()


class ChangeCounter(BaseModel):
    """A counter bumped on every change so that consoles refresh cheaply (one row)."""

    value = IntegerField(default=0)


class ComputePool(BaseModel):
    """A named group of nodes across which vServers and GDoms are placed."""

    name = CharField(unique=True)
    description = TextField(null=True)
    created = DateTimeField(default=datetime.now)
    # a default in the schema too: other writers insert pools without naming it
    ha_enabled = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    """Whether the engine fails over the HA vServers of a failed node of this pool."""

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[Node]


class Build(BaseModel):
    """A versioned OS software set nodes are installed with (F-BLD): a Solaris 11 IPS
    publisher and SRU (``ips``) or unified archive (``uar``), or a Solaris 10 flash
    archive (``flar``) at a kernel patch level."""

    name = CharField(unique=True)
    os_version = CharField()
    os_update = CharField(null=True)
    """The level it installs: a Solaris 11 SRU (``11.4.42.111.0``), or a Solaris 10
    kernel patch (``150400-59``)."""
    kind = CharField(default="ips")
    description = TextField(null=True)
    publisher = CharField(null=True)
    """The IPS repository (origin URL) an ``ips`` build's packages come from."""
    archive = CharField(null=True)
    """Where the unified or flash archive of a ``uar`` or ``flar`` build is."""
    created = DateTimeField(default=datetime.now)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[Node]


class SystemController(BaseModel):
    """An ILOM, XSCF, ALOM, ... controller: power, hardware state, serial console."""

    name = CharField(unique=True)
    type = CharField()
    address = CharField()
    port = IntegerField(default=22)
    username = CharField(null=True)
    credential_ref = CharField(null=True)
    host_key = TextField(null=True)
    node = DeferredForeignKey("Node", null=True, backref="controllers", on_delete="SET NULL")
    node_id: int | None
    domain_id = IntegerField(null=True)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[Node]


class TerminalServer(BaseModel):
    """A terminal server (Cyclades, IOLAN, Blackbox, Opengear) giving serial consoles."""

    name = CharField(unique=True)
    type = CharField()
    address = CharField()

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    ports: ModelSelect[ConsolePort]


class ConsolePort(BaseModel):
    """One serial port of a terminal server, reachable on its own TCP port."""

    terminal_server = ForeignKeyField(TerminalServer, backref="ports", on_delete="CASCADE")
    terminal_server_id: int
    port = IntegerField()
    node = DeferredForeignKey("Node", null=True, backref="console_ports", on_delete="SET NULL")
    node_id: int | None

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[Node]

    class Meta:
        indexes = ((("terminal_server", "port"), True),)


class Node(BaseModel):
    """A physical server's global zone, an LDom control domain, or a GDom acting as node."""

    name = CharField(unique=True)
    hostname = CharField(null=True)
    kind = CharField(default="physical")
    pool = ForeignKeyField(ComputePool, null=True, backref="nodes", on_delete="SET NULL")
    pool_id: int | None
    address = CharField(null=True)
    ssh_port = IntegerField(default=22)
    state = CharField(default="unknown")
    model = CharField(null=True)
    platform = CharField(null=True)
    arch = CharField(null=True)
    serial = CharField(null=True)
    os_version = CharField(null=True)
    os_update = IntegerField(null=True)
    os_release_line = CharField(null=True)
    sru = CharField(null=True)
    kernel_id = CharField(null=True)
    build = ForeignKeyField(Build, null=True, backref="nodes", on_delete="SET NULL")
    build_id: int | None
    cpu_type = CharField(null=True)
    cpu_sockets = IntegerField(null=True)
    cpu_cores = IntegerField(null=True)
    cpu_threads = IntegerField(null=True)
    memory_mb = IntegerField(null=True)
    base_units = FloatField(null=True)
    sc = ForeignKeyField(SystemController, null=True, backref="nodes", on_delete="SET NULL")
    sc_id: int | None
    console_port = ForeignKeyField(ConsolePort, null=True, backref="nodes", on_delete="SET NULL")
    console_port_id: int | None
    fenced = BooleanField(default=False)
    fenced_by = CharField(null=True)
    fenced_at = DateTimeField(null=True)
    fence_reason = TextField(null=True)
    # what its system controller last said: on, off (None: never asked)
    power_state = CharField(null=True)
    refused_as_boot_target = BooleanField(default=False)
    ldom_control = BooleanField(null=True)
    ldom_io = BooleanField(null=True)
    ldom_service = BooleanField(null=True)
    ldom_version = CharField(null=True)
    last_discovered = DateTimeField(null=True)
    # why a value this node reported is unusable; the node is refused for operations
    invalid_reason = TextField(null=True)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    controllers: ModelSelect[SystemController]
    console_ports: ModelSelect[ConsolePort]
    luns: ModelSelect[NodeLun]
    local_disks: ModelSelect[LocalDisk]
    interfaces: ModelSelect[NetworkInterface]
    vservers: ModelSelect[VServer]
    datasets: ModelSelect[Dataset]
    guests: ModelSelect[GDom]
    as_gdom: ModelSelect[GDom]
    patches: ModelSelect[NodePatch]
    patch_targets: ModelSelect[PatchTargetNode]


class Lun(BaseModel):
    """A SAN LUN, identified across nodes by its WWN."""

    wwn = CharField(unique=True)
    size_bytes = BigIntegerField(null=True)
    vendor = CharField(null=True)
    product = CharField(null=True)
    description = TextField(null=True)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[NodeLun]
    datasets: ModelSelect[DatasetLun]


class NodeLun(BaseModel):
    """That a node sees a LUN: under which device name and over how many paths."""

    node = ForeignKeyField(Node, backref="luns", on_delete="CASCADE")
    node_id: int
    lun = ForeignKeyField(Lun, backref="nodes", on_delete="CASCADE")
    lun_id: int
    device_name = CharField(null=True)
    total_paths = IntegerField(null=True)
    operational_paths = IntegerField(null=True)
    multipath = BooleanField(default=False)

    class Meta:
        indexes = ((("node", "lun"), True),)


class LocalDisk(BaseModel):
    """A node's local disk and its role (root, mirror, data)."""

    node = ForeignKeyField(Node, backref="local_disks", on_delete="CASCADE")
    node_id: int
    device_name = CharField()
    size_bytes = BigIntegerField(null=True)
    role = CharField(null=True)

    class Meta:
        indexes = ((("node", "device_name"), True),)


class NetworkInterface(BaseModel):
    """A datalink or IP interface of a node: physical, aggregation, IPMP group, VNIC."""

    node = ForeignKeyField(Node, backref="interfaces", on_delete="CASCADE")
    node_id: int
    name = CharField()
    kind = CharField(default="phys")
    over = CharField(default="")
    mac = CharField(null=True)
    speed_mbps = IntegerField(null=True)
    state = CharField(null=True)
    net_type = CharField(null=True)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    addresses: ModelSelect[IpAddress]

    class Meta:
        indexes = ((("node", "name"), True),)


class VServer(BaseModel):
    """A vServer: a non-global zone carrying an application and all its state."""

    name = CharField(unique=True)
    node = ForeignKeyField(Node, null=True, backref="vservers", on_delete="SET NULL")
    node_id: int | None
    brand = CharField(null=True)
    ip_type = CharField(null=True)
    state = CharField(default="DEFINED")
    zonepath = CharField(null=True)
    uuid = CharField(null=True)
    autoboot = BooleanField(default=False)
    category = CharField(null=True)
    priority = IntegerField(default=0)
    cpu_shares = IntegerField(null=True)
    base_units = FloatField(null=True)
    cpu_cap = FloatField(null=True)
    memory_cap_mb = IntegerField(null=True)
    pending_changes = TextField(default="[]")
    last_discovered = DateTimeField(null=True)
    # why a value its host reported is unusable; the vServer is refused for operations
    invalid_reason = TextField(null=True)
    ha_enabled = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    """Whether it is restarted on another node when its node fails (its pool opted in)."""

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    addresses: ModelSelect[IpAddress]
    nets: ModelSelect[VServerNet]
    slaves: ModelSelect[VServerDependency]
    masters: ModelSelect[VServerDependency]
    datasets: ModelSelect[Dataset]
    filesystems: ModelSelect[Filesystem]

    class Meta:
        table_name = "vserver"


class IpAddress(BaseModel):
    """An IP address on a node's interface or of a vServer, with its network type."""

    interface = ForeignKeyField(
        NetworkInterface, null=True, backref="addresses", on_delete="CASCADE"
    )
    interface_id: int | None
    vserver = ForeignKeyField(VServer, null=True, backref="addresses", on_delete="CASCADE")
    vserver_id: int | None
    address = CharField()
    prefixlen = IntegerField(null=True)
    net_type = CharField(null=True)
    addrobj = CharField(null=True)

    class Meta:
        indexes = ((("interface", "address"), True),)


class VServerNet(BaseModel):
    """A vServer's network interface: its type and the node interface it uses."""

    vserver = ForeignKeyField(VServer, backref="nets", on_delete="CASCADE")
    vserver_id: int
    linkname = CharField()
    net_type = CharField(null=True)
    interface_name = CharField(null=True)
    address = CharField(null=True)
    prefixlen = IntegerField(null=True)
    defrouter = CharField(null=True)

    class Meta:
        table_name = "vserver_net"
        indexes = ((("vserver", "linkname"), True),)


class VServerDependency(BaseModel):
    """A master/slave relation checked on every run-state change (F-VDP)."""

    master = ForeignKeyField(VServer, backref="slaves", on_delete="CASCADE")
    master_id: int
    slave = ForeignKeyField(VServer, backref="masters", on_delete="CASCADE")
    slave_id: int

    class Meta:
        table_name = "vserver_dependency"
        indexes = ((("master", "slave"), True),)


class Dataset(BaseModel):
    """SAN LUNs grouped by a volume manager (ZFS pool or SVM set) as RAID 0, 1 or 0+1."""

    name = CharField(unique=True)
    vserver = ForeignKeyField(VServer, null=True, backref="datasets", on_delete="SET NULL")
    vserver_id: int | None
    node = ForeignKeyField(Node, null=True, backref="datasets", on_delete="SET NULL")
    node_id: int | None
    manager = CharField(default="zfs")
    raid = CharField(default="0")
    state = CharField(null=True)
    size_bytes = BigIntegerField(null=True)
    used_bytes = BigIntegerField(null=True)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    luns: ModelSelect[DatasetLun]
    filesystems: ModelSelect[Filesystem]


class DatasetLun(BaseModel):
    """A LUN that a dataset is built on."""

    dataset = ForeignKeyField(Dataset, backref="luns", on_delete="CASCADE")
    dataset_id: int
    lun = ForeignKeyField(Lun, backref="datasets", on_delete="CASCADE")
    lun_id: int

    class Meta:
        indexes = ((("dataset", "lun"), True),)


class Filesystem(BaseModel):
    """A filesystem on a dataset: the zone root, a data filesystem, or a lofs mount."""

    dataset = ForeignKeyField(Dataset, backref="filesystems", on_delete="CASCADE")
    dataset_id: int
    vserver = ForeignKeyField(VServer, null=True, backref="filesystems", on_delete="SET NULL")
    vserver_id: int | None
    name = CharField()
    kind = CharField(default="data")
    mountpoint = CharField(null=True)
    special = CharField(null=True)
    size_bytes = BigIntegerField(null=True)
    quota_bytes = BigIntegerField(null=True)
    used_bytes = BigIntegerField(null=True)

    class Meta:
        indexes = ((("dataset", "name"), True),)


class GDom(BaseModel):
    """A guest domain on a control domain; ``node`` is set when it acts as a node."""

    name = CharField()
    cdom = ForeignKeyField(Node, backref="guests", on_delete="CASCADE")
    cdom_id: int
    node = ForeignKeyField(Node, null=True, backref="as_gdom", on_delete="SET NULL")
    node_id: int | None
    state = CharField(null=True)
    flags = CharField(null=True)
    vcpus = IntegerField(null=True)
    memory_mb = IntegerField(null=True)
    cons = CharField(null=True)
    uuid = CharField(null=True)
    root_disks = TextField(default="[]")
    vnets = TextField(default="[]")
    vdisks = TextField(default="[]")
    last_discovered = DateTimeField(null=True)

    class Meta:
        table_name = "gdom"
        indexes = ((("cdom", "name"), True),)


class Patch(BaseModel):
    """A Solaris 10 patch (``150400-59``)."""

    patch_id = CharField(unique=True)
    revision = IntegerField(null=True)
    synopsis = TextField(null=True)
    requires = TextField(null=True)
    reboot_required = BooleanField(default=False)
    release_date = DateTimeField(null=True)
    properties = TextField(null=True)
    """The patch's install properties as its README gives them (``singleuser``,
    ``rebootafter`` ...; comma-separated, ``standard`` for none); None when unknown
    (a patch only seen on a node): such a patch goes in at run level S, to be safe."""

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[NodePatch]
    patch_sets: ModelSelect[PatchSetPatch]
    installs: ModelSelect[PatchInstall]


class NodePatch(BaseModel):
    """A patch installed on a node."""

    node = ForeignKeyField(Node, backref="patches", on_delete="CASCADE")
    node_id: int
    patch = ForeignKeyField(Patch, backref="nodes", on_delete="CASCADE")
    patch_id: int

    class Meta:
        indexes = ((("node", "patch"), True),)


class PatchSet(BaseModel):
    """A set of patches, chosen by analysis or by hand, optionally baselined by date."""

    name = CharField(unique=True)
    baseline_date = DateTimeField(null=True)
    created = DateTimeField(default=datetime.now)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    patches: ModelSelect[PatchSetPatch]
    targets: ModelSelect[PatchTarget]


class PatchSetPatch(BaseModel):
    """A patch in a patch set."""

    patch_set = ForeignKeyField(PatchSet, backref="patches", on_delete="CASCADE")
    patch_set_id: int
    patch = ForeignKeyField(Patch, backref="patch_sets", on_delete="CASCADE")
    patch_id: int

    class Meta:
        indexes = ((("patch_set", "patch"), True),)


class PatchTarget(BaseModel):
    """Nodes x a patch set: what to install where."""

    name = CharField(unique=True)
    patch_set = ForeignKeyField(PatchSet, backref="targets", on_delete="CASCADE")
    patch_set_id: int

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    nodes: ModelSelect[PatchTargetNode]


class PatchTargetNode(BaseModel):
    """A node of a patch target and how far its patching went."""

    target = ForeignKeyField(PatchTarget, backref="nodes", on_delete="CASCADE")
    target_id: int
    node = ForeignKeyField(Node, backref="patch_targets", on_delete="CASCADE")
    node_id: int
    status = CharField(default="pending")
    updated = DateTimeField(default=datetime.now)

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    installs: ModelSelect[PatchInstall]

    class Meta:
        indexes = ((("target", "node"), True),)


class Job(BaseModel):
    """A change carried out by the engine: operator, plan, state, timing."""

    operation = CharField()
    object_type = CharField()
    object_name = CharField()
    operator = CharField()
    state = CharField(default="queued")
    plan = TextField(default="{}")
    created = DateTimeField(default=datetime.now)
    started = DateTimeField(null=True)
    finished = DateTimeField(null=True)
    engine_id = CharField(null=True)
    error = TextField(null=True)
    rolling_back = BooleanField(default=False)
    """The job's direction: set once its rollback starts, kept through a crash."""

    # Reverse relations, added by peewee from the foreign keys' backrefs.
    steps: ModelSelect[JobStep]
    locks: ModelSelect[Lock]
    audit: ModelSelect[AuditRecord]


class JobStep(BaseModel):
    """One step of a job: where and what it ran, how to undo it, what came out."""

    job = ForeignKeyField(Job, backref="steps", on_delete="CASCADE")
    job_id: int
    seq = IntegerField()
    host = CharField()
    command = TextField()
    undo_command = TextField(null=True)
    description = TextField(null=True)
    state = CharField(default="pending")
    stdout = TextField(default="")
    stderr = TextField(default="")
    exit_status = IntegerField(null=True)
    started = DateTimeField(null=True)
    finished = DateTimeField(null=True)
    checks = TextField(default="{}")

    class Meta:
        indexes = ((("job", "seq"), True),)


class PatchInstall(BaseModel):
    """One patch of a target's install on one node: the job and its step that add it
    (the step's state and output are the patch's status and `patchadd` output)."""

    target_node = ForeignKeyField(PatchTargetNode, backref="installs", on_delete="CASCADE")
    target_node_id: int
    patch = ForeignKeyField(Patch, backref="installs", on_delete="CASCADE")
    patch_id: int
    job = ForeignKeyField(Job, backref="patch_installs", on_delete="CASCADE")
    job_id: int
    seq = IntegerField()
    """The job's step whose state and output say how the patch went."""
    single_user = BooleanField(default=False)

    class Meta:
        indexes = ((("job", "seq"), True),)


class Lock(BaseModel):
    """One job at a time per object: the lock and who holds it."""

    object_type = CharField()
    object_name = CharField()
    job = ForeignKeyField(Job, backref="locks", on_delete="CASCADE")
    job_id: int
    operator = CharField()
    operation = CharField()
    since = DateTimeField(default=datetime.now)

    class Meta:
        indexes = ((("object_type", "object_name"), True),)


class ConsoleHold(BaseModel):
    """Who is attached to an object's serial console, from which process and host."""

    object_type = CharField()
    object_name = CharField()
    operator = CharField()
    pid = IntegerField()
    host = CharField()
    since = DateTimeField(default=datetime.now)

    class Meta:
        table_name = "console_hold"
        indexes = ((("object_type", "object_name"), True),)


class AuditRecord(BaseModel):
    """The audit trail: who did what to which object, when."""

    time = DateTimeField(default=datetime.now, index=True)
    operator = CharField(index=True)
    action = CharField()
    object_type = CharField()
    object_name = CharField(index=True)
    detail = TextField(default="")
    job = ForeignKeyField(Job, null=True, backref="audit", on_delete="SET NULL")
    job_id: int | None


class MetricSample(BaseModel):
    """One measured value of a node, vServer or pool at a time."""

    time = DateTimeField()
    object_type = CharField()
    object_name = CharField()
    metric = CharField()
    value = FloatField()

    class Meta:
        indexes = (
            (("object_type", "object_name", "metric", "time"), False),
            # the rollup of an hour reads that hour's samples of every series
            (("time",), False),
        )


class MetricRollup(BaseModel):
    """The samples of one series over an hour or a day: how many, their sum (for the
    average), their least and greatest value. ``time`` is the start of the bucket."""

    period = CharField()
    """``hour`` or ``day``."""
    time = DateTimeField()
    object_type = CharField()
    object_name = CharField()
    metric = CharField()
    count = IntegerField()
    total = FloatField()
    minimum = FloatField()
    maximum = FloatField()

    class Meta:
        indexes = (
            (("period", "object_type", "object_name", "metric", "time"), True),
            # how far each period is rolled up: the latest time of a period
            (("period", "time"), False),
        )

    @property
    def average(self) -> float:
        """The mean of the samples the bucket holds."""
        return self.total / self.count if self.count else 0.0


class DiscoveryChange(BaseModel):
    """A field that a discovery run found changed since the run before."""

    time = DateTimeField(default=datetime.now)
    run_id = CharField(index=True)
    object_type = CharField()
    object_name = CharField()
    field = CharField()
    old_value = TextField(null=True)
    new_value = TextField(null=True)


class NodeHealth(BaseModel):
    """What the engine's health watcher knows of a node of an HA pool: its state (up,
    suspect, failed, fenced), its last keep-alive, and the failover under way."""

    node = ForeignKeyField(Node, backref="health", unique=True, on_delete="CASCADE")
    node_id: int
    state = CharField(default="up")
    since = DateTimeField(default=datetime.now)
    last_keepalive = DateTimeField(null=True)
    reason = TextField(default="")
    restart = TextField(default="[]")
    """JSON list of the HA vServers that ran on the node when it failed."""
    fence_job = IntegerField(null=True)
    restart_job = IntegerField(null=True)
    failover_why = TextField(default="")
    """Why the failover under way began; empty when none is. An engine that starts
    takes up a failover whose reason is set (its predecessor stopped or was killed)."""

    class Meta:
        table_name = "node_health"


class AlertRecord(BaseModel):
    """An alert: raised when a condition begins (a threshold crossed, a service in
    maintenance, a node's controller silent), cleared when it ends, acknowledged by an
    operator. ``key`` names the condition; at most one alert of a key is open."""

    key = CharField(index=True)
    kind = CharField()
    """threshold, service, fault or ha."""
    object_type = CharField()
    object_name = CharField(index=True)
    metric = CharField(null=True)
    severity = CharField()
    """warning or critical."""
    message = TextField()
    value = FloatField(null=True)
    raised = DateTimeField(default=datetime.now)
    cleared = DateTimeField(null=True, index=True)
    cleared_why = TextField(null=True)
    acked_by = CharField(null=True)
    acked_at = DateTimeField(null=True)
    ack_note = TextField(null=True)
    raise_notified = BooleanField(default=False)
    """Whether its raising (or its latest change of severity) has been notified."""
    clear_notified = BooleanField(default=False)
    notified = TextField(default="")
    """What the notifications of its events did (mail sent, script exit status)."""

    class Meta:
        table_name = "alert"


class ConfigItem(BaseModel):
    """A system configuration value (F-CFG): of a kind (dns, ntp, user, sshkey, smf,
    kernel), under a key, for every node (``scope`` all), the nodes of a pool or one
    node (``target`` names it). The most specific scope wins."""

    kind = CharField()
    key = CharField()
    value = TextField()
    scope = CharField()
    """``all``, ``pool`` or ``node``."""
    target = CharField(default="")
    changed = DateTimeField(default=datetime.now)
    changed_by = CharField()

    class Meta:
        table_name = "config_item"
        indexes = ((("kind", "key", "scope", "target"), True),)


class ConfigApplied(BaseModel):
    """A configuration value a job applied to a node, and when; the latest row of a
    node, kind and key is what the node should still show."""

    node = ForeignKeyField(Node, backref="configs_applied", on_delete="CASCADE")
    node_id: int
    kind = CharField()
    key = CharField()
    value = TextField()
    job = ForeignKeyField(Job, null=True, backref="configs_applied", on_delete="SET NULL")
    job_id: int | None
    applied = DateTimeField(default=datetime.now)

    class Meta:
        table_name = "config_applied"
        indexes = ((("node", "kind", "key", "applied"), False),)


class HostKey(BaseModel):
    """A host's SSH key, pinned at discovery or registration and checked afterwards."""

    host = CharField(unique=True)
    address = CharField(null=True)
    port = IntegerField(default=22)
    key_type = CharField()
    public_key = TextField()
    fingerprint = CharField()
    recorded = DateTimeField(default=datetime.now)


ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    ChangeCounter,
    ComputePool,
    Build,
    SystemController,
    TerminalServer,
    ConsolePort,
    Node,
    Lun,
    NodeLun,
    LocalDisk,
    NetworkInterface,
    VServer,
    IpAddress,
    VServerNet,
    VServerDependency,
    Dataset,
    DatasetLun,
    Filesystem,
    GDom,
    Patch,
    NodePatch,
    PatchSet,
    PatchSetPatch,
    PatchTarget,
    PatchTargetNode,
    Job,
    PatchInstall,
    JobStep,
    Lock,
    ConsoleHold,
    AuditRecord,
    MetricSample,
    MetricRollup,
    DiscoveryChange,
    HostKey,
    NodeHealth,
    AlertRecord,
    ConfigItem,
    ConfigApplied,
]
