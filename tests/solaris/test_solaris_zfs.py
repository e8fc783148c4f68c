"""ZFS parsers: zfs list, zpool list, zpool status, zpool import, parse_size."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_size,
    parse_zfs_list,
    parse_zpool_import,
    parse_zpool_list,
    parse_zpool_status,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.2G", round(1.2 * 2**30)),
        ("512K", 524288),
        ("32544M", 32544 * 2**20),
        ("0", 0),
        ("4G", 4 * 2**30),
        ("5.46 kB", int(round(5.46 * 1024))),
        ("-", None),
        ("none", None),
    ],
)
def test_parse_size(text, expected):
    assert parse_size(text) == expected


def test_zfs_list_tab_form_with_fields():
    text = (
        "rpool\t10.0G\t187G\t4.32M\t/rpool\n"
        "rpool/swap\t2147483648\t-\t16K\t-\r\n"
        "web01_pool/data\t31K\t20.0G\t31K\t/zones/web01 data\n"
    )
    rows = parse_zfs_list(text)
    assert rows[0].name == "rpool" and parse_size(rows[0].used) == 10 * 2**30
    assert rows[1].used == 2147483648 and rows[1].avail is None
    assert rows[2].mountpoint == "/zones/web01 data"
    two = parse_zfs_list("rpool/a\t100G\nrpool/b\tnone\n", fields=("name", "quota"))
    assert two[1].to_dict() == {"name": "rpool/b", "quota": "none", "extra": []}
    with pytest.raises(ParseError, match="zfs list: line 2: expected 5 fields"):
        parse_zfs_list("rpool\t1G\t2G\t3K\t/rpool\nbroken\n")


def test_zfs_list_header_forms_real():
    rows = parse_zfs_list(fixture("zfs-list-s10-zfsroot__craigriley-zfs-notes.txt"))
    snap = next(r for r in rows if r.name == "rootpool/ROOT/zfsroot@20090714a")
    assert snap.used == "38.5K" and snap.avail is None and snap.mountpoint == "-"
    raw = fixture("zfs-list-s11-4-0-varshare-zones__solaris11-4-db-prep-notes.txt")
    rows = parse_zfs_list(raw.split("\n", 1)[1])
    zones = next(r for r in rows if r.name == "rpool/VARSHARE/zones")
    assert zones.mountpoint == "/system/zones"
    quota = parse_zfs_list(fixture("zfs-list-o-quota__craigriley-zfs-notes.txt"))
    assert quota[0].quota == "10G"


def test_zpool_list_real_and_h_form():
    oracle = parse_zpool_list(fixture("zpool-list__getconfig-solaris11.txt"))
    assert [p.name for p in oracle] == ["ora_pool", "rpool"]
    assert oracle[0].cap == "87%" and oracle[0].health == "ONLINE"
    illumos = parse_zpool_list(fixture("zpool-list__illumos-telegraf-plugins.txt"))
    assert illumos[0].frag == "2%" and illumos[0].ckpoint is None
    rows = parse_zpool_list(
        "zp_web01\t99.5G\t1.2G\t98.3G\tONLINE\n", ["name", "size", "alloc", "free", "health"]
    )
    assert rows[0].health == "ONLINE" and rows[0].size == "99.5G"
    exact = parse_zpool_list("rpool\t53418655744\tONLINE\n", ["name", "size", "health"])
    assert exact[0].size == 53418655744


def test_zpool_status_real_tab_indented():
    pools = parse_zpool_status(fixture("zpool-status__getconfig-solaris11.txt"))
    assert [p.pool for p in pools] == ["ora_pool", "rpool"]
    ora = pools[0]
    assert ora.scan == "none requested" and ora.errors == "No known data errors"
    assert [(v.name, v.depth) for v in ora.config] == [
        ("ora_pool", 0),
        ("/dev/rdsk/c1d1s0", 1),
        ("c1d12", 1),
    ]
    mirror = parse_zpool_status(fixture("zpool-status__salt.txt"))[0]
    assert [(v.name, v.depth) for v in mirror.config][1:] == [
        ("mirror-0", 1),
        ("c2t0d0", 2),
        ("c2t1d0", 2),
    ]
    m12 = parse_zpool_status(fixture("zpool-status__gradle-server-acceptance-m12.txt"))[0]
    assert m12.config[1].name == "c0t50000397A8423745d0" and m12.config[1].cksum == 0


def test_zpool_status_degraded_inline():
    text = (
        "  pool: zp_db01\n state: DEGRADED\nstatus: One or more devices could not be "
        "opened.\naction: Attach the missing device and\n\tonline it using 'zpool "
        "online'.\n   see: http://support.oracle.com/msg/ZFS-8000-2Q\n"
        "  scan: none requested\nconfig:\n\n\tNAME                        STATE     READ"
        " WRITE CKSUM\n\tzp_db01                     DEGRADED     0     0     0\n"
        "\t  mirror-0                  DEGRADED     0     0     0\n"
        "\t    c0t600A0B80001138280000A0B84B12D7ACd0  ONLINE  0  0  0\n"
        "\t    c0t600A0B80001138280000A0B84B12D7ADd0  UNAVAIL  0  0  0  cannot open\n"
        "\nerrors: No known data errors\n"
    )
    pool = parse_zpool_status(text)[0]
    assert pool.state == "DEGRADED" and pool.see.endswith("ZFS-8000-2Q")
    assert pool.action == "Attach the missing device and\nonline it using 'zpool online'."
    assert pool.config[-1].state == "UNAVAIL" and pool.config[-1].note == "cannot open"
    assert parse_zpool_status("no pools available\n") == []
    with pytest.raises(ParseError, match="zpool status: line 1"):
        parse_zpool_status("cannot open 'x': no such pool\n")


def test_zpool_status_resilver_multiline_scan():
    pool = parse_zpool_status(fixture("zpool-status__illumos-telegraf-plugins-resilver.txt"))[0]
    assert pool.scan.startswith("resilver in progress") and "2.56T total" in pool.scan
    assert pool.status.startswith("One or more devices is currently being resilvered")


def test_zpool_import_listing():
    raw = fixture("zpool-import-hostid-mismatch-WRAPPED__openzfs-msg-ZFS-8000-EY.txt")
    body = "\n".join(line[3:] for line in raw.splitlines()[1:12])
    pools = parse_zpool_import(body)
    assert pools[0].pool == "test" and pools[0].id == "14702934086626715962"
    assert pools[0].config[1].name == "c0t0d0" and pools[0].config[1].depth == 1
    text = (
        "   pool: zp_web01\n     id: 4711\n  state: ONLINE\n action: The pool can be "
        "imported using its name or numeric identifier.\n config:\n\n"
        "\tzp_web01                                 ONLINE\n"
        "\t  c0t600A0B80001138280000A0B84B12D7ACd0  ONLINE\n"
    )
    assert parse_zpool_import(text)[0].state == "ONLINE"
    assert parse_zpool_import("no pools available to import\n") == []
