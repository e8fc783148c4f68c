"""The lab's storage commands (zpool, zfs, beadm, df) over real SSH, compared with real
Solaris captures and the documented formats: header lines, field order, column layout,
exit status and stream."""

from __future__ import annotations

import re

from tests.lab.test_lab_real_system import after_prompt, capture, ok, run, same_layout
from vdcftui.solaris.patches import parse_beadm_list_h
from vdcftui.solaris.resources import parse_df_k
from vdcftui.solaris.zfs import parse_zfs_list, parse_zpool_import, parse_zpool_status


def column_starts(header: str) -> list[int]:
    """Where each column of a left-aligned table begins, read from its header."""
    return [m.start() for m in re.finditer(r"\S+", header)]


def in_columns(starts: list[int], line: str) -> bool:
    """Every cell of a row begins where its header's column begins, after a space."""
    return all(line[s] != " " and (s == 0 or line[s - 1] == " ") for s in starts)


# ----------------------------------------------------------------------------- zpool


async def test_zpool_status_x_says_all_pools_are_healthy(lab_session):
    result = await run(lab_session, "node03", "zpool status -x")
    assert (result.exit_status, result.stdout, result.stderr) == (
        0,
        "all pools are healthy\n",
        "",
    )
    named = await ok(lab_session, "node03", "zpool status -x web01_pool")
    assert named == ["pool 'web01_pool' is healthy"]
    whole = await ok(lab_session, "node03", "zpool status")
    assert [s.pool for s in parse_zpool_status("\n".join(whole))][:2] == ["rpool", "web01_pool"]


async def test_zpool_import_listing_has_the_labels_of_the_capture(lab_session):
    lines = capture("zpool-import-hostid-mismatch-WRAPPED__openzfs-msg-ZFS-8000-EY.txt", indent=3)
    real = after_prompt(lines, "# zpool import")
    lab = await ok(lab_session, "node08", "zpool import")
    block = lab[: lab.index("", lab.index("config:") + 2)]
    labels = ["  pool", "    id", " state", "status", "action", "   see", "config"]
    assert [line.split(":")[0] for line in real if ":" in line[:7]] == labels
    assert [line.split(":")[0] for line in block if ":" in line[:7]] == labels
    assert block[5] == real[5].replace(" " * 8, "\t") == "\tthe '-f' flag."  # a doc's tab
    assert block[6] == "   see: http://support.oracle.com/msg/ZFS-8000-EY"
    real_config = [line.replace(" " * 8, "\t", 1) for line in real[9:11]]
    for config in (real_config, block[9:]):
        states = {line.index("ONLINE") for line in config}
        assert len(states) == 1 and states.pop() >= len("\t") + 10 + 2, config
        assert all(re.fullmatch(r"\t(  )*\S+ *  ONLINE", line) for line in config), config
    assert block[9].startswith("\tweb01_pool ")
    pools = parse_zpool_import("\n".join(lab))
    assert [p.pool for p in pools][:1] == ["web01_pool"]
    assert pools[0].see == "http://support.oracle.com/msg/ZFS-8000-EY"


async def test_zpool_import_on_solaris10_points_to_sun_com(lab_session):
    lab = await ok(lab_session, "node07", "zpool import")
    assert "   see: http://www.sun.com/msg/ZFS-8000-EY" in lab


async def test_zpool_get_all_matches_the_capture(lab_session):
    real = capture("zpool-get-all__oracle-doc-s11-2-zfs-admin.txt")[1:]
    lab = await ok(lab_session, "node03", "zpool get all web01_pool")
    assert lab[0].split() == real[0].split() == ["NAME", "PROPERTY", "VALUE", "SOURCE"]
    assert [line.split()[1] for line in lab[1:]] == [line.split()[1] for line in real[1:]]
    for table in (real, lab):
        starts = column_starts(table[0])
        assert all(in_columns(starts, line) for line in table[1:]), table
        widest = max(len(line.split()[2]) for line in table[1:])
        assert starts[3] - starts[2] == widest + 2  # each column two wider than its values
    sources = {line.split()[1]: line.split()[3] for line in lab[1:]}
    assert sources == {line.split()[1]: line.split()[3] for line in real[1:]}
    values = {line.split()[1]: line.split()[2] for line in lab[1:]}
    assert (values["health"], values["version"], values["size"]) == ("ONLINE", "34", "20G")
    scripted = await ok(lab_session, "node03", "zpool get -H health,size web01_pool")
    assert scripted == ["web01_pool\thealth\tONLINE\t-", "web01_pool\tsize\t20G\t-"]


async def test_zpool_get_refuses_an_unknown_property(lab_session):
    result = await run(lab_session, "node03", "zpool get multihost web01_pool")
    assert (result.exit_status, result.stdout) == (2, "")
    assert result.stderr == "bad property list: invalid property 'multihost'\n"


# ----------------------------------------------------------------------------- zfs


