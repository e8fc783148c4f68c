"""Installing and removing a node's keep-alive agent (F-MHA): its script, its
configuration and secret, and its SMF service, as one job.

The planner reads the node first (``svcs`` of the service, ``ls -d`` of the agent's
directories), so that the plan undoes only what it makes:

- On a node without the agent, every step has its undo: a rollback deletes the
  service and removes the files and the directories the job created.
- On a node that has it (installing again updates it), the service is disabled first
  and enabled again after the files are rewritten, so the agent starts with the new
  ones. The files are not restored on a rollback (the previous agent's content is not
  kept): a rollback leaves the new files and puts the service back as it was.

Every file is written whole with its mode (:func:`~vdcftui.solaris.cmd.files.write_file`)
and judged by its digest; the secret is a reference (``ha:keepalive``) the engine
resolves when it runs the step. The last step reads the service's state back: the job
succeeds only when SMF says online.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.ha import agent as files
from vdcftui.ops.ha.config import HaSettings
from vdcftui.ops.ha.keepalive import SECRET_REF, shared_secret
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import usable_node
from vdcftui.solaris.cmd.command import Input
from vdcftui.solaris.cmd.files import (
    file_digest,
    list_paths,
    make_dirs,
    remove_dirs,
    remove_files,
    write_file,
)
from vdcftui.solaris.cmd.smf import svcadm, svccfg_delete, svccfg_import, svcs_state

DIRECTORIES = ("/opt/vdcftui", "/opt/vdcftui/bin", "/etc/vdcftui")
"""The agent's directories, parents first."""
ONLINE_SECONDS = 60.0
"""How long the service may take to come online after it is enabled."""
SVCS_ABSENT = 1
"""`svcs` of an instance the repository does not have exits 1."""
LS_ABSENT = 2
"""`ls -d` and `digest` of a path that does not exist exit 2."""
_STATE = r"^(online|offline|degraded|maintenance|disabled|uninitialized)$"


@dataclass(frozen=True)
class AgentReading:
    """What the node shows of its agent before the plan is made."""

    state: str | None
    """The service instance's state, None when SMF does not know it."""
    directories: tuple[str, ...]
    """The agent's directories that exist already."""


def _eligible(name: str) -> m.Node:
    """The node, refused unless it is up, not fenced, and has an address."""
    node = usable_node(name)
    if node.fenced:
        raise PrecheckFailed(f"{node.name} is fenced ({node.fence_reason}): nothing is installed")
    if node.state != "up" or node.power_state == "off":
        raise PrecheckFailed(
            f"{node.name} is {node.state} (power {node.power_state or 'not read'}): "
            "it must be up (vdcftui node boot, then node discover)"
        )
    if not node.address:
        raise PrecheckFailed(f"{node.name} has no address to reach it over SSH")
    return node


