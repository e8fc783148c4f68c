"""Discovery facts from realistic Solaris outputs (no I/O: the parsers and the mapping)."""

from __future__ import annotations

import pytest

from vdcftui.ops.discovery.facts import DiscoveryFailed, build_facts, zonecfg_commands
from vdcftui.solaris.names import InvalidName
from vdcftui.solaris.parsers import ZoneListEntry

WWN_A = "600A0B800011382800000A0B84B12D7A"
WWN_B = "600A0B800011382800000A0B84B12D7B"

S11_CDOM = {
    "uname": ("SunOS cdom01 5.11 11.4.42.111.0 sun4v sparc sun4v\n", 0),
    "release": (
        "                             Oracle Solaris 11.4 SPARC\n"
        "  Copyright (c) 1983, 2021, Oracle and/or its affiliates.\n"
        "                            Assembled 17 February 2022\n",
        0,
    ),
    "virtinfo": (
        "VERSION 1.0\nDOMAINROLE|impl=LDoms|control=true|io=true|service=true|root=true\n"
        "DOMAINNAME|name=primary\nDOMAINUUID|uuid=8e0d6ec5-cd55-e57f-ae9f-b4cc050999a4\n"
        "DOMAINCONTROL|name=cdom01\nDOMAINCHASSIS|serialno=AK00123456\n",
        0,
    ),
    "psrinfo": (
        "The physical processor has 32 cores and 256 virtual processors (0-255)\n"
        "  The core has 8 virtual processors (0-7)\n"
        "  SPARC-M7 (chipid 0, clock 4133 MHz)\n",
        0,
    ),
    "prtdiag": (
        "System Configuration:  Oracle Corporation  sun4v SPARC T7-1\n"
        "Memory size: 524288 Megabytes\n",
        0,
    ),
    "zones": (
        "0:global:running:/::solaris:shared:-:none:\n"
        "3:web01:running:/zones/web01:4f5b2e1a-1111-2222-3333-444455556666:solaris:excl:-:none:\n"
        "-:db01:installed:/zones/db01:9a2c1e1a-1111-2222-3333-444455556666:solaris10:excl:-:none:\n",
        0,
    ),
    "zpools": ("rpool\t556G\t120G\t436G\tONLINE\nweb01_pool\t19.9G\t2.1G\t17.8G\tONLINE\n", 0),
    "zpool_status": (
        "  pool: rpool\n state: ONLINE\n  scan: none requested\nconfig:\n\n"
        "\tNAME                     STATE     READ WRITE CKSUM\n"
        "\trpool                    ONLINE       0     0     0\n"
        "\t  c0t5000CCA0255A0B40d0  ONLINE       0     0     0\n\n"
        "errors: No known data errors\n\n"
        "  pool: web01_pool\n state: ONLINE\n  scan: none requested\nconfig:\n\n"
        "\tNAME                                     STATE     READ WRITE CKSUM\n"
        "\tweb01_pool                               ONLINE       0     0     0\n"
        "\t  mirror-0                               ONLINE       0     0     0\n"
        f"\t    c0t{WWN_A}d0  ONLINE       0     0     0\n"
        f"\t    c0t{WWN_B}d0  ONLINE       0     0     0\n\n"
        "errors: No known data errors\n",
        0,
    ),
    "zfs": (
        "rpool\t120G\t436G\tnone\t/rpool\n"
        "web01_pool\t2.1G\t17.8G\tnone\t/web01_pool\n"
        "web01_pool/zone\t1.9G\t17.8G\tnone\t/zones/web01\n"
        "web01_pool/data\t200M\t9.8G\t10G\t/zones/web01/root/data\n",
        0,
    ),
    "format": (
        "Searching for disks...done\n\n\nAVAILABLE DISK SELECTIONS:\n"
        "       0. c0t5000CCA0255A0B40d0 <HGST-H101812SFSUN1.2T-A990 cyl 48638 alt 2 hd 255"
        " sec 189>\n          /scsi_vhci/disk@g5000cca0255a0b40\n"
        f"       1. c0t{WWN_A}d0 <SUN-LCSM100_F-0670 cyl 5118 alt 2 hd 64 sec 64>\n"
        f"          /scsi_vhci/ssd@g{WWN_A.lower()}\n"
        f"       2. c0t{WWN_B}d0 <SUN-LCSM100_F-0670 cyl 5118 alt 2 hd 64 sec 64>\n"
        f"          /scsi_vhci/ssd@g{WWN_B.lower()}\n"
        "Specify disk (enter its number): \n",
        0,
    ),
    "mpath": (
        f"        /dev/rdsk/c0t{WWN_A}d0s2\n                Total Path Count: 2\n"
        "                Operational Path Count: 2\n",
        0,
    ),
    "links": ("net0:phys:up:\nnet1:phys:up:\naggr0:aggr:up:net2 net3\n", 0),
    "phys": ("net0:Ethernet:up:10000:ixgbe0\nnet1:Ethernet:up:10000:ixgbe1\n", 0),
    "addrs": ("lo0/v4:static:ok:127.0.0.1/8\nnet0/v4:static:ok:192.168.10.11/24\n", 0),
    "ifconfig": ("", 0),
    "pkg": (
        "          Name: entire\n       Summary: entire incorporation\n"
        "         State: Installed\n     Publisher: solaris\n"
        "       Version: 11.4 (Oracle Solaris 11.4.42.111.0)\n"
        "        Branch: 11.4.42.0.1.111.0\n"
        "Packaging Date: Tue Feb  8 12:21:57 2022\n          Size: 2.52 kB\n"
        "          FMRI: pkg://solaris/entire@11.4,5.11-11.4.42.0.1.111.0:20220208T122157Z\n",
        0,
    ),
    "showrev": ("", 0),
    "ldm": (
        "VERSION 1.20\n"
        "DOMAIN|name=primary|state=active|flags=normal,control,vio-service|cons=UART|ncpu=16"
        "|mem=34359738368|util=1.1|uptime=864000|norm_util=1.1\n"
        "UUID|uuid=8e0d6ec5-cd55-e57f-ae9f-b4cc050999a4\n"
        # the VDS layout of the real `ldm list-constraints -p` capture
        "VDS|name=primary-vds0|nclients=2\n"
        "|vol=gdom01-root|opts=|dev=/ldoms/gdom01/root.img\n"
        "|vol=gdom01-data|opts=|dev=/dev/dsk/c0t600A0B800011382800000A0B84B1D004d0s2\n"
        "DOMAIN|name=gdom01|state=active|flags=normal|cons=5000|ncpu=8|mem=17179869184"
        "|util=0.4|uptime=3600|norm_util=0.4\n"
        "UUID|uuid=1d4e1bcb-1b1c-c2bb-9d8c-c1a0ec1d0b7b\n"
        "VNET|name=vnet0|dev=network@0|service=primary-vsw0@primary|mac-addr=00:14:4f:fa:0c:01\n"
        "VDISK|name=rootdisk|vol=gdom01-root@primary-vds0|timeout=|dev=disk@0|server=primary\n"
        "VDISK|name=data|vol=gdom01-data@primary-vds0|timeout=|dev=disk@1|server=primary\n",
        0,
    ),
}

