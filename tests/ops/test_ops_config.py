"""System configurations from the CLI, on the lab over SSH and a real repository: values
at all, pool and node scope and where each node's comes from; bad values and a
read-only session refused; `config apply` on a Solaris 11.4 and a Solaris 10 node as
jobs, the hosts then showing every value; `config drift` clean after, showing a value
changed behind vdcftui's back with both values (escaped), a kernel parameter pending
until the node boots."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest

from tests.helpers import wait_until
from tests.ops.conftest import CliLab
from vdcftui.errors import UsageError
from vdcftui.ops.config.drift import DriftRow, drift
from vdcftui.ops.config.items import set_item, unset_item
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import ReadOnlyRefused, Session
from vdcftui.readmodel.configs import list_configs
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.lookup import node_named

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9vZGtleQ alice@ws"
DNS = "svc:/network/dns/client:default"
SSH_PROP = "svc:/network/ssh:default/:properties/config/x11_forwarding"
ITEMS = (
    ("user", "alice", "1001:10:/export/home/alice:/usr/bin/bash"),
    ("sshkey", "alice", KEY),
    ("dns", "nameservers", "10.1.1.1,10.1.1.2"),
    ("dns", "search", "example.com,corp.example.com"),
    ("ntp", "servers", "ntp1.example.com,10.1.1.5"),
    ("smf", SSH_PROP, "boolean:false"),
    ("kernel", "zfs:zfs_arc_max", "0x40000000"),
)
S11, S10 = "node06", "node07"  # Solaris 11.4 and 10, in pool-b


def _json(lab: CliLab, *args: str) -> list[dict]:
    return json.loads(lab.cli(*args, "--json", check=False).stdout)


@pytest.fixture(scope="module")
def site(cli_lab: CliLab) -> Iterator[CliLab]:
    """The module's lab, its repository also open in this process."""
    open_repository(cli_lab.repo)
    try:
        yield cli_lab
    finally:
        close_repository()


def _list(node: str) -> dict[tuple[str, str], dict]:
    return {(r["kind"], r["key"]): r for r in list_configs(node)}


def test_the_most_specific_scope_wins_and_list_says_where_from(site):
    key = ("kernel", "maxusers")
    alice = Session("alice")
    set_item(alice, *key, "2048")
    set_item(alice, *key, "1024", pool="pool-a")
    set_item(alice, *key, "512", node="node03")
    try:
        listed = {(r["node"], r["kind"], r["key"]): r for r in _json(site, "config", "list")}
        seen = {n: listed[(n, *key)] for n in ("node03", "node08", "node04")}
        assert {n: (r["value"], r["from"]) for n, r in seen.items()} == {
            "node03": ("512", "node node03"),
            "node08": ("1024", "pool pool-a"),
            "node04": ("2048", "all"),
        }
        assert all(r["applied"] is None for r in seen.values())
        unset_item(alice, *key, node="node03")
        assert _list("node03")[key]["from"] == "pool pool-a"
        trail = m.AuditRecord.select().where(m.AuditRecord.object_name == "node03")
        assert [a.action for a in trail.order_by(m.AuditRecord.id)][-2:] == [
            "config set",
            "config unset",
        ]
    finally:
        unset_item(alice, *key, pool="pool-a")
        unset_item(alice, *key)
    assert key not in _list("node04")


BAD_VALUES = [
    (("dns", "nameservers", "10.0.0.1;reboot"), "shell metacharacter ';'"),
    (("dns", "search", "example.com,ex ample.com"), "whitespace ' '"),
    (("dns", "domain", "example.com"), "must be nameservers or search"),
    (("ntp", "servers", "ntp1\x1b[2J"), "'\\e'"),
    (("user", "alice", "1001:10:/export/home/alice:/bin/sh`id`"), "'`'"),
    (("user", "9lives", "1001:10:/export/home/x:/bin/sh"), "must start with a letter"),
    (("user", "bob", "12:10:/export/home/bob:/bin/sh"), "uid"),
    (("sshkey", "alice", KEY + "\nssh-rsa AAAA evil"), "'\\n'"),
    (("sshkey", "alice", "ssh-dss AAAAB3 x"), "key type"),
    (("smf", "svc:/network/ssh:default/:properties/config", "boolean:true"), "PG/PROP"),
    (("smf", SSH_PROP, "boolean:maybe"), "true or false"),
    (("smf", SSH_PROP, "astring:$(reboot)"), "shell metacharacter '$'"),
    (("kernel", "zfs:zfs_arc_max", "lots"), "hexadecimal integer"),
    (("kernel", "zfs:arc max", "1"), "whitespace"),
]


def test_bad_values_are_refused_with_one_line(site):
    for args, says in BAD_VALUES:
        with pytest.raises(UsageError) as refused:
            set_item(Session("alice"), *args, node="node03")
        message = str(refused.value)
        assert says in message and "\n" not in message and "\x1b" not in message, message
    assert m.ConfigItem.select().where(m.ConfigItem.target == "node03").count() == 0
    cli = site.cli("config", "set", "ntp", "servers", "ntp1\x1b[2J;x", check=False)
    assert (cli.returncode, cli.stderr.count("\n")) == (2, 1), cli.stderr
    assert cli.stderr.startswith("vdcftui: invalid NTP servers") and "\x1b" not in cli.stderr


@pytest.mark.hostile
@pytest.mark.parametrize(("args", "says"), BAD_VALUES)
def test_bad_values_are_refused_from_the_cli(site, args, says):
    refused = site.cli("config", "set", *args, "--node", "node03", check=False)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.startswith("vdcftui: ") and refused.stderr.count("\n") == 1
    assert says in refused.stderr and "\x1b" not in refused.stderr


