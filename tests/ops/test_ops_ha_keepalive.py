"""Keep-alives: the real agent script's datagram is accepted, with perl's Digest::SHA
and without it; a wrong MAC, a replay, a clock far off, garbage and a bad node name are
refused; the [ha] settings are checked."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

import vdcftui.ops.ha.agent
from vdcftui.errors import OperatorError
from vdcftui.ops.ha.config import load_ha_settings
from vdcftui.ops.ha.keepalive import Heard, keepalive
from vdcftui.settings import load_settings

SECRET = "5e" * 32
AGENT = Path(vdcftui.ops.ha.agent.__file__).with_name("vdcf-keepalive.pl")


@pytest.mark.parametrize("digest_sha", [True, False], ids=["digest-sha", "perl-5.8.4"])
def test_the_agent_scripts_keepalive_is_accepted(tmp_path, digest_sha):
    """Also where perl has no Digest::SHA (Solaris 10's 5.8.4): the script's own SHA-256."""
    env = {"PATH": "/usr/bin:/bin"}
    if not digest_sha:
        missing = tmp_path / "lib" / "Digest" / "SHA.pm"
        missing.parent.mkdir(parents=True)
        missing.write_text('die "Can\'t locate Digest/SHA.pm in @INC (as in perl 5.8.4)\\n";\n')
        env["PERL5LIB"] = str(tmp_path / "lib")
    secret_file = tmp_path / "keepalive.secret"
    secret_file.write_text(SECRET + "\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(30)
        conf = tmp_path / "keepalive.conf"
        conf.write_text(
            f"# written by the test\nengine = 127.0.0.1:{sock.getsockname()[1]}\n"
            f"secret_file = {secret_file}\nnode = node08\n"
        )
        subprocess.run(
            ["perl", str(AGENT), "--once"],
            env={**env, "VDCF_KEEPALIVE_CONF": str(conf)},
            check=True,
            timeout=30,
        )
        data, _ = sock.recvfrom(512)
    heard = Heard()
    assert heard.accept(data, SECRET, 30) == "node08"
    assert "node08" in heard.last
    with pytest.raises(ValueError, match="replayed"):
        heard.accept(data, SECRET, 30)


def test_the_agent_refuses_a_configuration_without_the_engine(tmp_path):
    conf = tmp_path / "keepalive.conf"
    conf.write_text("interval = 5\n")
    run = subprocess.run(
        ["perl", str(AGENT), "--once"],
        env={"VDCF_KEEPALIVE_CONF": str(conf)},
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "engine = HOST:PORT is missing" in run.stderr


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (keepalive("node08", "another secret"), "bad MAC for node08"),
        (keepalive("node08", SECRET, millis=1_000), "clock is off"),
        (b"hello", "not a keep-alive"),
        (b"\xff\xfe", "not a keep-alive"),
        (keepalive("node;08", SECRET), "not a node name"),
    ],
    ids=["wrong secret", "clock off", "garbage", "not ascii", "bad node name"],
)
def test_a_datagram_that_proves_nothing_is_refused(data, why):
    heard = Heard()
    with pytest.raises(ValueError, match=why):
        heard.accept(data, SECRET, 30)
    assert heard.last == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ha]\npartition_share = 2\n", "ha.partition_share is a share of nodes, at most 1"),
        ("[ha]\nfailed_after = -1\n", "ha.failed_after must be a positive number"),
        ('[ha]\nlisten = "7470"\n', 'ha.listen must be "address:port"'),
        ("[ha]\nsuspect_after = 1\n", "ha.suspect_after must be longer than"),
        ("[ha]\nheartbeat = 1\n", "unknown setting ha.heartbeat"),
    ],
)
def test_bad_ha_settings_are_one_clear_error(tmp_path, text, message):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    for load in (load_ha_settings, load_settings):
        with pytest.raises(OperatorError, match=message):
            load(path)


def test_ha_settings_are_read(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        'theme = "textual-dark"\n[ha]\nlisten = "10.0.0.5:7471"\npartition_share = 0.6\n'
    )
    settings = load_ha_settings(path)
    assert settings.address == ("10.0.0.5", 7471) and settings.partition_share == 0.6
    assert load_settings(path).theme == "textual-dark"
