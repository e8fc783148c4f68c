"""The lab's `ldm` over real SSH, compared with real captures: section names and order,
section headers exactly, column layout of the rows, exit status and stream."""

from __future__ import annotations

import re

import asyncssh

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


async def write(lab, name: str, path: str, text: str) -> None:
    """Write a file on a lab node over SSH (`cat >PATH` reading ``text``)."""
    node = next(n for n in lab.inventory()["nodes"] if n["name"] == name)
    creds = lab.inventory()["credentials"]
    async with asyncssh.connect(
        node["address"],
        node["port"],
        username=creds["username"],
        client_keys=[creds["client_key"]],
        known_hosts=None,
    ) as conn:
        result = await conn.run(f"cat >{path}", input=text)
    assert result.exit_status == 0, result.stderr


def domain_line(lines: list[str], name: str) -> str:
    """The DOMAIN record of ``name`` in `ldm list -p` lines ("" when not listed)."""
    return next((line for line in lines if line.startswith(f"DOMAIN|name={name}|")), "")


async def test_list_constraints_x_has_the_elements_of_the_capture(lab_session):
    real = capture("ldm-list-constraints-x-ldg1__oracle-ldoms12-admin-ex9-15.xml.txt")
    lab = await ok(lab_session, "cdom01", "ldm list-constraints -x gdom02")
    # the capture also has <var> elements (OBP variables the lab's domains do not set)
    first = real.index("      <var>")
    last = len(real) - real[::-1].index("      </var>")
    real = real[:first] + real[last:]
    assert [re.sub(r">[^<]*<", "><", line) for line in lab if "ldom_name" not in line] == [
        re.sub(r">[^<]*<", "><", line) for line in real if "ldom_name" not in line
    ]
    assert lab[:3] == real[:3]  # declaration, LDM_interface and data versions
    assert "        <ldom_name>gdom02</ldom_name>" in lab
    assert "        <number>8</number>" in lab and "        <size>32G</size>" in lab
    assert "        <vol_name>gdom02-root</vol_name>" in lab
    missing = await run(lab_session, "cdom01", "ldm list-constraints -x nosuch")
    assert (missing.exit_status, missing.stdout) == (1, "")


async def test_a_domain_is_built_bound_started_and_taken_apart(fresh_lab):
    lab = fresh_lab
    for command in (
        "ldm add-domain ldg9",
        "ldm set-vcpu 8 ldg9",
        "ldm set-memory 4G ldg9",
        "ldm add-vdsdev /dev/dsk/c0t600A0B800011382800000A0B84B10099d0s2 ldg9-disk0@primary-vds0",
        "ldm add-vdisk disk0 ldg9-disk0@primary-vds0 ldg9",
        "ldm add-vnet vnet0 primary-vsw0 ldg9",
    ):
        await ok(lab, "cdom01", command)
    inactive = await ok(lab, "cdom01", "ldm list -p ldg9")
    assert inactive[1] == "DOMAIN|name=ldg9|state=inactive|flags=|cons=|ncpu=|mem=|util=|uptime="
    await ok(lab, "cdom01", "ldm bind-domain ldg9")
    await ok(lab, "cdom01", "ldm start-domain ldg9")
    long = await ok(lab, "cdom01", "ldm list -l -p ldg9")
    assert "|state=active|" in long[1] and "|ncpu=8|mem=4294967296|" in long[1]
    assert any(line.startswith("VDISK|name=disk0|vol=ldg9-disk0@primary-vds0|") for line in long)
    vnet = "VNET|name=vnet0|dev=network@0|service=primary-vsw0@"
    assert any(line.startswith(vnet) for line in long)
    services = await ok(lab, "cdom01", "ldm list-services -p")
    assert services[0].startswith("VERSION ")
    assert "|vol=ldg9-disk0|opts=|dev=/dev/dsk/c0t600A0B800011382800000A0B84B10099d0s2" in services
    human = await ok(lab, "cdom01", "ldm list-services")
    assert [line for line in human if re.fullmatch(r"[A-Z]+", line)] == ["VCC", "VSW", "VDS"]
    bindings = await ok(lab, "cdom01", "ldm list-bindings ldg9")
    assert "DISK" in bindings and bindings[0] == _NORM_HEADER

    attached = await run(lab, "cdom01", "ldm rm-vdsdev ldg9-disk0@primary-vds0")
    assert attached.exit_status == 1 and "is attached" in attached.stderr
    twice = await run(lab, "cdom01", "ldm add-vdsdev /dev/dsk/x ldg9-disk0@primary-vds0")
    assert twice.exit_status == 1 and "already exists" in twice.stderr
    active = await run(lab, "cdom01", "ldm remove-domain ldg9")
    assert active.exit_status == 1 and "ldg9" in active.stderr
    for command in (
        "ldm stop-domain ldg9",
        "ldm unbind-domain ldg9",
        "ldm rm-vdisk disk0 ldg9",
        "ldm rm-vnet vnet0 ldg9",
        "ldm rm-vdsdev ldg9-disk0@primary-vds0",
        "ldm remove-domain ldg9",
    ):
        await ok(lab, "cdom01", command)
    assert domain_line(await ok(lab, "cdom01", "ldm list -p"), "ldg9") == ""
    gone = await run(lab, "cdom01", "ldm rm-vdsdev ldg9-disk0@primary-vds0")
    assert gone.exit_status == 1 and "does not exist" in gone.stderr


