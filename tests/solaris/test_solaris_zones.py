"""zoneadm list and zonecfg parsers, on inline samples and real captures."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    ZoneConfig,
    ZoneResource,
    build_zonecfg_script,
    parse_zoneadm_list_p,
    parse_zoneadm_list_v,
    parse_zonecfg_export,
    parse_zonecfg_info,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


def test_zoneadm_list_p_s11_fields_escapes_and_crlf():
    text = (
        "0:global:running:/::solaris:shared:-:none:\r\n"
        "3:web01:running:/zones/web\\:01:4f5b-11:solaris:excl:-:none:\r\n"
        "-:db01:installed:/zones/db01:9a2c-22:solaris10:shared\r\n\r\n"
    )
    zones = parse_zoneadm_list_p(text)
    assert [z.zonename for z in zones] == ["global", "web01", "db01"]
    assert zones[1].zonepath == "/zones/web:01"
    assert zones[1].zoneid == 3 and zones[2].zoneid is None
    assert zones[0].extra == ("-", "none", "")
    assert zones[2].extra == ()
    assert zones[1].to_dict()["ip_type"] == "excl"


def test_zoneadm_list_p_real_captures():
    oracle = parse_zoneadm_list_p(fixture("zoneadm-list-cp__oracle-puppet-solaris-providers.txt"))
    assert oracle[1].brand == "solaris-kz"
    assert oracle[1].zonepath == "/system/volatile/zones/myzone/zonepath"
    assert oracle[1].extra[:2] == ("R", "solaris-kz")
    illumos = parse_zoneadm_list_p(fixture("zoneadm-list-cp__illumos-telegraf-plugins.txt"))
    assert [z.zoneid for z in illumos] == [0, 42, 44, None]
    assert illumos[1].uuid == "c624d04f-d0d9-e1e6-822e-acebc78ec9ff"
    assert illumos[3].extra == ("219",)


def test_zoneadm_list_p_garbage_names_line():
    with pytest.raises(ParseError) as info:
        parse_zoneadm_list_p("0:global:running:/::solaris:shared\n\ngarbage\n")
    assert str(info.value) == (
        "zoneadm list -cp: line 3: expected at least 7 ':'-separated fields: 'garbage'"
    )
    with pytest.raises(ParseError, match="unknown zone state 'flying'"):
        parse_zoneadm_list_p("1:z:flying:/z:u:solaris:excl\n")
    assert parse_zoneadm_list_p("\n") == []


def test_zoneadm_list_v_solaris10_and_11():
    s10 = parse_zoneadm_list_v(fixture("zoneadm-list-vc__getconfig-solaris10.txt"))
    assert s10[0].brand == "native" and s10[0].id == 0
    s11 = parse_zoneadm_list_v(fixture("zoneadm-list-cv-s11__oracle-lab-ai-zone.txt"))
    assert s11[1].id is None and s11[1].path == "/system/zones/ai-zone" and s11[1].ip == "excl"
    old = parse_zoneadm_list_v(
        "  ID NAME     STATUS     PATH\n   0 global   running    /\n"
        "   - web\tinstalled\t/zones/web\n"
    )
    assert old[1].path == "/zones/web" and old[1].brand == ""
    with pytest.raises(ParseError, match="line 1"):
        parse_zoneadm_list_v("NAME STATUS\n")


S10_EXPORT = """create -b
set zonepath=/zones/web01
set autoboot=true
set ip-type=shared
add fs
set dir=/data
set special=/dev/dsk/c0t600A0B800011382800000A0B84B12D7ACd0s0
set raw=/dev/rdsk/c0t600A0B800011382800000A0B84B12D7ACd0s0
set type=ufs
add options logging
add options "forcedirectio"
end
add net
set address=192.168.1.10/24
set physical=e1000g0
set defrouter=192.168.1.1
end
add rctl
set name=zone.cpu-shares
add value (priv=privileged,limit=20,action=none)
end
add dataset
set name=web01_pool/data
end
add capped-memory
set physical=2G
end
"""


def test_zonecfg_export_solaris10_defaults_and_resources():
    cfg = parse_zonecfg_export(S10_EXPORT)
    assert cfg.brand == "native"
    assert cfg.zonepath == "/zones/web01" and cfg.autoboot is True and cfg.ip_type == "shared"
    assert cfg.datasets == ["web01_pool/data"]
    fs = cfg.filesystems[0]
    assert fs.get("type") == "ufs" and fs.properties["options"] == ("logging", "forcedirectio")
    assert cfg.nets[0].get("physical") == "e1000g0"
    rctl = cfg.of_type("rctl")[0]
    assert rctl.properties["value"] == ("(priv=privileged,limit=20,action=none)",)
    assert cfg.of_type("capped-memory")[0].get("physical") == "2G"


def test_zonecfg_export_real_s11_and_round_trip():
    cfg = parse_zonecfg_export(fixture("zonecfg-export-s11__oracle-lab-ai-zone.txt"))
    assert cfg.brand == "solaris" and cfg.autoboot is False and cfg.ip_type == "exclusive"
    anet = cfg.nets[0]
    assert anet.type == "anet" and anet.get("lower-link") == "auto"
    assert anet.get("link-protection") == "mac-nospoof"
    for original in (cfg, parse_zonecfg_export(S10_EXPORT)):
        assert parse_zonecfg_export(build_zonecfg_script(original)) == original


def test_zonecfg_export_nested_and_quoted_values():
    text = (
        'create -b\nset brand=solaris\nset bootargs="-m verbose"\n'
        "add rootzpool\nadd storage dev:dsk/c0t600144F0DBF8AF19000052E7C4F50001d0\nend\n"
    )
    cfg = parse_zonecfg_export(text)
    assert cfg.properties["bootargs"] == "-m verbose"
    assert cfg.of_type("rootzpool")[0].properties["storage"] == (
        "dev:dsk/c0t600144F0DBF8AF19000052E7C4F50001d0",
    )
    script = build_zonecfg_script(cfg)
    assert 'set bootargs="-m verbose"' in script
    assert parse_zonecfg_export(script) == cfg


def test_zonecfg_export_errors():
    with pytest.raises(ParseError, match=r"line 3: not a zonecfg export statement"):
        parse_zonecfg_export("create -b\nset zonepath=/z\nrm -rf /\n")
    with pytest.raises(ParseError, match="not closed"):
        parse_zonecfg_export("create -b\nadd net\nset physical=net0\n")
    with pytest.raises(ParseError, match="line 2: 'end' without 'add'"):
        parse_zonecfg_export("create -b\nend\n")


def test_build_zonecfg_script_refuses_injection():
    cfg = ZoneConfig({"zonepath": "/zones/a\nadd fs"}, ())
    with pytest.raises(ValueError, match="newline"):
        build_zonecfg_script(cfg)
    ok = ZoneConfig(
        {"zonename": "web01", "zonepath": "/zones/web01", "pool": ""},
        (ZoneResource("dataset", {"name": "p/d"}),),
    )
    assert build_zonecfg_script(ok) == (
        "create -b\nset zonepath=/zones/web01\nadd dataset\nset name=p/d\nend\n"
    )


def test_zonecfg_info_real_and_tab_indented():
    cfg = parse_zonecfg_info(fixture("zonecfg-info__puppetlabs-zone_core.txt"))
    assert cfg.zonename == "dummy" and cfg.ip_type == "exclusive" and cfg.brand == "native"
    assert cfg.nets[0].properties == {"configure-allowed-address": "true", "physical": "net1"}
    text = (
        "zonename: web01\nzonepath: /zones/web01\nbrand: solaris\nautoboot: true\n"
        "ip-type: exclusive\nanet:\n\tlinkname: net0\n\tlower-link: net2\n"
        "\tdefrouter not specified\ncapped-memory:\n\tphysical: 3G\n\t[swap: 1.5G]\n"
        "rctl:\n\tname: zone.cpu-shares\n\tvalue: (priv=privileged,limit=3,action=none)\n"
        "dataset:\n\tname: web01_pool/data\n"
    )
    cfg = parse_zonecfg_info(text)
    assert cfg.nets[0].get("lower-link") == "net2"
    assert cfg.of_type("capped-memory")[0].properties == {"physical": "3G", "swap": "1.5G"}
    assert cfg.datasets == ["web01_pool/data"]
    again = parse_zonecfg_export(build_zonecfg_script(cfg))
    assert again.datasets == cfg.datasets and again.nets == cfg.nets


def test_zonecfg_info_book_capture_without_prompt_lines():
    raw = fixture("zonecfg-info-capped-memory-rctl-s11-1__borges-book.txt")
    body = "\n".join(
        line for line in raw.splitlines() if not line.startswith("root@") and line != "(truncated)"
    )
    cfg = parse_zonecfg_info(body)
    assert cfg.zonepath == "/myzones/zone1"
    assert cfg.of_type("rctl")[0].get("value") == "(priv=privileged,limit=524288000,action=deny)"
    with pytest.raises(ParseError, match=r"line 1: expected 'name: value'"):
        parse_zonecfg_info(raw)