async def read_agent(
    node: m.Node, pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> AgentReading:
    """Ask the node for its agent's service state and which of its directories exist."""
    target = target_for(node.name)
    try:
        service = await pool.run(target, svcs_state(files.INSTANCE))
        listed = await pool.run(target, list_paths(*DIRECTORIES))
    except OperatorError as exc:
        raise PrecheckFailed(f"cannot read {node.name}: {exc}") from None
    if service.exit_status not in (0, SVCS_ABSENT) or listed.exit_status not in (0, LS_ABSENT):
        said = (service.stderr or listed.stderr).strip() or "no output"
        raise PrecheckFailed(f"cannot read {node.name}'s services and directories: {said}")
    state = service.stdout.strip() if service.ok else None
    present = tuple(p for p in DIRECTORIES if p in listed.stdout.split())
    return AgentReading(state or None, present)


def _write(node: str, path: str, mode: int, content: Input, what: str, fresh: bool) -> Step:
    return Step(
        node,
        write_file(path, mode, content),
        f"write {what} to {path} (mode {mode:04o})",
        undo=remove_files(path) if fresh else None,
        check=file_digest(path),
        absent_status=LS_ABSENT,
        done_if_digest=True,
    )


def _service_step(node: str, verb: str, undo: str | None, why: str) -> Step:
    """``svcadm enable|disable -s``; ``undo`` the opposite verb, or none."""
    return Step(
        node,
        svcadm(verb, files.INSTANCE),
        why,
        undo=svcadm(undo, files.INSTANCE) if undo else None,
        check=svcs_state(files.INSTANCE),
        done_if=r"^online$" if verb == "enable" else r"^disabled$",
        absent_status=SVCS_ABSENT,
    )


async def plan_agent_install(
    name: str,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    settings: HaSettings,
) -> Plan:
    """The plan to install (or update) the keep-alive agent on a node: directories,
    script, configuration, secret, manifest, ``svccfg import``, enable, read back."""
    node = _eligible(name)
    engine = settings.agent_target
    if engine is None:
        raise PrecheckFailed(
            f"the engine listens on every address (ha.listen = {settings.listen}): say where "
            'the nodes reach it in settings.toml, [ha] advertise = "ADDRESS:PORT"'
        )
    reading = await read_agent(node, pool, target_for)
    fresh = reading.state is None
    host = node.name
    steps: list[Step] = []
    if not fresh and reading.state != "disabled":
        steps.append(
            _service_step(host, "disable", "enable", "stop the agent while its files change")
        )
    created = [d for d in DIRECTORIES if d not in reading.directories]
    steps.append(
        Step(
            host,
            make_dirs(DIRECTORIES[1], DIRECTORIES[2]),
            f"make the agent's directories ({', '.join(DIRECTORIES[1:])})",
            undo=remove_dirs(*reversed(created)) if created else None,
            check=list_paths(*DIRECTORIES[1:]),
            done_if=r"^/etc/vdcftui\n/opt/vdcftui/bin$",  # ls sorts its operands
            absent_status=LS_ABSENT,
        )
    )
    conf = files.configuration(engine, settings.keepalive_interval, host)
    steps += [
        _write(host, files.SCRIPT_PATH, 0o755, Input(files.script()), "the agent script", fresh),
        _write(host, files.CONF_PATH, 0o644, Input(conf), f"its configuration ({engine})", fresh),
        _write(host, files.SECRET_PATH, 0o600, Input(secret=SECRET_REF), "the secret", fresh),
        _write(host, files.MANIFEST_PATH, 0o444, Input(files.manifest()), "its manifest", fresh),
        Step(
            host,
            svccfg_import(files.MANIFEST_PATH),
            f"import the manifest into SMF ({files.SERVICE})",
            undo=svccfg_delete(files.SERVICE) if fresh else None,
            check=svcs_state(files.INSTANCE),
            done_if=_STATE,
            absent_status=SVCS_ABSENT,
        ),
        _service_step(
            host,
            "enable",
            "disable" if fresh or reading.state == "disabled" else None,
            "enable the agent and wait until it runs",
        ),
        Step(
            host,
            svcs_state(files.INSTANCE),
            "read the service back: it must be online",
            check=svcs_state(files.INSTANCE),
            done_if=r"^online$",
            absent_status=SVCS_ABSENT,
            settle=ONLINE_SECONDS,
        ),
    ]
    was = "not installed" if fresh else f"installed, {reading.state}: it is updated"
    return Plan(
        operation="agent install",
        object_type="node",
        object_name=host,
        steps=tuple(steps),
        prechecks=(
            f"{host} is up (power {node.power_state or 'not read'}), not fenced, at {node.address}",
            f"the agent is {was}",
            f"agents send to {engine} every {settings.keepalive_interval:g} s",
        ),
        locks=(("node", host),),
    )


async def plan_agent_remove(
    name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> Plan:
    """The plan to remove the agent: delete its service (SMF stops it), then its files.
    Refused while the node's pool has failover enabled (the node would go silent)."""
    node = _eligible(name)
    if node.pool is not None and node.pool.ha_enabled:
        raise PrecheckFailed(
            f"{node.name}'s pool {node.pool.name} has failover enabled: without its agent "
            f"the node would look silent (vdcftui ha disable {node.pool.name} first)"
        )
    reading = await read_agent(node, pool, target_for)
    if reading.state is None:
        raise PrecheckFailed(
            f"the agent is not installed on {node.name} (SMF has no {files.SERVICE})"
        )
    host = node.name
    paths = (files.MANIFEST_PATH, files.SCRIPT_PATH, files.CONF_PATH, files.SECRET_PATH)
    steps = (
        Step(
            host,
            svccfg_delete(files.SERVICE),
            f"delete {files.SERVICE} from SMF (it stops)",
            undo=svccfg_import(files.MANIFEST_PATH),
            check=svcs_state(files.INSTANCE),
            done_unless=r"\S",
            absent_status=SVCS_ABSENT,
        ),
        Step(
            host,
            remove_files(*paths),
            "remove the agent's files (its directories stay)",
            check=list_paths(*paths),
            done_unless=r"\S",
            absent_status=LS_ABSENT,
        ),
    )
    return Plan(
        operation="agent remove",
        object_type="node",
        object_name=host,
        steps=steps,
        prechecks=(
            f"{host} is up, not fenced, at {node.address}",
            f"the agent is installed ({reading.state})",
        ),
        locks=(("node", host),),
    )


def ensure_secret(session: Session, credentials: CredentialStore) -> None:
    """Make the keep-alive secret of the credentials file if there is none yet (before
    an install is submitted: the engine reads it when it writes the node's copy)."""
    session.require_writable("make the keep-alive secret")
    shared_secret(credentials, create=True)