async def test_memory_of_an_active_domain_changes_in_256_mb_steps(fresh_lab):
    refused = await run(fresh_lab, "cdom01", "ldm set-memory 32900M gdom02")
    assert refused.exit_status == 1
    assert refused.stderr == (  # the wording of ldm-set-memory-alignment-error
        "A ldm set-mem 32900M command would add 132MB, which is not a\n"
        "multiple of 256MB. Instead, run ldm set-mem 32768M gdom02\n"
        "to ensure a 256MB alignment.\n"
    )
    await ok(fresh_lab, "cdom01", "ldm set-memory 33G gdom02")
    await ok(fresh_lab, "cdom01", "ldm set-vcpu 12 gdom02")
    listed = await ok(fresh_lab, "cdom01", "ldm list -p gdom02")
    assert "|state=active|" in listed[1] and "|ncpu=12|mem=35433480192|" in listed[1]


async def test_add_domain_i_restores_the_constraints_another_cdom_saved(fresh_lab):
    xml = "\n".join(await ok(fresh_lab, "cdom02", "ldm list-constraints -x gdom05"))
    await write(fresh_lab, "cdom01", "/var/tmp/gdom05.xml", xml)
    clash = await run(fresh_lab, "cdom02", "ldm add-domain -i /nosuch.xml")
    assert clash.exit_status == 1 and clash.stdout == ""
    await ok(fresh_lab, "cdom02", "ldm remove-domain gdom05")
    await ok(fresh_lab, "cdom01", "ldm add-vdsdev /dev/zvol/dsk/x gdom05-root@primary-vds0")
    await ok(fresh_lab, "cdom01", "ldm add-domain -i /var/tmp/gdom05.xml")
    restored = await ok(fresh_lab, "cdom01", "ldm list-constraints -x gdom05")
    assert "\n".join(restored) == xml
    await ok(fresh_lab, "cdom01", "ldm bind-domain gdom05")
    await ok(fresh_lab, "cdom01", "ldm start-domain gdom05")
    assert "|state=active|" in domain_line(await ok(fresh_lab, "cdom01", "ldm list -p"), "gdom05")
    assert domain_line(await ok(fresh_lab, "cdom02", "ldm list -p"), "gdom05") == ""
    uname = await ok(fresh_lab, "gdom05", "uname -n")
    assert uname == ["gdom05"]


async def test_migrate_n_refuses_in_the_cdoms_words_then_the_domain_moves(fresh_lab):
    lab = fresh_lab
    no_password = await run(lab, "cdom02", "ldm migrate-domain -n gdom03 root@cdom01")
    assert no_password.stdout == "Target Password:\n"  # the prompt of the captures
    assert no_password.exit_status == 1
    assert no_password.stderr.endswith("Domain Migration of LDom gdom03 would fail if attempted\n")
    await ok(lab, "cdom02", "echo solaris > /var/tmp/pw")
    dry = await run(lab, "cdom02", "ldm migrate-domain -n -p /var/tmp/pw gdom03 root@cdom01")
    assert dry.exit_status == 1
    assert dry.stderr == (
        "Failed to find required volume gdom03-root bound to vdisk rootdisk in service "
        "primary-vds0 on target\nDomain Migration of LDom gdom03 would fail if attempted\n"
    )
    await ok(lab, "cdom01", "ldm add-vdsdev /dev/zvol/dsk/x gdom03-root@primary-vds0")
    assert await ok(lab, "cdom02", "ldm migrate-domain -n -p /var/tmp/pw gdom03 root@cdom01") == []
    assert "|state=active|" in domain_line(await ok(lab, "cdom02", "ldm list -p"), "gdom03")
    await ok(lab, "cdom02", "ldm migrate-domain -p /var/tmp/pw gdom03 root@cdom01")
    assert domain_line(await ok(lab, "cdom02", "ldm list -p"), "gdom03") == ""
    assert "|state=active|" in domain_line(await ok(lab, "cdom01", "ldm list -p"), "gdom03")
    assert await ok(lab, "gdom03", "uname -n") == ["gdom03"]  # live: it kept running
    again = await run(lab, "cdom01", "ldm migrate-domain -p /var/tmp/pw gdom03 cdom02")
    assert again.exit_status == 1 and again.stderr == "Unable to read password file /var/tmp/pw\n"
