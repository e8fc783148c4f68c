"""Every command the product sends to a host, as its builder in ``vdcftui/solaris/cmd/``
makes it, is one the lab answers over real SSH; and for each, the lab's answer format is
backed by a real capture or a document, or the lab handler says it is unverified.

A builder added without a sample here fails :func:`test_every_builder_has_a_sample`;
a sample whose command the lab does not know fails :func:`test_the_lab_answers_every_builder`.
The table of backing sources is ``tests/fixtures/lab-answers.md``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import asyncssh

import vdcftui.solaris.cmd as cmd_package
from vdcftui.lab.runner import Lab
from vdcftui.lab.state import INTERNAL_DISKS
from vdcftui.ops.vserver.sysconfig import Identity, VServerSettings, sc_profile
from vdcftui.solaris.cmd import (
    dns,
    files,
    ldm,
    monitor,
    network,
    patch,
    smf,
    software,
    storage,
    system,
    users,
    zones,
)
from vdcftui.solaris.cmd.command import Command, Input
from vdcftui.solaris.users import User

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TABLE = FIXTURES / "lab-answers.md"
TIMEOUT = 30

NOT_HOST_BUILDERS = {"command": "the Command type itself"}
OUT_OF_SCOPE = {"controllers": "system-controller commands, answered by lab/controllers/"}

# free SAN LUNs of the default lab that node03 sees (no pool on them)
LUN_A = "600A0B800011382800000A0B84D10001"
LUN_B = "600A0B800011382800000A0B84D10002"
LUN_C = "600A0B800011382800000A0B84D10003"
NEW_ZONE = zones.ZoneDefinition(
    brand="solaris",
    zonepath="/audpool/aud01",
    ip_type="exclusive",
    networks=(zones.ZoneNetwork("net0", "net1"),),
    lofs=(("/data", "/audpool/data"),),
    datasets=("audpool/data",),
)
PASSWORD_FILE = "/etc/opt/vdcftui/ldm-target.pw"
NEW_SRU = "11.4.51.132.1"
PROFILE = "/var/tmp/aud02-sc-profile.xml"
AGENT = "svc:/site/vdcf-keepalive:default"
# the agent's configuration, as an install leaves it, for the agent to start with
AGENT_CONF = (
    "echo 'engine = 127.0.0.1:7470' > /etc/vdcftui/keepalive.conf; "
    "echo 5e5e > /etc/vdcftui/keepalive.secret"
)
STAGED_OUTPUT = "/var/tmp/vdcftui-su/151001-01.out"
SSH = "svc:/network/ssh:default"
USER = User(1001, 10, "/export/home/alice", "/usr/bin/bash")


@dataclass(frozen=True)
class Sample:
    """One command as a builder makes it, the node it runs on, and its form: the
    command with its values named, as the table lists it."""

    form: str
    host: str
    builder: Callable[..., Command]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def command(self) -> Command:
        """The command the builder makes of the sample values."""
        return self.builder(*self.args, **self.kwargs)


S = Sample
# In the order they run: each one finds the state the earlier ones left.
SAMPLES: tuple[Sample, ...] = (
    # discovery's probes (ops/discovery/facts.py PROBE_COMMANDS)
    S("uname -a", "node03", system.uname_a),
    S("cat /etc/release", "node03", system.release),
    S("virtinfo -ap", "cdom01", system.virtinfo),
    S("psrinfo -pv", "node03", system.psrinfo),
    S("prtdiag", "node03", system.prtdiag),
    S("kstat -p unix:0:system_misc:boot_time", "node03", system.boot_time),
    S(
        "dladm show-link -p -o FIELDS",
        "node03",
        system.dladm_show,
        ("show-link", ("link", "class", "state", "over")),
    ),
    S(
        "dladm show-phys -p -o FIELDS",
        "node03",
        system.dladm_show,
        ("show-phys", ("link", "media", "state", "speed", "device")),
    ),
    S(
        "dladm show-aggr -p -o FIELDS",
        "cdom01",
        system.dladm_show,
        ("show-aggr", ("link", "policy", "addrpolicy", "lacpactivity", "lacptimer")),
    ),
    S(
        "dladm show-vnic -p -o FIELDS",
        "node03",
        system.dladm_show,
        ("show-vnic", ("link", "over", "macaddress")),
    ),
    S(
        "ipadm show-addr -p -o FIELDS",
        "node03",
        system.ipadm_show_addr,
        (("addrobj", "type", "state", "addr"),),
    ),
    S("ifconfig -a", "node04", system.ifconfig_all),
    S("pkg info entire", "node03", system.pkg_info_entire),
    S("showrev -p", "node04", system.showrev_patches),
    S("format </dev/null", "node03", storage.format_disks),
    S("mpathadm list lu", "node03", storage.mpathadm_list_lu),
    S("zpool list -H -o FIELDS", "node03", storage.zpool_list, (("name", "size", "alloc"),)),
    S("zpool status", "node03", storage.zpool_status),
    S(
        "zfs list -H -o FIELDS -t filesystem",
        "node03",
        storage.zfs_list,
        (("name", "used", "avail", "quota", "mountpoint"),),
        {"types": ("filesystem",)},
    ),
    S("zoneadm list -cp", "node03", zones.zoneadm_list),
    S("zonecfg -z ZONE export", "node03", zones.zonecfg_export, ("web01",)),
    S("ldm list -l -p", "cdom01", ldm.ldm_list, (), {"long": True}),
    # the monitoring collectors' batch (ops/monitor/batch.py)
    S("LC_ALL=C pagesize", "node03", monitor.pagesize),
    S("LC_ALL=C kstat -p STATISTICS", "node03", monitor.kstat_node),
    S("LC_ALL=C prstat -Z -n 1,8192 1 1", "node03", monitor.prstat_zones),
    S("LC_ALL=C zfs list -H -p -o FIELDS -t filesystem", "node03", monitor.zfs_usage),
    S("LC_ALL=C df -k", "node03", monitor.df_k),
    S("LC_ALL=C swap -s", "node03", monitor.swap_s),
    S("LC_ALL=C svcs -x", "node03", monitor.svcs_x),
    S("LC_ALL=C fmadm faulty", "node03", monitor.fmadm_faulty),
    # storage of a new vServer
    S("zpool create POOL DEVICE", "node03", storage.zpool_create, ("audpool", [LUN_A])),
    S(
        "zpool create POOL mirror DEVICE...",
        "node03",
        storage.zpool_create,
        ("audm", [LUN_B, LUN_C], "mirror"),
    ),
    S("zpool destroy POOL", "node03", storage.zpool_destroy, ("audm",)),
    S(
        "zfs create -o mountpoint=PATH -o quota=SIZE FS",
        "node03",
        storage.zfs_create,
        ("audpool/data",),
        {"mountpoint": "/audpool/data", "quota": "2G"},
    ),
    S("zfs set quota=SIZE FS", "node03", storage.zfs_set_quota, ("audpool/data", "4G")),
    S("zfs set mountpoint=PATH FS", "node03", storage.zfs_set_mountpoint, ("audpool/data", "/aud")),
    S("zfs rename OLD NEW", "node03", storage.zfs_rename, ("audpool/data", "audpool/data2")),
    S(
        "zfs list -H -o FIELDS -r DATASET",
        "node03",
        storage.zfs_list,
        (("name", "mountpoint"),),
        {"dataset": "audpool", "recursive": True},
    ),
    S("zfs destroy -r FS", "node03", storage.zfs_destroy, ("audpool/data2",), {"recursive": True}),
    S("zfs create FS", "node03", storage.zfs_create, ("audpool/data",)),
    S("zfs create FS", "node03", storage.zfs_create, ("audpool/aud01",)),
    # a new zone, its life cycle, and its removal
    S(
        "zonecfg -z ZONE 'create -b; set ...; add ...; end'",
        "node03",
        zones.zonecfg_script,
        ("aud01", zones.zone_definition_script(NEW_ZONE)),
    ),
    S("zoneadm -z ZONE verify", "node03", zones.zoneadm, ("aud01", "verify")),
    S("zoneadm -z ZONE install", "node03", zones.zoneadm, ("aud01", "install")),
    S("zoneadm -z ZONE ready", "node03", zones.zoneadm, ("aud01", "ready")),
    S("zoneadm -z ZONE boot", "node03", zones.zoneadm, ("aud01", "boot")),
    S("zlogin ZONE ipadm create-ip LINK", "node03", zones.zone_ip_interface, ("aud01", "net5")),
    S(
        "zlogin ZONE ipadm create-addr -T static -a ADDRESS/PREFIX LINK/v4",
        "node03",
        zones.zone_static_address,
        ("aud01", "net5", "10.30.0.5", 24),
    ),
    S("zlogin ZONE ipadm show-addr -p -o addrobj,addr", "node03", zones.zone_addresses, ("aud01",)),
    S(
        "zoneadm -z ZONE install -c PROFILE",
        "node03",
        zones.zoneadm_install_profile,
        ("aud02", PROFILE),
    ),
    S("zoneadm -z ZONE reboot", "node03", zones.zoneadm, ("aud01", "reboot")),
    S(
        "zonecfg -z ZONE -r 'SUBCOMMANDS'",
        "node03",
        zones.zonecfg_script,
        ("aud01", ["add fs", "set dir=/extra", "set special=/audpool/x", "set type=lofs", "end"]),
        {"live": True},
    ),
    S("zonecfg -z ZONE -r export", "node03", zones.zonecfg_export, ("aud01",), {"live": True}),
    S(
        "prctl -n zone.cpu-shares -v SHARES -r -i zone ZONE",
        "node03",
        zones.prctl_set_shares,
        ("web01", 20),
    ),
    S("prctl -n zone.cpu-shares -P -i zone ZONE", "node03", zones.prctl_shares, ("web01",)),
    S("zoneadm -z ZONE shutdown -r", "node03", zones.zoneadm, ("aud01", "shutdown", "-r")),
    S("zoneadm -z ZONE shutdown", "node03", zones.zone_stop, ("aud01", False)),
    S("zoneadm -z ZONE detach -n", "node03", zones.zoneadm, ("aud01", "detach", "-n")),
    S("zoneadm -z ZONE detach", "node03", zones.zoneadm, ("aud01", "detach")),
    S("zpool export POOL", "node03", storage.zpool_export, ("audpool",)),
    S("zpool import POOL", "node03", storage.zpool_import, ("audpool",)),
    S("zoneadm -z ZONE attach -u", "node03", zones.zoneadm, ("aud01", "attach", "-u")),
    S("zoneadm -z ZONE uninstall -F", "node03", zones.zoneadm, ("aud01", "uninstall", "-F")),
    S("zonecfg -z ZONE delete -F", "node03", zones.zonecfg_delete, ("aud01",)),
    S("zpool export POOL", "node03", storage.zpool_export, ("audpool",)),
    S("zpool import -f POOL", "node03", storage.zpool_import, ("audpool",), {"force": True}),
    S("zoneadm -z ZONE halt", "node04", zones.zone_stop, ("app01", True)),
    S("zoneadm -z ZONE detach", "node04", zones.zoneadm, ("app02", "detach")),
    S("zoneadm -z ZONE attach", "node04", zones.zoneadm, ("app02", "attach")),
    # LDoms on a control domain
    S("ldm list -p", "cdom01", ldm.ldm_list),
    S("ldm list -p DOMAIN", "cdom01", ldm.ldm_list, ("gdom01",)),
    S("ldm list-services -p", "cdom01", ldm.ldm_list_services),
    S("ldm list-constraints -x DOMAIN", "cdom01", ldm.ldm_list_constraints_xml, ("gdom01",)),
    S("ldm add-domain DOMAIN", "cdom01", ldm.ldm_domain, ("add-domain", "aud1")),
    S("ldm set-vcpu NUMBER DOMAIN", "cdom01", ldm.ldm_set_vcpu, (8, "aud1")),
    S("ldm set-memory SIZEM DOMAIN", "cdom01", ldm.ldm_set_memory, (4096, "aud1")),
    S(
        "ldm add-vdsdev BACKEND VOLUME@VDS",
        "cdom01",
        ldm.ldm_add_vdsdev,
        ("/dev/zvol/dsk/ldoms/aud1-root", "aud1-root", "primary-vds0"),
    ),
    S(
        "ldm add-vdisk DISK VOLUME@VDS DOMAIN",
        "cdom01",
        ldm.ldm_add_vdisk,
        ("rootdisk", "aud1-root", "primary-vds0", "aud1"),
    ),
    S(
        "ldm add-vnet VNET VSW DOMAIN",
        "cdom01",
        ldm.ldm_add_vnet,
        ("vnet0", "primary-vsw0", "aud1"),
    ),
    S("ldm bind-domain DOMAIN", "cdom01", ldm.ldm_domain, ("bind-domain", "aud1")),
    S("ldm start-domain DOMAIN", "cdom01", ldm.ldm_domain, ("start-domain", "aud1")),
    S("ldm stop-domain -f DOMAIN", "cdom01", ldm.ldm_domain, ("stop-domain", "aud1", "-f")),
    S("ldm unbind-domain DOMAIN", "cdom01", ldm.ldm_domain, ("unbind-domain", "aud1")),
    S("ldm rm-vnet VNET DOMAIN", "cdom01", ldm.ldm_rm_vnet, ("vnet0", "aud1")),
    S("ldm rm-vdisk DISK DOMAIN", "cdom01", ldm.ldm_rm_vdisk, ("rootdisk", "aud1")),
    S("ldm rm-vdsdev VOLUME@VDS", "cdom01", ldm.ldm_rm_vdsdev, ("aud1-root", "primary-vds0")),
    S("ldm remove-domain DOMAIN", "cdom01", ldm.ldm_domain, ("remove-domain", "aud1")),
    S(
        "ldm add-vdsdev BACKEND VOLUME@VDS",
        "cdom01",
        ldm.ldm_add_vdsdev,
        ("/dev/zvol/dsk/ldoms/gdom04-root", "gdom04-root", "primary-vds0"),
    ),
    S(
        "ldm migrate-domain -n -p FILE DOMAIN USER@TARGET",
        "cdom02",
        ldm.ldm_migrate,
        ("gdom04", "cdom01", PASSWORD_FILE),
        {"dry_run": True},
    ),
    S(
        "ldm migrate-domain -p FILE DOMAIN USER@TARGET",
        "cdom02",
        ldm.ldm_migrate,
        ("gdom04", "cdom01", PASSWORD_FILE),
    ),
    # a Solaris 11 upgrade's pre-checks, its new boot environment and a rollback's
    S("beadm list -H", "node08", software.beadm_list),
    S("zpool list -H -o name,free rpool", "node08", software.root_pool_free),
    S(
        "pkg update -nv -g ORIGIN entire@VERSION",
        "node08",
        software.pkg_update_dry_run,
        (NEW_SRU, "http://pkg.example.com/solaris/"),
    ),
    S(
        "pkg update --accept --be-name BE --no-be-activate entire@VERSION",
        "node08",
        software.pkg_update,
        (NEW_SRU, "sru51"),
    ),
    S("beadm activate BE", "node08", software.beadm_activate, ("sru51",)),
    S("beadm activate BE", "node08", software.beadm_activate, ("solaris",)),
    S("beadm destroy -F BE", "node08", software.beadm_destroy, ("sru51",)),
    # the keep-alive agent's files and service (ops/node/agent.py)
    S("svcs -H -o state FMRI", "node03", smf.svcs_state, (AGENT,)),
    S("ls -d PATH...", "node03", files.list_paths, ("/opt/vdcftui", "/etc/vdcftui")),
    S("mkdir -p DIR...", "node03", files.make_dirs, ("/opt/vdcftui/x", "/etc/vdcftui/x")),
    S(
        "perl -e PROGRAM MODE FILE",
        "node03",
        files.write_file,
        ("/etc/vdcftui/x/sample", 0o600, Input("sample\n")),
    ),
    S("digest -a sha256 FILE", "node03", files.file_digest, ("/etc/vdcftui/x/sample",)),
    S("rm -f FILE...", "node03", files.remove_files, ("/etc/vdcftui/x/sample",)),
    S("rmdir DIR...", "node03", files.remove_dirs, ("/etc/vdcftui/x", "/opt/vdcftui/x")),
    S("svcadm disable -s FMRI", "node03", smf.svcadm, ("disable", AGENT)),
    S("svccfg delete -f SERVICE", "node03", smf.svccfg_delete, ("svc:/site/vdcf-keepalive",)),
    S(
        "svccfg import FILE",
        "node03",
        smf.svccfg_import,
        ("/var/svc/manifest/site/vdcf-keepalive.xml",),
    ),
    S("svcadm enable -s FMRI", "node03", smf.svcadm, ("enable", AGENT)),
    # system configurations (ops/config/), on node05 (Solaris 11.3)
    S("getent passwd LOGIN", "node05", users.getent_passwd, ("root",)),
    S("useradd -u UID -g GID -d HOME -s SHELL LOGIN", "node05", users.useradd, ("alice", USER)),
    S(
        "usermod -u UID -g GID -d HOME -s SHELL LOGIN",
        "node05",
        users.usermod,
        ("alice", replace(USER, shell="/usr/bin/ksh")),
    ),
    S("chown UID:GID PATH...", "node05", files.change_owner, (1001, 10, "/export/home")),
    S("ls -ldn PATH", "node05", files.numeric_listing, ("/export/home",)),
    S("userdel LOGIN", "node05", users.userdel, ("alice",)),
    S("cat FILE", "node05", files.read_file, ("/etc/system",)),
    S(
        "sh -c 'svccfg -s svc:/network/dns/client setprop config/nameserver = net_address: "
        "(ADDRESS...) && svcadm refresh svc:/network/dns/client:default'",
        "node05",
        dns.set_dns_client,
        ("nameservers", "10.1.1.1,10.1.1.2"),
    ),
    S(
        "sh -c 'svccfg -s svc:/network/dns/client delprop config/search && svcadm refresh "
        "svc:/network/dns/client:default'",
        "node05",
        dns.unset_dns_client,
        ("search",),
    ),
    S("svcprop -p config svc:/network/dns/client:default", "node05", dns.dns_client_config),
    S(
        "sh -c 'svccfg -s FMRI setprop PG/PROP = TYPE: VALUE && svcadm refresh FMRI'",
        "node05",
        smf.setprop_refresh,
        (SSH, "config/x11_forwarding", "boolean", ("false",), SSH),
    ),
    S("svcprop -p PG/PROP FMRI", "node05", smf.svcprop, ("config/x11_forwarding", SSH)),
    S(
        "sh -c 'svccfg -s FMRI delprop PG/PROP && svcadm refresh FMRI'",
        "node05",
        smf.delprop_refresh,
        (SSH, "config/x11_forwarding", SSH),
    ),
    S("svcadm restart FMRI", "node05", smf.svcadm_restart, ("svc:/network/ntp:default",)),
    # Solaris 10 patching (ops/patch/steps.py), on node04; init S last (node04 then
    # stays at run level S: nothing is armed); the output the run level S script leaves
    # is provisioned on node07
    S("patchadd DIR/ID", "node04", patch.patchadd, ("/var/tmp/patches", "151000-02")),
    S("mkdir -p STAGE", "node04", patch.make_stage),
    S("ls -d STAGE", "node04", patch.show_stage),
    S("cp -r DIR/ID STAGE/ID", "node04", patch.stage_patch, ("/var/tmp/patches", "151001-01")),
    S("ls STAGE", "node04", patch.list_stage),
    S("rm -r STAGE/ID", "node04", patch.unstage_patch, ("151001-01",)),
    S("cat STAGE/ID.out", "node07", patch.staged_output, ("151001-01",)),
    S(
        "cp DIR/vdcf-patch-su /etc/rcS.d/S99vdcfpatch",
        "node04",
        patch.arm_single_user,
        ("/var/tmp/patches",),
    ),
    S("ls /etc/rcS.d", "node04", patch.list_rcs),
    S("rm -f /etc/rcS.d/S99vdcfpatch", "node04", patch.disarm_single_user),
    S("init S", "node04", patch.init_single_user),
    # a node's install (ops/node/install.py): the root pool's mirror, the networks'
    # groups, a control domain's services
    S("zpool status POOL", "node08", storage.zpool_status, ("rpool",)),
    S(
        "zpool attach -f POOL DEVICE NEW_DEVICE",
        "node08",
        storage.zpool_attach,
        ("rpool", *INTERNAL_DISKS),
    ),
    S("ipadm create-ip LINK", "node08", network.ipadm_create_ip, ("net1",)),
    S(
        "ipadm create-ipmp -i LINK,... IPMP",
        "node08",
        network.ipadm_create_ipmp,
        ("ipmp1", ["net1"]),
    ),
    S(
        "ipadm show-if -p -o FIELDS",
        "node08",
        network.ipadm_show_if,
        (("ifname", "class", "over"),),
    ),
    S(
        "dladm create-aggr -l LINK... AGGR",
        "cdom01",
        network.dladm_create_aggr,
        ("aggr9", ["net1"]),
    ),
    S("ldm add-vds VDS DOMAIN", "cdom01", ldm.ldm_add_vds, ("aud-vds0",)),
    S("ldm add-vsw net-dev=LINK VSW DOMAIN", "cdom01", ldm.ldm_add_vsw, ("aud-vsw0", "aggr9")),
    S(
        "ldm add-vcc port-range=FIRST-LAST VCC DOMAIN",
        "cdom01",
        ldm.ldm_add_vcc,
        ("aud-vcc0", 5200, 5300),
    ),
    # the node's own way down, last
    S("shutdown -y -g0 -i0", "node03", system.shutdown_node, ("halt",)),
    S("shutdown -y -g0 -i6", "node05", system.shutdown_node, ("reboot",)),
    S("shutdown -y -g0 -i5", "node06", system.shutdown_node, ("off",)),
    S("sh -c 'beadm activate BE && init 6'", "node08", software.boot_into, ("solaris",)),
)

CONSOLES: tuple[Sample, ...] = (
    S("zlogin -C ZONE", "node03", zones.zlogin_console, ("web01",)),
    S("telnet localhost PORT", "cdom01", system.telnet_localhost, (5000,)),
)
"""Interactive: run on a terminal, left with ``~.``."""

# what a lab handler says when it does not know a well-formed command (its own words,
# or a usage or unknown-command line), and never on a real host's success
_UNKNOWN = re.compile(
    r"not found|usage|unrecognized|unknown|invalid|not supported|the lab", re.IGNORECASE
)


def builders() -> dict[str, Callable[..., Command]]:
    """Every public function of ``vdcftui.solaris.cmd`` that returns a Command, by
    ``module.name`` (system-controller builders excepted)."""
    found: dict[str, Callable[..., Command]] = {}
    for info in pkgutil.iter_modules(cmd_package.__path__):
        if info.name in NOT_HOST_BUILDERS or info.name in OUT_OF_SCOPE:
            continue
        module = importlib.import_module(f"{cmd_package.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if typing.get_type_hints(function).get("return") is Command:
                found[f"{info.name}.{name}"] = function
    return found


def _key(function: Callable[..., Command]) -> str:
    return f"{function.__module__.rpartition('.')[2]}.{function.__name__}"


def test_every_builder_has_a_sample():
    """A builder added to solaris/cmd/ must get a sample here (and so a lab answer)."""
    known = builders()
    assert len(known) >= 40, sorted(known)
    sampled = {_key(s.builder) for s in (*SAMPLES, *CONSOLES)}
    assert sorted(set(known) - sampled) == []
    assert sorted(sampled - set(known)) == []


def test_every_sample_builds_the_command_of_its_form():
    """Each sample's form names its command's program and fixed words, in order."""
    for sample in (*SAMPLES, *CONSOLES):
        words = sample.command().text().split()
        fixed = [w for w in sample.form.split() if not re.search(r"[A-Z]{2,}|\.\.\.|'", w)]
        position = 0
        for word in fixed:
            assert word in words[position:], (sample.form, words)
            position = words.index(word, position) + 1


async def _connect(lab: Lab, host: str) -> asyncssh.SSHClientConnection:
    inventory = lab.inventory()
    node = next(n for n in inventory["nodes"] if n["name"] == host)
    creds = inventory["credentials"]
    return await asyncssh.connect(
        node["address"],
        node["port"],
        username=creds["username"],
        client_keys=[creds["client_key"]],
        known_hosts=None,
    )


async def _run_all(lab: Lab) -> list[tuple[Sample, str, str, int]]:
    results = []
    connections: dict[str, asyncssh.SSHClientConnection] = {}
    try:
        # the password file ldm migrate-domain -p reads, provisioned with the CDoms
        cdom02 = connections["cdom02"] = await _connect(lab, "cdom02")
        await cdom02.run(f"echo solaris > {PASSWORD_FILE}", check=True)
        node03 = connections["node03"] = await _connect(lab, "node03")
        await node03.run(AGENT_CONF, check=True)
        # a second zone to install with a system configuration profile
        await node03.run(
            zones.zonecfg_script("aud02", ["create", "set zonepath=/audpool/aud02"]).text(),
            check=True,
        )
        writer = files.write_file(
            PROFILE, 0o600, Input(text=sc_profile(Identity("aud02", VServerSettings())))
        )
        await node03.run(
            writer.text(), input=writer.input.text if writer.input else None, check=True
        )
        # what the run level S script leaves of a patch it added (ops/patch/steps.py)
        node07 = connections["node07"] = await _connect(lab, "node07")
        await node07.run(f"echo 'exit status 0' > {STAGED_OUTPUT}", check=True)
        for sample in SAMPLES:
            if sample.host not in connections:
                connections[sample.host] = await _connect(lab, sample.host)
            command = sample.command()
            given = command.input.text if command.input is not None else None
            done = await asyncio.wait_for(
                connections[sample.host].run(command.text(), input=given), TIMEOUT
            )
            results.append((sample, str(done.stdout), str(done.stderr), done.exit_status))
    finally:
        for connection in connections.values():
            connection.close()
    return results


def test_the_lab_answers_every_builder(fresh_lab):
    """Each sample runs on its lab node over SSH and succeeds: no `not found`, no usage
    line, no message of the lab's own."""
    failures = []
    for sample, out, err, status in asyncio.run(_run_all(fresh_lab)):
        if status != 0 or _UNKNOWN.search(err) or "the lab" in out:
            failures.append(f"{sample.command().text()}: exit {status}: {err.strip()!r}")
    assert failures == [], "\n".join(failures)


