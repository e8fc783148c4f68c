"""System configuration values and their builders: hostile values refused where they
enter with a message naming the character; the read-backs parsed; the setprop
command built as one shell word per value."""

import pytest

from vdcftui.solaris import dns, kernel, ntp, smfprops, users
from vdcftui.solaris.cmd import dns as dns_cmd
from vdcftui.solaris.cmd import files, smf
from vdcftui.solaris.cmd import users as users_cmd
from vdcftui.solaris.names import InvalidName

HOSTILE = ["a;reboot", "$(reboot)", "`id`", "a\nb", "a\x1b[2J", "a b", "a|b", "a'b", ""]
VALIDATORS = {
    "nameservers": lambda v: dns.validate_dns("nameservers", v),
    "search": lambda v: dns.validate_dns("search", v),
    "ntp": ntp.validate_ntp_servers,
    "login": users.validate_login,
    "user": users.validate_user,
    "key": users.validate_authorized_key,
    "property": smfprops.validate_property,
    "typed": smfprops.validate_typed_value,
    "param": kernel.validate_param,
    "param value": kernel.validate_param_value,
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", VALIDATORS)
def test_hostile_values_are_refused_naming_why(field, value):
    with pytest.raises(InvalidName) as refused:
        VALIDATORS[field](value)
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message
    assert "invalid " in message


def test_metacharacters_and_controls_are_named():
    with pytest.raises(InvalidName, match="shell metacharacter ';'"):
        ntp.validate_ntp_servers("ntp1;reboot")
    with pytest.raises(InvalidName, match=r"control character '\\e'"):
        users.validate_user("1001:10:/home/a:/bin/sh\x1b")
    with pytest.raises(InvalidName, match="whitespace ' '"):
        smfprops.validate_typed_value("astring:a b")


def test_values_are_checked_by_their_type():
    assert dns.validate_dns("nameservers", "10.0.0.1,::1") == ("10.0.0.1", "::1")
    with pytest.raises(InvalidName, match="the limit is 3"):
        dns.validate_dns("nameservers", "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4")
    with pytest.raises(InvalidName, match="given twice"):
        ntp.validate_ntp_servers("ntp1,ntp1")
    assert users.validate_user("1001:10:/export/home/a:/bin/sh").uid == 1001
    with pytest.raises(InvalidName, match="uid"):
        users.validate_user("0:0:/root:/bin/sh")
    assert smfprops.validate_typed_value("count:5") == ("count", "5")
    with pytest.raises(InvalidName, match="whole number"):
        smfprops.validate_typed_value("integer:5x")
    ref = smfprops.validate_property("svc:/network/ssh:default/:properties/config/x")
    assert (ref.instance, ref.prop) == ("svc:/network/ssh:default", "config/x")
    assert kernel.same_value("0x10", "16") and not kernel.same_value("0x10", "15")


def test_read_backs_are_parsed():
    group = "config/nameserver net_address 10.0.0.1 10.0.0.2\nconfig/search astring a.com\n"
    assert dns.parse_svcprop_group(group)["config/nameserver"] == ("10.0.0.1", "10.0.0.2")
    resolv = "# x\ndomain a.com\nnameserver 10.0.0.1\nsearch b.com c.com\n"
    assert dns.parse_resolv_conf(resolv) == {
        "nameservers": ("10.0.0.1",),
        "search": ("b.com", "c.com"),
    }
    assert ntp.parse_ntp_servers(ntp.render_ntp_conf(("a", "b"))) == ("a", "b")
    line = "alice:x:1001:10::/export/home/alice:/bin/bash\n"
    assert users.parse_getent_passwd(line, "alice") == users.User(
        1001, 10, "/export/home/alice", "/bin/bash"
    )
    assert users.parse_getent_passwd(line, "bob") is None
    system = "* set x=1\nset maxusers=2048\nset zfs:zfs_arc_max = 0x10\n"
    assert kernel.parse_system(system) == {"maxusers": "2048", "zfs:zfs_arc_max": "0x10"}
    edited = kernel.edit_system(system, {"maxusers": "512"})
    assert kernel.parse_system(edited)["maxusers"] == "512" and "* set x=1" in edited


def test_config_commands_are_argv_with_one_word_per_value():
    setting = dns_cmd.set_dns_client("nameservers", "10.0.0.1,10.0.0.2")
    assert setting.argv[:2] == ("sh", "-c")
    assert "net_address: '(10.0.0.1 10.0.0.2)' && svcadm refresh" in setting.argv[2]
    with pytest.raises(ValueError, match="plain property value"):
        smf.setprop_refresh("svc:/a:default", "config/x", "astring", ("a b",), "svc:/a:default")
    with pytest.raises(ValueError, match="property name"):
        smf.delprop_refresh("svc:/a:default", "config;x", "svc:/a:default")
    user = users.User(1001, 10, "/export/home/a", "/bin/sh")
    assert users_cmd.useradd("alice", user).text() == (
        "useradd -u 1001 -g 10 -d /export/home/a -s /bin/sh alice"
    )
    with pytest.raises(InvalidName):
        users_cmd.userdel("alice;reboot")
    assert files.change_owner(1001, 10, "/a", "/b").argv == ("chown", "1001:10", "/a", "/b")
    with pytest.raises(ValueError, match="absolute plain path"):
        files.read_file("/etc/system; reboot")
