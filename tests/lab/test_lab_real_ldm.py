"""The lab's `ldm` over real SSH, compared with real captures: section names and order,
section headers exactly, column layout of the rows, exit status and stream."""

from __future__ import annotations

import re

from tests.lab.test_lab_real_system import Layout, capture, ok, run, same_layout
from vdcftui.solaris.ldm import parse_ldm_list_devices_p

_NORM_HEADER = "NAME             STATE      FLAGS   CONS    VCPU  MEMORY   UTIL  NORM  UPTIME"


def sections(lines: list[str]) -> dict[str, list[str]]:
    """The sections of an `ldm list -l` / `list-devices` listing: title -> its lines.
    A title is an unindented upper-case word; the domain table is left out."""
    out: dict[str, list[str]] = {}
    title = ""
    for line in lines:
        if re.fullmatch(r"[A-Z]+", line):
            title = line
            out[title] = []
        elif title and line.strip():
            out[title].append(line)
    return out


def blank_before_titles(lines: list[str]) -> bool:
    """Every section title (after the table) is preceded by a blank line."""
    titles = [i for i, line in enumerate(lines) if re.fullmatch(r"[A-Z]+", line)]
    return all(lines[i - 1] == "" for i in titles)


def _vcpu(f: list[str]) -> str:
    return f"    {f[0]:<6} {f[1]:<6} {f[2]:<6} {f[3]:>4} {f[4]:>6}"


def _core(f: list[str]) -> str:
    return f"    {f[0]:<6} {' '.join(f[1:])}"


def _memory(f: list[str]) -> str:
    return f"    {f[0]:<16} {f[1]:<16} {f[2]}"


def _io(f: list[str]) -> str:
    return f"    {f[0]:<16} {f[1]}"


async def test_list_l_primary_has_the_sections_of_the_capture(lab_session):
    real = capture("ldm-list-bindings-primary__react-ldoms-tutorial.txt")
    lab = await ok(lab_session, "cdom01", "ldm list -l primary")
    assert real[0].split() == [w for w in _NORM_HEADER.split() if w != "NORM"]
    assert lab[0] == _NORM_HEADER  # docs/solaris/ldm.md: 3.x adds NORM before UPTIME
    assert lab[2] == real[2] == ""
    real_sections, lab_sections = sections(real), sections(lab)
    assert [t for t in lab_sections if t in real_sections] == [
        t
        for t in real_sections
        if t != "MAU"  # no MAU on T4 and later
    ]
    assert list(lab_sections) == [
        *["UUID", "MAC", "HOSTID", "CONTROL", "DEPENDENCY", "CORE", "VCPU", "MEMORY", "IO"],
        *["VCC", "VSW", "VDS", "VCONS"],
    ]
    for title in ("CORE", "VCPU", "MEMORY", "IO", "VCONS"):
        assert lab_sections[title][0] == real_sections[title][0], title  # column headers
    assert lab_sections["VCONS"][1] == "    UART"  # docs/solaris/ldm.md: UART or SP
    for title in ("CONTROL", "DEPENDENCY"):
        assert lab_sections[title][-1].split("=")[0] == real_sections[title][-1].split("=")[0]
    assert re.fullmatch(r"    [0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", lab_sections["UUID"][0])
    assert re.fullmatch(r"    ([0-9a-f]{2}:){5}[0-9a-f]{2}", lab_sections["MAC"][0])
    assert re.fullmatch(r"    0x[0-9a-f]{8}", lab_sections["HOSTID"][0])
    layouts: dict[str, Layout] = {"VCPU": _vcpu, "CORE": _core, "MEMORY": _memory, "IO": _io}
    for title, layout in layouts.items():
        for real_row, lab_row in zip(
            real_sections[title][1:], lab_sections[title][1:], strict=False
        ):
            same_layout(layout, real_row, lab_row)
    assert blank_before_titles(lab) and blank_before_titles(real)
    assert lab[-1] == real[-1] == ""


async def test_list_l_guest_has_network_disk_and_console(lab_session):
    constraints = sections(capture("ldm-list-constraints-ldg1__oracle-ldoms12-admin-ex9-14.txt"))
    lab = await ok(lab_session, "cdom01", "ldm list -l gdom01")
    lab_sections = sections(lab)
    assert list(lab_sections) == [
        *["UUID", "MAC", "HOSTID", "CONTROL", "DEPENDENCY", "CORE", "VCPU", "MEMORY"],
        *["NETWORK", "DISK", "VCONS"],
    ]
    assert lab_sections["NETWORK"][0] == constraints["NETWORK"][0]
    assert lab_sections["DISK"][0].startswith(constraints["DISK"][0])
    network = lab_sections["NETWORK"][1]
    assert network[4:].index("primary-vsw0") == constraints["NETWORK"][0][4:].index("SERVICE")
    assert lab_sections["VCONS"][1].split() == ["gdom01", "primary-vcc0@primary", "5000"]
    assert blank_before_titles(lab)