async def _console(lab: Lab, sample: Sample) -> tuple[str, int | None]:
    async with await _connect(lab, sample.host) as conn:
        process = await conn.create_process(sample.command().text(), term_type="vt100")
        seen = ""
        while "console" not in seen and "Press ~?" not in seen:
            chunk = await asyncio.wait_for(process.stdout.read(4096), TIMEOUT)
            if not chunk:
                break
            seen += chunk
        process.stdin.write("\r~.")
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        return seen, process.exit_status


def test_the_lab_serves_every_console_command(lab_session):
    """The console commands attach on a terminal and leave with ``~.``, exit 0."""
    banners = {
        "zlogin -C ZONE": "[Connected to zone 'web01' console]",
        "telnet localhost PORT": 'Connecting to console "',
    }
    for sample in CONSOLES:
        seen, status = asyncio.run(_console(lab_session, sample))
        assert banners[sample.form] in seen, (sample.form, seen)
        assert status == 0, (sample.form, seen)


@dataclass(frozen=True)
class Row:
    """A row of the table: a command form, the lab handler answering it, its backing."""

    form: str
    handler: str
    backing: str


def table() -> list[Row]:
    """The rows of ``lab-answers.md``."""
    rows = []
    for line in TABLE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Command", "---"):
            rows.append(Row(*cells))
    return rows