def _zfs_rows(table: list[str]):
    """The `zfs list` layout of the zfs-list-s10-zfsroot capture: the name column as wide
    as the longest name, sizes right-aligned in 5 columns, two spaces between columns."""
    width = max(len(line.split()[0]) for line in table)
    return lambda f: f"{f[0]:<{width}}  {f[1]:>5}  {f[2]:>5}  {f[3]:>5}  {f[4]}"


async def test_zfs_snapshots_are_listed_by_type(fresh_lab):
    await ok(fresh_lab, "node03", "zfs snapshot web01_pool/zone@before")
    default = await ok(fresh_lab, "node03", "zfs list -r web01_pool")
    assert not any("@" in line for line in default)  # Solaris 11: listsnapshots=off
    snaps = await ok(fresh_lab, "node03", "zfs list -t snapshot")
    assert snaps[0].split() == ["NAME", "USED", "AVAIL", "REFER", "MOUNTPOINT"]
    assert [line.split()[0] for line in snaps[1:]] == ["web01_pool/zone@before"]
    real = capture("zfs-list-s10-zfsroot__craigriley-zfs-notes.txt", indent=4)
    real_snap = next(line for line in real if "@20090714a" in line)
    assert real_snap.split()[2::2] == snaps[1].split()[2::2] == ["-", "-"]
    for table in (real, snaps):
        assert all(_zfs_rows(table)(line.split()) == line for line in table), table
    scripted = await ok(fresh_lab, "node03", "zfs list -H -o name,type -t snapshot,filesystem")
    assert "web01_pool/zone@before\tsnapshot" in scripted
    assert "web01_pool/zone\tfilesystem" in scripted
    everything = await ok(fresh_lab, "node03", "zfs list -t all -r web01_pool")
    names = [line.split()[0] for line in everything[1:]]
    assert names.index("web01_pool/zone@before") == names.index("web01_pool/zone") + 1
    parsed = parse_zfs_list("\n".join(scripted), ["name", "type"])
    assert ("web01_pool/zone@before", "snapshot") in [(d.name, d.type) for d in parsed]


async def test_zfs_list_on_solaris10_includes_snapshots(fresh_lab):
    await ok(fresh_lab, "node04", "zfs snapshot app01_pool/zone@s1")
    lab = await ok(fresh_lab, "node04", "zfs list -r app01_pool")
    assert "app01_pool/zone@s1" in [line.split()[0] for line in lab]


async def test_zfs_snapshot_send_receive_and_destroy(fresh_lab):
    await ok(fresh_lab, "node03", "zfs snapshot web01_pool/data@copy")
    again = await run(fresh_lab, "node03", "zfs snapshot web01_pool/data@copy")
    assert (again.exit_status, again.stderr) == (
        1,
        "cannot create snapshot 'web01_pool/data@copy': dataset already exists\n",
    )
    await ok(fresh_lab, "node03", "zfs send web01_pool/data@copy | zfs receive web01_pool/data2")
    received = await ok(fresh_lab, "node03", "zfs list -H -o name -t all -r web01_pool/data2")
    assert received == ["web01_pool/data2", "web01_pool/data2@copy"]
    exists = await run(
        fresh_lab, "node03", "zfs send web01_pool/data@copy | zfs receive web01_pool/data2"
    )
    assert exists.exit_status == 1
    assert exists.stderr == (
        "cannot receive new filesystem stream: destination 'web01_pool/data2' exists\n"
        "must specify -F to overwrite it\n"
    )
    busy = await run(fresh_lab, "node03", "zfs destroy web01_pool/data")
    assert busy.exit_status == 1
    assert busy.stderr.endswith(
        "use '-r' to destroy the following datasets:\nweb01_pool/data@copy\n"
    )
    await ok(fresh_lab, "node03", "zfs destroy web01_pool/data@copy")
    left = await ok(fresh_lab, "node03", "zfs list -H -o name -t snapshot")
    assert left == ["web01_pool/data2@copy"]


async def test_zfs_get_matches_the_capture(lab_session):
    real = capture("zfs-get-all-volumes__craigriley-zfs-notes.txt", indent=4)
    lab = await ok(lab_session, "node03", "zfs get all web01_pool/data")
    assert lab[0].split() == real[0].split() == ["NAME", "PROPERTY", "VALUE", "SOURCE"]
    for table in (real, lab):
        starts = column_starts(table[0])
        assert all(in_columns(starts, line) for line in table[1:]), table
    lab_props = [line.split()[1] for line in lab[1:]]
    real_props = [line.split()[1] for line in real[1:16]]
    assert lab_props[:6] == real_props[:6]  # type creation used available referenced ratio
    creation = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [ \d]\d:\d\d \d{4}")
    for table in (real, lab):
        row = next(line for line in table if line.split()[1] == "creation")
        starts = column_starts(table[0])
        assert creation.fullmatch(row[starts[2] : starts[3]].strip()), row
    sources = {line.split()[1]: line.split()[-1] for line in lab[1:]}
    assert (sources["type"], sources["quota"], sources["reservation"]) == ("-", "local", "default")
    exact = await ok(
        lab_session, "node03", "zfs get -H -p -o name,property,value used web01_pool/data"
    )
    assert exact == ["web01_pool/data\tused\t209715200"]