async def test_list_l_of_inactive_domain_matches_the_capture(lab_session):
    real = capture("ldm-ls-l-inactive-domain__oracle-ovmsparc35-admin-uuid.txt")
    lab = await ok(lab_session, "cdom02", "ldm ls -l gdom05")
    assert lab[1] == f"{'gdom05':<16} " + real[1][17:]
    assert lab[2:4] == real[2:4] == ["", "UUID"]
    assert re.fullmatch(r"    [0-9a-f-]{36}", lab[4]) and re.fullmatch(
        r"    [0-9a-f-]{36}", real[4]
    )
    assert lab[5:] == [""]


async def test_list_l_p_of_inactive_domain_matches_the_capture(lab_session):
    real = capture("ldm-ls-l-p-inactive-domain__oracle-ovmsparc35-admin-uuid.txt")
    lab = await ok(lab_session, "cdom02", "ldm ls -l -p gdom05")
    assert [line.split(" ")[0] for line in lab[:1]] == [real[0].split(" ")[0]] == ["VERSION"]
    assert lab[1] == real[1].replace("ldg1", "gdom05")
    assert lab[2].split("=")[0] == real[2].split("=")[0] == "UUID|uuid"
    assert len(lab) == len(real) == 3


async def test_list_devices_a_has_the_sections_of_the_capture(lab_session):
    real = capture("ldm-list-devices-a__react-ldoms-tutorial.txt")
    lab = await ok(lab_session, "cdom01", "ldm list-devices -a")
    real_sections, lab_sections = sections(real), sections(lab)
    assert list(lab_sections) == [t for t in real_sections if t != "MAU"]
    for title in lab_sections:
        assert lab_sections[title][0] == real_sections[title][0], title
    layouts: dict[str, Layout] = {
        "CORE": lambda f: f"    {f[0]:<7} {f[1]:<7} {' '.join(f[2:])}",
        "VCPU": lambda f: f"    {f[0]:<7} {f[1]:<7} {f[2]}",
        "MEMORY": lambda f: f"    {f[0]:<20} {f[1]:<15} {f[2]}",
        "IO": lambda f: f"    {f[0]:<16} {f[1]:<16} {f[2]}",
    }
    for title, layout in layouts.items():
        for real_row, lab_row in zip(
            real_sections[title][1:], lab_sections[title][1:], strict=False
        ):
            same_layout(layout, real_row, lab_row)
    for listing in (real, lab):  # 4 spaces between the CPU and memory sections, then empty
        assert [listing[listing.index(t) - 1] for t in ("VCPU", "MEMORY")] == ["    ", "    "]
        assert listing[listing.index("IO") - 1] == ""
    lab_memory = [row.split() for row in lab_sections["MEMORY"][1:]]
    real_memory = [row.split() for row in real_sections["MEMORY"][1:]]
    assert [r[1:] for r in lab_memory[:4]] == [r[1:] for r in real_memory[:4]]  # _sys_ blocks
    assert [r[2] for r in lab_memory[5:8]] == ["primary", "gdom01", "gdom02"]


async def test_list_devices_memory_is_filtered_like_the_capture(lab_session):
    real = capture("ldm-list-devices-memory__oracle-ldoms13-admin-migration.txt")
    lab = await ok(lab_session, "cdom01", "ldm list-devices memory")
    assert lab[:2] == real[:2] == ["MEMORY", "    PA                   SIZE"]
    for row in lab[2:]:
        same_layout(lambda f: f"    {f[0]:<20} {f[1]}", real[2], row)
    every = await ok(lab_session, "cdom01", "ldm list-devices -a memory")
    assert list(sections(every)) == ["MEMORY"]
    assert sections(every)["MEMORY"][0].split() == ["PA", "SIZE", "BOUND"]
    cpu = await ok(lab_session, "cdom01", "ldm list-devices -a cpu")
    assert list(sections(cpu)) == ["VCPU"]


async def test_list_devices_p_is_filtered_and_parses(lab_session):
    lines = await ok(lab_session, "cdom01", "ldm list-devices -a -p memory io")
    assert lines[0].startswith("VERSION ")
    assert [line for line in lines if not line.startswith("|")][1:] == ["MEMORY", "IO"]
    everything = await run(lab_session, "cdom01", "ldm list-devices -a -p")
    devices = parse_ldm_list_devices_p(str(everything.stdout))
    assert devices is not None


async def test_list_devices_unknown_class_is_an_error_on_stderr(lab_session):
    result = await run(lab_session, "cdom01", "ldm list-devices frob")
    assert result.exit_status == 1 and result.stdout == ""
    assert result.stderr.startswith("Invalid resource type: frob\nUsage:")
