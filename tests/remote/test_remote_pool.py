"""The SSH pool and batch runner against the lab over real SSH."""

from __future__ import annotations

import asyncssh
import pytest

from vdcftui.remote.batch import BatchFramingError, run_batch, split_batch
from vdcftui.remote.errors import CommandTimeout, HostKeyChanged, HostUnreachable
from vdcftui.remote.pool import HostTarget, SSHPool, fingerprint
from vdcftui.solaris.cmd.command import Batch, Command, shell_text

UNAME = Command(("uname", "-a"))
RELEASE = Command(("cat", "/etc/release"))
NOSUCH = Command(("nosuchcommand",))


def _target(inventory: dict, name: str, **overrides) -> HostTarget:
    node = next(n for n in inventory["nodes"] if n["name"] == name)
    creds = inventory["credentials"]
    values = dict(
        name=name,
        address=node["address"],
        port=node["port"],
        username=creds["username"],
        client_keys=(creds["client_key"],),
        pinned_key=node["host_key"],
    )
    values.update(overrides)
    return HostTarget(**values)


def _first_node(inventory: dict) -> str:
    return inventory["nodes"][0]["name"]


async def test_commands_reuse_one_connection(lab_inventory):
    pool = SSHPool()
    target = _target(lab_inventory, _first_node(lab_inventory))
    try:
        first = await pool.run(target, UNAME)
        conn = await pool.connection(target)
        second = await pool.run(target, RELEASE)
        assert await pool.connection(target) is conn
        assert first.ok and first.stdout.startswith("SunOS ")
        assert "Solaris" in second.stdout
        assert pool.presented_key(target).split()[:2] == target.pinned_key.split()[:2]
    finally:
        await pool.close()


async def test_unknown_command_reports_status_and_stderr(lab_inventory):
    pool = SSHPool()
    target = _target(lab_inventory, _first_node(lab_inventory))
    try:
        result = await pool.run(target, NOSUCH)
        assert result.exit_status == 127
        assert "not found" in result.stderr
    finally:
        await pool.close()


async def test_changed_host_key_is_refused_naming_both_fingerprints(lab_inventory):
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode()
    name = _first_node(lab_inventory)
    target = _target(lab_inventory, name, pinned_key=other)
    pool = SSHPool()
    try:
        with pytest.raises(HostKeyChanged) as info:
            await pool.run(target, UNAME)
    finally:
        await pool.close()
    message = str(info.value)
    assert name in message
    assert fingerprint(other) in message
    node = next(n for n in lab_inventory["nodes"] if n["name"] == name)
    assert fingerprint(node["host_key"]) in message


async def test_unreachable_host_is_reported(fresh_lab):
    inventory = fresh_lab.inventory()
    name = _first_node(inventory)
    fresh_lab.faults.unreachable(name)
    pool = SSHPool(connect_timeout=2, connect_attempts=2, retry_delay=0.05)
    try:
        with pytest.raises(HostUnreachable) as info:
            await pool.run(_target(inventory, name), UNAME)
    finally:
        await pool.close()
    assert name in str(info.value)


async def test_command_timeout(fresh_lab):
    inventory = fresh_lab.inventory()
    name = _first_node(inventory)
    fresh_lab.faults.slow(name, 3.0)
    pool = SSHPool()
    try:
        with pytest.raises(CommandTimeout) as info:
            await pool.run(_target(inventory, name), UNAME, timeout=0.3)
    finally:
        await pool.close()
    assert "timed out after 0.3 s" in str(info.value)


async def test_batch_runs_commands_in_order_with_statuses(lab_inventory):
    pool = SSHPool()
    target = _target(lab_inventory, _first_node(lab_inventory))
    try:
        outputs = await run_batch(pool, target, [UNAME, NOSUCH, Command(("echo", "a b"))])
    finally:
        await pool.close()
    assert [o.exit_status for o in outputs] == [0, 127, 0]
    assert outputs[0].output.startswith("SunOS ")
    assert "not found" in outputs[1].output
    assert outputs[2].output == "a b\n"


def test_split_batch_rejects_missing_frames():
    batch = Batch((UNAME, Command(("hostname",))), "abc0abc0")
    assert shell_text(batch).count("@@abc0abc0:B:") == 2
    good = "@@abc0abc0:B:0\nSunOS x\n@@abc0abc0:E:0:0\n@@abc0abc0:B:1\nx\n@@abc0abc0:E:1:0\n"
    assert [o.output for o in split_batch(batch, good)] == ["SunOS x\n", "x\n"]
    with pytest.raises(BatchFramingError):
        split_batch(batch, "@@abc0abc0:B:0\nSunOS x\n@@abc0abc0:E:0:0\n")
    with pytest.raises(BatchFramingError):
        split_batch(batch, "@@abc0abc0:B:0\n@@abc0abc0:E:1:0\n")
