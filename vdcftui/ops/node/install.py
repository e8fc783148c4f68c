"""Installing a node (F-INS): from the OBP ``ok`` prompt through its system
controller's console, a network install of a build, then over SSH the node laid out
as its model's profile says, the management server's key, and, for a control domain,
its virtual services.

The plan reads the controller and the node first. A node that runs Solaris is taken
down to the ``ok`` prompt (``shutdown -i0``), one that is off is powered on; a node
that carries vServers or GDoms is refused (an install erases its disks). Then:

1. the console shows the ``ok`` prompt;
2. ``boot net - install`` (the Automated Installer on Solaris 11, JumpStart on 10),
   until the installed system's console login: the point of no return, past which a
   failure is completed forward (``job recover``), never rolled back;
3. first contact over SSH: the new host key is pinned, its fingerprint audited;
4. the root pool mirrored on the profile's second disk (``zpool attach``; Solaris 10:
   the JumpStart profile must have mirrored it, which is verified), and the build's
   SRU verified;
5. per network type of the profile (Solaris 11), its IPMP group (``ipadm
   create-ip``, ``create-ipmp``) or link aggregation (``dladm create-aggr``); the
   management network's group is left to the system configuration of the install,
   since its interface carries the address SSH uses;
6. the management server's SSH key in root's ``authorized_keys``;
7. with ``cdom``: the primary domain's vds, vsw and vcc.

The system configurations in effect for the node (F-CFG) are applied once it has been
discovered, by a second job (`config apply`, which reads the installed node first);
the plan names how many there are.

The install service (AI service or JumpStart server) is set up outside vdcftui: it
must serve the build to the node and reboot it at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vdcftui.display import counted
from vdcftui.ops.config.items import effective
from vdcftui.ops.jobs.effects import NodeInstalled
from vdcftui.ops.jobs.plan import Plan, Step, console_host
from vdcftui.ops.node.hosts import SSH_KEY_REF
from vdcftui.ops.node.layout import cdom_steps, network_notes, network_steps
from vdcftui.ops.node.power import POWER_ON_SECONDS, power_step, read_power
from vdcftui.ops.node.profiles import ModelProfile, profile_for
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import HostTarget, SSHPool, client_public_key
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import build_named, usable_node
from vdcftui.solaris import dialogue
from vdcftui.solaris.cmd.command import Input
from vdcftui.solaris.cmd.files import file_digest, list_paths, make_dirs, write_file
from vdcftui.solaris.cmd.storage import zpool_attach, zpool_status
from vdcftui.solaris.cmd.system import pkg_info_entire, shutdown_node, uname_a

FIRST_CONTACT_SECONDS = 600.0
"""From the console login until the new system's SSH server answers."""
RESILVER_SECONDS = 3600.0
"""How long the root pool's mirror may take to come online."""
VERIFY_SECONDS = 30.0


async def plan_install(
    name: str,
    build_name: str,
    cdom: bool,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    credentials: CredentialStore | None,
) -> Plan:
    """The plan to install node ``name`` with build ``build_name`` (as a control
    domain with ``cdom``), after reading its controller and its SSH."""
    node = usable_node(name)
    build = build_named(build_name)
    _refuse_static(node, cdom, build)
    profile = profile_for(node.model)
    key = _management_key(credentials)
    reading = await read_power(node.name, pool, target_for)
    solaris10 = build.os_version == "10"
    steps: list[Step] = []
    checks = [
        f"build {build.name}: Solaris {build.os_version}"
        + (f" SRU {build.os_update}" if build.os_update else ""),
        f"profile of {profile.model}: root pool on {profile.root_disk}, "
        f"mirrored on {profile.root_mirror}",
        f"{reading.controller} says power {reading.power or 'unknown'} ({reading.said.strip()})",
    ]
    if reading.answers:
        checks.append(f"{node.name} runs Solaris and carries nothing: it is taken down")
        steps.append(
            Step(
                node.name,
                shutdown_node("halt"),
                f"take {node.name}'s Solaris down to the ok prompt (run state 0)",
            )
        )
    elif reading.power == "off":
        steps.append(power_step(node, "on", False, POWER_ON_SECONDS))
    elif reading.power != "on":
        raise PrecheckFailed(
            f"cannot install {node.name}: {reading.controller} does not say whether it is "
            f"on or off ({reading.said})"
        )
    steps += _console_steps(node.name, solaris10, halting=reading.answers)
    steps += _first_steps(node.name, profile, build, solaris10)
    if not solaris10:
        steps += network_steps(node.name, profile)
        checks += network_notes(profile)
    else:
        checks.append("Solaris 10: the networks' groups are the JumpStart finish script's")
    steps += _key_steps(node.name, key, solaris10)
    checks.append(_configurations_note(node))
    if cdom:
        steps += cdom_steps(node.name, profile)
    return Plan(
        operation="install",
        object_type="node",
        object_name=node.name,
        steps=tuple(steps),
        prechecks=tuple(checks),
        locks=(("node", node.name),),
        effects=(
            NodeInstalled(node.name, build.name, "" if solaris10 else str(build.os_update), cdom),
        ),
    )


