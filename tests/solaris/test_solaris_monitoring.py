"""The collectors' lenient parsers on the real captures: every well-formed record kept,
every line they cannot read reported with its number."""

from pathlib import Path

from vdcftui.solaris.monitoring import (
    FmFault,
    parse_df_usage,
    parse_fmadm_faulty,
    parse_kstat_values,
    parse_prstat_zones,
    parse_svcs_problems,
    parse_swap_usage,
    parse_zfs_usage,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


def uncommented(name: str) -> str:
    """A capture quoted in a source comment, without its ``# `` prefixes and ``$`` ends."""
    return "\n".join(
        line.removeprefix("#").removeprefix(" ").rstrip("$") for line in fixture(name).splitlines()
    )


def test_prstat_zone_block_s11():
    parsed = parse_prstat_zones(fixture("prstat-Z-zoneblock-s11__borges-book.txt"))
    assert parsed.problems == ()
    zones = {z.zone: z for z in parsed.records}
    assert list(zones) == ["global", "zone1", "zone2"]
    assert zones["global"].cpu == 2.5 and zones["global"].rss == 794 << 20
    assert (zones["zone1"].zoneid, zones["zone1"].nproc, zones["zone1"].memory) == (2, 28, 0.7)


def test_prstat_whole_report_skips_processes_and_total():
    parsed = parse_prstat_zones(uncommented("prstat-Z__nagios-zone-cpu-comment.txt"))
    assert [z.zone for z in parsed.records] == ["global", "refapp1", "refdb1"]
    refdb1 = parsed.records[2]
    assert refdb1.swap == 13 << 30 and refdb1.rss == 3273 << 20 and refdb1.memory == 10.0
    # the "..." line between the blocks is outside the zone block: not a problem
    assert parsed.problems == ()
    for name in (
        "prstat-Z__deimos-zones-bigadmin-fss1.txt",
        "prstat-vZ-1-1-zoneblock__blog-quick-zone-stats.txt",
    ):
        parsed = parse_prstat_zones(fixture(name))
        assert len(parsed.records) == 3 and parsed.problems == ()
    assert (
        parse_prstat_zones(fixture("prstat-Z__deimos-zones-bigadmin-fss1.txt")).records[0].cpu
        == 62.0
    )


def test_prstat_keeps_good_rows_around_a_bad_one():
    text = fixture("prstat-Z-zoneblock-s11__borges-book.txt").replace(
        "     2       28  230M   62M   0.7%   0:00:30 0.1% zone1",
        "     2       28  230M   62M   garbage",
    )
    parsed = parse_prstat_zones(text)
    assert [z.zone for z in parsed.records] == ["global", "zone2"]
    (problem,) = parsed.problems
    assert problem.lineno == 3 and "garbage" in str(problem)
    assert parse_prstat_zones("sh: prstat: not found\n").problems


def test_fmadm_faulty_three_cases_both_layouts():
    text = uncommented("fmadm-faulty-s10-s11-three-examples__checkmk-solaris-fmadm-comment.txt")
    parsed = parse_fmadm_faulty(text)
    assert parsed.problems == ()
    assert parsed.records == (
        FmFault(
            "Aug 24 17:56:03", "7b83c87c-78f6-6a8e-fa2b-d0cf16834049", "SUN4V-8001-8H", "Minor"
        ),
        FmFault(
            "Sep 21 10:01:36", "d482f935-5c8f-e9ab-9f25-d0aaafec1e6c", "PCIEX-8000-5Y", "Major"
        ),
        FmFault(
            "Jun 05 22:11:06", "66b65c7f-33c4-4625-94dc-b35e1926ab47", "PCIEX-8000-YJ", "Major"
        ),
    )
    assert parse_fmadm_faulty("").records == ()
    broken = text.replace("Sep 21 10:01:36 d482f935", "Sep 21 10:01 d482f935")
    bad = parse_fmadm_faulty(broken)
    assert len(bad.records) == 2 and "Sep 21 10:01 d482f935" in str(bad.problems[0])


def test_kstat_values_keep_good_lines():
    parsed = parse_kstat_values(
        "unix:0:system_pages:freemem\t1234\ngarbage\ncpu:0:sys:cpu_ticks_idle\t99\n"
    )
    assert [(s.name, s.statistic, s.value) for s in parsed.records] == [
        ("system_pages", "freemem", 1234),
        ("sys", "cpu_ticks_idle", 99),
    ]
    assert [p.lineno for p in parsed.problems] == [2]
    real = parse_kstat_values(fixture("kstat-p-cpu_info__getconfig-sparc-s7.txt"))
    assert real.problems == () and len(real.records) > 10


def test_df_k_capture_and_a_bad_row():
    text = fixture("df-k__glpi-agent.txt")
    parsed = parse_df_usage(text)
    assert parsed.problems == ()
    root = parsed.records[0]
    assert (root.mounted_on, root.used, root.capacity) == ("/", 5423501, 34)
    lines = text.splitlines()
    lines.insert(2, "bogus row")
    bad = parse_df_usage("\n".join(lines))
    assert len(bad.records) == len(parsed.records) and bad.problems[0].lineno == 3


def test_zfs_usage_exact_bytes():
    parsed = parse_zfs_usage(
        "rpool\t6442450944\t21474836480\t/rpool\n"
        "zdata/web01\t104857600\t1048576000\t/zones/web01\n"
        "broken\t1.2G\t3G\t/x\n"
    )
    assert [(d.name, d.used) for d in parsed.records] == [
        ("rpool", 6442450944),
        ("zdata/web01", 104857600),
    ]
    assert parsed.problems[0].lineno == 3


def test_swap_and_svcs_captures():
    swap = parse_swap_usage(fixture("swap-s__getconfig-solaris11.txt"))
    assert swap.records[0].allocated_kb == 4996272 and swap.records[0].reserved_kb == 1636152
    assert parse_swap_usage("swap: cannot\n").problems
    text = fixture("svcs-xv-maintenance-s11-1__borges-book-smf-chapter.txt").split("\n", 1)[1]
    services = parse_svcs_problems(text + "\nnot a service block\n")
    assert [s.state for s in services.records] == ["maintenance"]
    assert services.records[0].svc == "svc:/application/gedit_script:default"
    assert [p.lineno for p in services.problems] == [9]
    assert parse_svcs_problems("").records == ()