# ----------------------------------------------------------------------------- beadm


async def test_beadm_list_h_matches_the_capture(lab_session):
    real = capture("beadm-list-H__oracle-puppet-solaris-providers.txt")
    lab = await ok(lab_session, "node03", "beadm list -H")
    for table in (real, lab):
        bes = parse_beadm_list_h("\n".join(table))
        assert all(len(line.split(";")) == 7 for line in table)
        assert [(b.active, b.mountpoint) for b in bes if b.active] == [("NR", "/")]
        assert all(b.mountpoint is None for b in bes if not b.active)
        assert all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", b.uuid) for b in bes)
        assert all(b.policy == "static" and b.created and b.space for b in bes)


async def test_beadm_list_has_the_human_layout(lab_session):
    real = capture("beadm-list__omnios-auto-be-name-before.txt")
    lab = await ok(lab_session, "node05", "beadm list")
    assert lab[0].split() == real[0].split()

    def layout(width: int):
        return lambda f: f"{f[0]:<{width}}{f[1]:<7}{f[2]:<11}{f[3]:<6}{f[4]:<7}{f[5]} {f[6]}"

    for table in (real, lab):
        width = max(len(line.split()[0]) for line in table[1:]) + 3
        assert layout(width)(["BE", *table[0].split()[1:], ""]).rstrip() == table[0]
        for line in table[1:]:
            assert layout(width)(line.split()) == line
    assert [line.split()[1] for line in lab[1:]] == ["NR", "-"]


async def test_beadm_is_not_on_solaris10(lab_session):
    result = await run(lab_session, "node04", "beadm list")
    assert (result.exit_status, result.stderr) == (127, "sh: beadm: not found\n")


# ----------------------------------------------------------------------------- df


def _df_s10_k(f: list[str]) -> str:
    return f"{f[0]:<19} {f[1]:>8} {f[2]:>7} {f[3]:>7} {f[4]:>6}    {f[5]}"


def _df_h(avail: int):
    return lambda f: f"{f[0]:<20} {f[1]:>6} {f[2]:>6} {f[3]:>{avail}} {f[4]:>6}    {f[5]}"


async def test_df_k_solaris10_matches_the_capture(lab_session):
    real = capture("df-k__glpi-agent.txt")
    lab = await ok(lab_session, "node04", "df -k")
    assert lab[0] == real[0] == "Filesystem            kbytes    used   avail capacity  Mounted on"
    for real_line, lab_line in zip(real[1:], lab[1:], strict=False):
        same_layout(_df_s10_k, real_line, lab_line)
    assert [e.mounted_on for e in parse_df_k("\n".join(lab))][0] == "/"


async def test_df_h_solaris10_matches_the_capture(lab_session):
    real = capture("df-ha__getconfig-solaris10.txt")
    lab = await ok(lab_session, "node04", "df -h")
    assert lab[0] == real[0] == "Filesystem             size   used  avail capacity  Mounted on"
    for real_line, lab_line in zip(real[1:], lab[1:], strict=False):
        same_layout(_df_h(6), real_line, lab_line)
    assert all(re.fullmatch(r"\d+(\.\d)?[KMGT]", line.split()[1]) for line in lab[1:])


async def test_df_h_solaris11_matches_the_capture(lab_session):
    real = capture("df-ha__getconfig-solaris11.txt")
    lab = await ok(lab_session, "node03", "df -h")
    assert lab[0] == real[0] == "Filesystem             Size   Used  Available Capacity  Mounted on"
    for real_line, lab_line in zip(real[1:], lab[1:], strict=False):
        same_layout(_df_h(10), real_line, lab_line)
    sizes = [e.kbytes for e in parse_df_k("\n".join(lab))]
    assert sizes[:2] == ["272G", "20G"]


async def test_df_k_solaris11_has_the_posix_header(lab_session):
    lab = await ok(lab_session, "node03", "df -k")
    assert lab[0] == (
        "Filesystem           1024-blocks        Used   Available Capacity  Mounted on"
    )

    def row(f: list[str]) -> str:
        return f"{f[0]} {f[1]:>{31 - len(f[0])}} {f[2]:>11} {f[3]:>11} {f[4]:>6}    {f[5]}"

    assert all(row(line.split()) == line for line in lab[1:])
    entries = parse_df_k("\n".join(lab))
    assert entries[0].filesystem == "rpool/ROOT/solaris" and entries[0].capacity == 2


async def test_pkg_unknown_subcommand_answers_as_pkg5(lab_session):
    result = await run(lab_session, "node03", "pkg frobnicate")
    assert (result.exit_status, result.stdout) == (2, "")
    assert result.stderr == (
        "pkg: unknown subcommand 'frobnicate'\nTry `pkg --help or -?' for more information.\n"
    )