def _refuse_static(node: m.Node, cdom: bool, build: m.Build) -> None:
    """What the repository alone refuses."""
    if node.kind == "gdom":
        raise PrecheckFailed(
            f"{node.name} is a guest domain: it is installed from its control domain, "
            "not from an OBP of its own"
        )
    if node.arch not in (None, "sparc"):
        raise PrecheckFailed(
            f"{node.name} is an x86 server ({node.arch}): vdcftui installs SPARC servers "
            "from their OBP (boot net - install)"
        )
    if node.fenced:
        raise PrecheckFailed(f"{node.name} is fenced ({node.fence_reason})")
    if node.sc is None:
        raise PrecheckFailed(
            f"cannot install {node.name}: it has no system controller in the repository, "
            f"which powers it and gives its console (vdcftui node add ... --sc TYPE:HOST)"
        )
    carried = [v.name for v in node.vservers.order_by(m.VServer.name)]
    carried += [
        f"GDom {g.name}" for g in m.GDom.select().where(m.GDom.cdom == node).order_by(m.GDom.name)
    ]
    if carried:
        raise PrecheckFailed(
            f"cannot install {node.name}: it carries {', '.join(carried)}, which an install "
            f"erases (evacuate it first: vdcftui node evacuate {node.name})"
        )
    if cdom and build.os_version == "10":
        raise PrecheckFailed(
            f"build {build.name} is Solaris 10: vdcftui sets up control domains on Solaris 11"
        )


def _management_key(credentials: CredentialStore | None) -> str:
    """The public key of the management server's SSH client key."""
    path = credentials.get(SSH_KEY_REF) if credentials is not None else None
    if not path:
        raise PrecheckFailed(
            f"the management server has no SSH client key in its credentials file "
            f"({SSH_KEY_REF}): a node it installs would not let it in"
        )
    return client_public_key(path)


def _console_steps(node: str, solaris10: bool, halting: bool) -> list[Step]:
    """The ``ok`` prompt (``halting``: of a node going down to it), then the network
    install to the installed system's login."""
    host = console_host(node)
    probe = dialogue.probe(node)
    installer = "JumpStart" if solaris10 else "the Automated Installer"
    return [
        Step(
            host,
            dialogue.to_ok_prompt(node, halting),
            f"wait on {node}'s console for the OBP ok prompt",
            check=probe,
            done_if=dialogue.OK_PROMPT,
        ),
        Step(
            host,
            dialogue.boot_net_install(node, solaris10),
            f"boot {node} from the network into {installer} (boot net - install), "
            "until the installed system shows its console login",
            check=probe,
            done_if=dialogue.LOGIN_PROMPT,
            commits=True,
        ),
    ]


def _first_steps(node: str, profile: ModelProfile, build: m.Build, solaris10: bool) -> list[Step]:
    """First contact, the root pool's mirror, the build's level."""
    mirror = (
        rf"(?s)mirror-\d+\s+ONLINE.*\n\s+{re.escape(profile.root_disk)}\S*\s+ONLINE.*"
        rf"\n\s+{re.escape(profile.root_mirror)}\S*\s+ONLINE"
    )
    steps = [
        Step(
            node,
            uname_a(),
            f"first contact with the new system of {node}: pin the host key it presents",
            settle=FIRST_CONTACT_SECONDS,
            awaits_host=True,
            reads=True,
            first_contact=True,
        ),
    ]
    if solaris10:
        steps.append(
            Step(
                node,
                zpool_status("rpool"),
                f"verify: rpool is a mirror of {profile.root_disk} and {profile.root_mirror} "
                "(the JumpStart profile's)",
                check=zpool_status("rpool"),
                done_if=mirror,
                settle=VERIFY_SECONDS,
            )
        )
        level = str(build.os_update)
        steps.append(
            Step(
                node,
                uname_a(),
                f"verify: {node} runs kernel patch {level} of build {build.name}",
                check=uname_a(),
                done_if=rf"\bGeneric_{re.escape(level)}\b",
                fails_if=r"\bGeneric_",
                settle=VERIFY_SECONDS,
            )
        )
        return steps
    steps.append(
        Step(
            node,
            zpool_attach("rpool", profile.root_disk, profile.root_mirror),
            f"mirror the root pool on {profile.root_mirror} (attached to {profile.root_disk})",
            check=zpool_status("rpool"),
            done_if=mirror,
            settle=RESILVER_SECONDS,
        )
    )
    sru = str(build.os_update)
    steps.append(
        Step(
            node,
            pkg_info_entire(),
            f"verify: {node} runs SRU {sru} of build {build.name}",
            check=pkg_info_entire(),
            done_if=rf"(?m)^\s*Version: .*\(Oracle Solaris {re.escape(sru)}\)\s*$",
            fails_if=r"(?m)^\s*Version: ",
            settle=VERIFY_SECONDS,
        )
    )
    return steps


def _key_steps(node: str, key: str, solaris10: bool) -> list[Step]:
    """The management server's key in root's authorized_keys."""
    directory = "/.ssh" if solaris10 else "/root/.ssh"
    keys = f"{directory}/authorized_keys"
    return [
        Step(
            node,
            make_dirs(directory),
            f"root's SSH directory {directory}",
            check=list_paths(directory),
            done_if=rf"(?m)^{re.escape(directory)}$",
            absent_status=2,
        ),
        Step(
            node,
            write_file(keys, 0o600, Input(text=key + "\n")),
            f"the management server's SSH key in {keys} (0600)",
            check=file_digest(keys),
            done_if_digest=True,
            absent_status=2,
        ),
    ]


def _configurations_note(node: m.Node) -> str:
    """What the plan says of the node's system configurations."""
    items = len(effective(node).items)
    if not items:
        return "system configurations: none in effect for this node (vdcftui config set)"
    return (
        f"system configurations: {counted(items, 'item')} in effect, applied once the node "
        "is discovered (a second job: vdcftui config apply)"
    )
