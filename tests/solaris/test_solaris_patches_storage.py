"""pkg info, showrev -p, beadm, format, mpathadm and fcinfo parsers."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_beadm_list_h,
    parse_fcinfo_hba_port,
    parse_format_disks,
    parse_mpathadm_list_lu,
    parse_pkg_info,
    parse_showrev_p,
    sru_of,
    wwn_from_device,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


def test_pkg_info_real_and_sru():
    info = parse_pkg_info(fixture("pkg-info-entire__getconfig-solaris11.txt"))[0]
    assert info.name == "entire" and info.branch == "0.175.3.33.0.5.0"
    assert info.packaging_date == "Wed May 30 18:36:17 2018" and info.size == "5.46 kB"
    assert sru_of(info) == "11.3.33.5.0"
    m12 = parse_pkg_info(fixture("pkg-info-entire__gradle-server-acceptance-m12.txt"))[0]
    assert sru_of(m12) == "11.3.29.5.0"
    s114 = parse_pkg_info(
        "          Name: entire\n       Version: 11.4 (Oracle Solaris "
        "11.4.42.111.0)\n        Branch: 11.4.42.0.1.111.0\n\n"
        "          Name: shell/bash\n         State: Installed\n"
    )
    assert sru_of(s114[0]) == "11.4.42.111.0" and s114[1].state == "Installed"
    assert sru_of(s114[1]) is None
    with pytest.raises(ParseError, match="pkg info: line 1"):
        parse_pkg_info("pkg: info: no packages matching 'entire' installed\n")


def test_showrev_p():
    rows = parse_showrev_p(fixture("showrev-p-grep__craigriley-zfs-notes.txt"))
    assert rows[1].patch == "139608-04" and rows[1].requires == ()
    assert rows[0].obsoletes[-1] == "136786-01" and rows[0].packages == ("SUNWemlxu", "SUNWemlxs")
    line = (
        "Patch: 150400-59 Obsoletes:  Requires: 118833-36, 150400-40 Incompatibles:  "
        "Packages: SUNWcsu, SUNWcsr\r\n"
    )
    patch = parse_showrev_p(line)[0]
    assert patch.requires == ("118833-36", "150400-40") and patch.obsoletes == ()
    with pytest.raises(ParseError, match="showrev -p: line 1"):
        parse_showrev_p("# " + line)


def test_beadm_list_h_real():
    bes = parse_beadm_list_h(fixture("beadm-list-H__oracle-puppet-solaris-providers.txt"))
    assert bes[0].name == "s12b113" and bes[0].active_now and bes[0].active_on_reboot
    assert bes[0].space == 26086764032 and bes[0].created == 1481572424
    assert bes[1].mountpoint is None and not bes[1].active_now
    with pytest.raises(ParseError, match="line 1"):
        parse_beadm_list_h("solaris;uuid;NR\n")


def test_wwn_from_device():
    assert (
        wwn_from_device("c0t600A0B80001138280000A0B84B12D7ACd0")
        == "600A0B80001138280000A0B84B12D7AC"
    )
    assert (
        wwn_from_device("/dev/rdsk/c0t6742B0F000007536000000000000217Dd0s2")
        == "6742B0F000007536000000000000217D"
    )
    assert (
        wwn_from_device("/scsi_vhci/ssd@g600a0b80001138280000a0b84b12d7ac")
        == "600A0B80001138280000A0B84B12D7AC"
    )
    assert wwn_from_device("/scsi_vhci/ssd@g600a0b800011382800000a0b84b12d7ac") is None
    assert wwn_from_device("c0t5000CCA0123456ABd0") == "5000CCA0123456AB"
    assert wwn_from_device("c1t0d0") is None


def test_format_disks():
    text = (
        "Searching for disks...done\n\n\nAVAILABLE DISK SELECTIONS:\n"
        "       0. c0t5000CCA0123456ABd0 <HITACHI-H109060SESUN600G-A606 cyl 64986 alt 2 "
        "hd 27 sec 668>  solaris\n          /scsi_vhci/disk@g5000cca0123456ab\n"
        "          /dev/chassis/SYS/HDD0/disk\n"
        "       1. c0t600A0B80001138280000A0B84B12D7ACd0 <SUN-LCSM100_F-0670 cyl 5118 alt 2"
        " hd 64 sec 64>\n          /scsi_vhci/ssd@g600a0b80001138280000a0b84b12d7ac\n"
        "Specify disk (enter its number): \n"
    )
    disks = parse_format_disks(text)
    assert disks[0].volume_name == "solaris" and disks[0].extra == ("/dev/chassis/SYS/HDD0/disk",)
    assert disks[1].wwn == "600A0B80001138280000A0B84B12D7AC"
    assert disks[1].description.startswith("SUN-LCSM100_F-0670")
    eva = parse_format_disks(fixture("format-e-entries__opensvc-devtree.txt"))
    assert eva[1].index == 4 and eva[1].volume_name == "EVA_SAVE"
    assert eva[1].wwn == "600508B4000971CD00010000024A0000" and eva[0].wwn is None
    ide = parse_format_disks(fixture("format__deimos-disk-management.txt"))
    assert ide[0].device == "c0d0" and ide[0].path == "/pci@0,0/pci-ide@7,1/ide@0/cmdk@0,0"
    with pytest.raises(ParseError, match="format: line 1"):
        parse_format_disks("format: permission denied\n")


def test_mpathadm_list_lu():
    lus = parse_mpathadm_list_lu(fixture("mpathadm-list-lu__infi-storagemodel.txt"))
    assert lus[1].device == "/dev/rdsk/c0t6742B0F000007536000000000000217Dd0s2"
    assert (lus[1].total_path_count, lus[1].operational_path_count) == (3, 3)
    assert lus[0].wwn == "6742B0F0000075360000000000000000"
    tabs = parse_mpathadm_list_lu(
        "\t/dev/rdsk/c0t600A0B80001138280000A0B84B12D7ACd0s2\n"
        "\t\tTotal Path Count: 4\n\t\tOperational Path Count: 2\n"
    )
    assert tabs[0].operational_path_count == 2
    with pytest.raises(ParseError, match="lacks its path counts"):
        parse_mpathadm_list_lu("/dev/rdsk/c0t1d0s2\n\tTotal Path Count: 1\n")


def test_fcinfo_hba_port_real():
    ports = parse_fcinfo_hba_port(fixture("fcinfo-hba-port__fusioninv-sample2.txt"))
    assert len(ports) == 3 and ports[2].state == "offline"
    assert ports[2].current_speed == "not established"
    assert ports[1].supported_speeds == ("1Gb", "2Gb") and ports[1].type == "N-port"
    qle = parse_fcinfo_hba_port(fixture("fcinfo-hba-port__fusioninv-sample1.txt"))[0]
    assert qle.fcode_bios_version == "BIOS: 1.12; fcode: 1.16; EFI: 1.04;"
    with pytest.raises(ParseError, match="expected 'HBA Port WWN:' first"):
        parse_fcinfo_hba_port("        Model: QLE2462\n")