def _handler(path: str) -> Any:
    module, _, rest = path.partition(".")
    target: Any = importlib.import_module(f"vdcftui.lab.{module}")
    for attribute in rest.split("."):
        target = getattr(target, attribute)
    return target


def test_the_table_has_a_row_for_every_sample():
    """One row per command form, in the order the samples run."""
    assert [r.form for r in table()] == [s.form for s in (*SAMPLES, *CONSOLES)]


def test_every_backing_source_is_named_and_exists():
    """Each row names real captures that are in tests/fixtures, document sections, or
    says what is unverified."""
    source = re.compile(r"(real-(?:solaris|consoles)/\S+\.txt)|docs/solaris/[a-z-]+\.md §[\d.]+")
    for row in table():
        sources = source.findall(row.backing)
        assert sources or row.backing.startswith("unverified: "), row
        for capture in filter(None, sources):
            assert (FIXTURES / capture).is_file(), (row.form, capture)


def test_every_unverified_answer_is_marked_in_the_lab():
    """A lab handler whose format nothing real backs says so in its docstring or body."""
    unmarked = [
        f"{row.form}: {row.handler}"
        for row in table()
        if "unverified" in row.backing
        and "unverified" not in inspect.getsource(_handler(row.handler))
    ]
    assert unmarked == []


async def _second_zlogin(lab: Lab) -> tuple[str, int | None]:
    async with await _connect(lab, "node03") as conn:
        first = await conn.create_process("zlogin -C web02", term_type="vt100")
        seen = ""
        while "[Connected to zone 'web02' console]" not in seen:
            seen += await asyncio.wait_for(first.stdout.read(4096), TIMEOUT)
        second = await asyncio.wait_for(conn.run("zlogin -C web02", term_type="vt100"), TIMEOUT)
        first.stdin.write("\r~.")
        await asyncio.wait_for(first.wait_closed(), TIMEOUT)
        return str(second.stdout) + str(second.stderr), second.exit_status


def test_a_held_zone_console_is_refused_in_zlogin_words(lab_session):
    """A second `zlogin -C` gets zlogin.c's refusal (docs/solaris/zones-storage-patching.md
    section 2.5), exit 1."""
    text, status = asyncio.run(_second_zlogin(lab_session))
    assert re.search(r"zlogin: Console is already in use by process ID \d+\.", text), text
    assert status == 1
