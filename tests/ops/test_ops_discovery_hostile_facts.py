"""Hostile values in what a host reports: good records kept, bad ones left out or refused,
every finding a warning naming the host and the field, the value escaped."""

from __future__ import annotations

import pytest

from tests.ops.test_ops_discovery_facts import S11_CDOM, WEB01_EXPORT
from vdcftui.ops.discovery.facts import build_facts

HOSTILE = ["x;reboot", "$(reboot)", "`reboot`", "x\nreboot", "x\x1b]0;T\x07", "x" * 300]
PIPE = "/zones/zpz | zoneadm -z okz halt | cat"


def _with(**changes: str) -> dict[str, tuple[str, int]]:
    return dict(S11_CDOM, **{k: (v, 0) for k, v in changes.items()})


def _zones(*lines: str) -> str:
    return "0:global:running:/::solaris:shared:-:none:\n" + "".join(f"{line}\n" for line in lines)


def _no_raw_controls(texts: list[str]) -> None:
    for text in texts:
        assert "\x1b" not in text and "\x07" not in text and "\n" not in text


def test_the_issue_zonepath_refuses_its_zone_and_keeps_the_others():
    zones = _zones(
        f"3:zpz:running:{PIPE}:4f5b2e1a-1111-2222-3333-444455556666:solaris:excl:-:none:",
        "4:okz:running:/zones/okz:5f5b2e1a-1111-2222-3333-444455556666:solaris:excl:-:none:",
    )
    zpz_export = WEB01_EXPORT.replace("/zones/web01", PIPE)
    facts = build_facts(
        "node03", _with(zones=zones), {"zpz": (zpz_export, 0), "okz": (WEB01_EXPORT, 0)}
    )
    by_name = {z.entry.zonename: z for z in facts.zones}
    assert set(by_name) == {"zpz", "okz"}
    assert by_name["okz"].invalid is None and by_name["okz"].entry.zonepath == "/zones/okz"
    zpz = by_name["zpz"]
    assert zpz.entry.zonepath == "" and zpz.config is None
    assert zpz.invalid == (
        f"node03 reported an invalid zonepath for zone zpz ('{PIPE}': character ' ' is not allowed)"
    )
    assert any(w.startswith(zpz.invalid) and "refused" in w for w in facts.warnings)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_zone_names_are_left_out_with_a_warning(hostile):
    zones = _zones(
        f"3:{hostile}:running:/zones/a:4f5b2e1a-1111-2222-3333-444455556666:solaris:excl:-:none:",
        "4:web01:running:/zones/web01:5f5b2e1a-1111-2222-3333-444455556666:solaris:excl:-:none:",
    )
    if "\n" in hostile:  # a newline splits the zoneadm line: the parser drops the halves
        return
    facts = build_facts("node03", _with(zones=zones), {"web01": (WEB01_EXPORT, 0)})
    assert [z.entry.zonename for z in facts.zones] == ["web01"]
    found = [w for w in facts.warnings if "invalid zone name" in w]
    assert len(found) == 1 and found[0].startswith("node03 reported an invalid zone name ('")
    _no_raw_controls(facts.warnings)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_in_a_zone_configuration_refuse_the_zone(hostile):
    export = WEB01_EXPORT.replace("set lower-link=auto", f"set lower-link={hostile}")
    if "\n" in hostile:
        export = WEB01_EXPORT.replace("set name=web01_pool/data", "set name=web01_pool/$(id)")
    facts = build_facts("cdom01", S11_CDOM, {"web01": (export, 0), "db01": ("", 1)})
    web01 = next(z for z in facts.zones if z.entry.zonename == "web01")
    assert web01.config is None
    assert web01.invalid is not None and web01.invalid.startswith("cdom01 reported an invalid")
    assert "for zone web01" in web01.invalid
    _no_raw_controls([web01.invalid, *facts.warnings])


@pytest.mark.parametrize("hostile", [h for h in HOSTILE if "\n" not in h])
def test_hostile_pool_link_address_and_gdom_names_are_left_out(hostile):
    outputs = _with(
        zpools=f"web01_pool\t19.9G\t2.1G\t17.8G\tONLINE\n{hostile}\t1G\t1G\t0\tONLINE\n",
        links=f"net0:phys:up:\n{hostile.replace(':', '')}:phys:up:\n",
        addrs=f"net0/v4:static:ok:192.168.10.11/24\nnet1/v4:static:ok:{hostile}/24\n",
    )
    facts = build_facts("cdom01", outputs, {"web01": (WEB01_EXPORT, 0), "db01": ("", 1)})
    assert [p.name for p in facts.pools] == ["web01_pool"]
    assert [i.name for i in facts.interfaces] == ["net0"]
    assert [a.address for a in facts.addresses] == ["192.168.10.11"]
    fields = ("zpool name", "link name", "IP address")
    for field in fields:
        assert any(f"cdom01 reported an invalid {field}" in w for w in facts.warnings), field
    _no_raw_controls(facts.warnings)
    assert facts.invalid == []  # nothing about the node itself: it stays usable


def test_hostile_mountpoint_refuses_the_zones_of_its_pool():
    zfs = S11_CDOM["zfs"][0].replace("/zones/web01/root/data", "/zones/web01/root/$(id)")
    facts = build_facts("cdom01", _with(zfs=zfs), {"web01": (WEB01_EXPORT, 0), "db01": ("", 1)})
    assert "web01_pool/data" not in {fs["name"] for fs in facts.filesystems}
    assert facts.tainted_pools["web01_pool"].startswith(
        "cdom01 reported an invalid mountpoint for ZFS web01_pool/data ('/zones/web01/root/$(id)'"
    )


def test_node_model_with_escape_sequences_is_kept_for_display_and_refuses_the_node():
    model = "T7\x1b]0;MODEL-TITLE\x07\x1b[2J"
    prtdiag = (
        f"System Configuration:  Oracle Corporation  sun4v {model}\nMemory size: 8 Megabytes\n"
    )
    facts = build_facts("node03", _with(prtdiag=prtdiag), {"web01": (WEB01_EXPORT, 0)})
    assert facts.model == model
    assert facts.invalid == [
        "node03 reported an invalid model for node node03 ('T7\\e]0;MODEL-TITLE\\x07\\e[2J': "
        "character '\\e' is not allowed)"
    ]
    _no_raw_controls(facts.warnings)