def test_a_read_only_session_is_refused_in_ops(site):
    reader = Session("carol", readonly=True)
    with pytest.raises(ReadOnlyRefused):
        set_item(reader, "ntp", "servers", "ntp1.example.com")
    with pytest.raises(ReadOnlyRefused):
        unset_item(reader, "ntp", "servers")
    assert m.ConfigItem.select().where(m.ConfigItem.kind == "ntp").count() == 0
    applying = site.cli("--readonly", "config", "apply", "node03", check=False)
    assert applying.returncode == 3 and "read-only" in applying.stderr


def _drift(lab: CliLab, node: str) -> dict[tuple[str, str], DriftRow]:
    credentials = CredentialStore(default_credentials_path(lab.repo))

    async def read() -> list[DriftRow]:
        pool = SSHPool()
        try:
            return await drift([node_named(node)], pool, lambda h: target_for(h, credentials))
        finally:
            await pool.close()

    return {(r.kind, r.key): r for r in asyncio.run(read())}


def _node_shows_everything(lab: CliLab, name: str) -> None:
    node = lab.lab.state.nodes[name]
    alice = node.users["alice"]
    assert (alice.uid, alice.gid, alice.home, alice.shell) == (
        1001,
        10,
        "/export/home/alice",
        "/usr/bin/bash",
    )
    keys = "/export/home/alice/.ssh/authorized_keys"
    assert (node.files[keys], node.modes[keys], node.owners[keys]) == (
        KEY + "\n",
        0o600,
        (1001, 10),
    )
    assert "server ntp1.example.com iburst" in node.files["/etc/inet/ntp.conf"]
    assert node.smf_states["svc:/network/ntp:default"][0] == "online"
    ssh = node.smf_running["svc:/network/ssh:default"]["config/x11_forwarding"]
    assert ssh == ("boolean", ("false",))
    if node.solaris10:
        resolv = node.files["/etc/resolv.conf"]
        assert "search example.com corp.example.com\nnameserver 10.1.1.1\n" in resolv
        assert "set zfs:zfs_arc_max = 0x40000000" in node.files["/etc/system"]
        assert "SYSTEM SPECIFICATION FILE" in node.files["/etc/system"]  # the rest kept
    else:
        running = node.smf_running[DNS]
        assert running["config/nameserver"] == ("net_address", ("10.1.1.1", "10.1.1.2"))
        assert running["config/search"] == ("astring", ("example.com", "corp.example.com"))
        assert "set zfs:zfs_arc_max = 0x40000000" in node.files["/etc/system.d/vdcftui"]


def test_apply_then_drift_on_solaris_11_and_10(site):
    cli_lab = site
    for name in (S11, S10):
        for kind, key, value in ITEMS:
            set_item(Session("alice"), kind, key, value, node=name)
    plan = cli_lab.cli("config", "apply", S10, "--dry-run").stdout
    assert "/etc/resolv.conf" in plan and "take effect once node07 reboots" in plan
    assert "undo: userdel alice" in plan
    for name in (S11, S10):
        applied = cli_lab.cli("config", "apply", name)
        assert "succeeded" in applied.stdout, applied.stdout + applied.stderr
        _node_shows_everything(cli_lab, name)
        listed = _list(name)
        assert all(r["applied"] and r["applied"].startswith("job ") for r in listed.values())
        drift = _drift(cli_lab, name)
        assert {k: r.status for k, r in drift.items()} == {
            (kind, key): "at next boot" if kind == "kernel" else "as it should be"
            for kind, key, _ in ITEMS
        }
    again = cli_lab.cli("config", "apply", S11)
    assert "nothing to apply" in again.stdout

    # behind vdcftui's back: a name server on each, a shell with an escape sequence
    dns = DNS.rpartition(":")[0]
    cli_lab.ssh(
        S11,
        f"svccfg -s {dns} setprop config/nameserver = net_address: 10.9.9.9"
        f" && svcadm refresh {DNS}",
    )
    cli_lab.ssh(S10, "echo 'nameserver 10.9.9.9' > /etc/resolv.conf")
    cli_lab.lab.state.nodes[S11].users["alice"].shell = "/bin/\x1b[2Jbash"
    for name in (S11, S10):
        changed = _drift(cli_lab, name)[("dns", "nameservers")]
        assert (changed.status, changed.should, changed.host) == (
            "differs",
            "10.1.1.1,10.1.1.2",
            "10.9.9.9",
        )
        assert changed.note.startswith("applied by job ")
    text = cli_lab.cli("config", "drift", S11, check=False)
    assert text.returncode == 1 and "\x1b" not in text.stdout
    assert "1001:10:/export/home/alice:/bin/\\e[2Jbash" in text.stdout

    # the kernel reads /etc/system at boot: in effect once the node has booted after
    applied = max(
        r.applied for r in m.ConfigApplied.select().join(m.Node).where(m.Node.name == S10)
    )
    wait_until(lambda: time.time() >= int(applied.timestamp()) + 1, "the next second")
    node = cli_lab.lab.state.nodes[S10]
    node.power_off()
    node.power_on()
    assert _drift(cli_lab, S10)[("kernel", "zfs:zfs_arc_max")].status == "as it should be"
    fixing = cli_lab.cli("config", "apply", S10, "--dry-run").stdout
    assert "/etc/resolv.conf" in fixing and "useradd" not in fixing and "ntp.conf" not in fixing