WEB01_EXPORT = (
    "create -b\nset brand=solaris\nset zonepath=/zones/web01\nset autoboot=true\n"
    "set ip-type=exclusive\nadd anet\nset linkname=net0\nset lower-link=auto\nend\n"
    "add dataset\nset name=web01_pool/data\nend\n"
    "add fs\nset dir=/export/share\nset special=/export/share\nset type=lofs\nend\n"
)


def test_cdom_facts_identity_hardware_and_software():
    facts = build_facts("cdom01", S11_CDOM, {"web01": (WEB01_EXPORT, 0), "db01": ("", 1)})
    assert (facts.kind, facts.hostname, facts.os_version, facts.arch) == (
        "cdom",
        "cdom01",
        "11.4",
        "sparc",
    )
    assert facts.sru == "11.4.42.111.0"
    assert facts.model == "SPARC T7-1" and facts.memory_mb == 524288
    assert (facts.cpu_sockets, facts.cpu_cores, facts.cpu_threads) == (1, 32, 256)
    assert facts.cpu_type == "SPARC-M7"


def test_cdom_facts_zones_storage_network_gdoms():
    facts = build_facts("cdom01", S11_CDOM, {"web01": (WEB01_EXPORT, 0), "db01": ("", 1)})
    assert [z.entry.zonename for z in facts.zones] == ["web01", "db01"]
    assert facts.zones[0].config.datasets == ["web01_pool/data"]
    assert facts.zones[1].config is None
    assert any("zonecfg -z db01 export" in w for w in facts.warnings)
    pool = next(p for p in facts.pools if p.name == "web01_pool")
    assert pool.raid == "1" and set(pool.wwns) == {WWN_A, WWN_B}
    assert {lun.wwn for lun in facts.luns} == {WWN_A, WWN_B}
    lun_a = next(lun for lun in facts.luns if lun.wwn == WWN_A)
    assert (lun_a.total_paths, lun_a.operational_paths) == (2, 2)
    assert {i.name: i.kind for i in facts.interfaces} == {
        "net0": "phys",
        "net1": "phys",
        "aggr0": "aggr",
    }
    assert [(a.interface, a.address, a.prefixlen) for a in facts.addresses] == [
        ("net0", "192.168.10.11", 24)
    ]
    assert [g.name for g in facts.gdoms] == ["gdom01"]
    gdom = facts.gdoms[0]
    assert (gdom.vcpus, gdom.memory_mb, gdom.cons) == (8, 16384, "5000")
    assert gdom.vnets[0]["name"] == "vnet0"
    # a volume whose backend is a whole LUN's device gives its disk the LUN's WWN
    assert [d.get("lun") for d in gdom.vdisks] == [None, "600A0B800011382800000A0B84B1D004"]


def test_missing_identity_fails_the_node():
    outputs = dict(S11_CDOM, uname=("sh: uname: not found\n", 127))
    with pytest.raises(DiscoveryFailed, match="uname -a failed"):
        build_facts("cdom01", outputs, {})


def test_hostile_zone_name_from_a_node_is_not_put_on_a_command_line():
    entry = ZoneListEntry(None, "web01;reboot", "installed", "/zones/x", "", "solaris", "excl")
    with pytest.raises(InvalidName):
        zonecfg_commands([entry])
