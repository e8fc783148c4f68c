"""Model profiles (models.toml): read whole, every value checked where it enters, a
wrong file refused in one line naming the model and the key; `vdcftui model` shows
and checks them."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli
from tests.ops.install_site import MODELS
from vdcftui.ops.node.profiles import ProfileError, load_profiles, profile_for

GOOD = """
[model."SPARC T7-1"]
root_disk = "c0t5000CCA0255A0B40d0"
root_mirror = "c0t5000CCA0255A0B44d0"
[model."SPARC T7-1".network.backup]
interfaces = ["net4"]
group = "aggregation"
name = "aggr2"
"""


def test_profiles_are_read_with_their_networks(tmp_path):
    path = tmp_path / "models.toml"
    path.write_text(MODELS)
    profiles = load_profiles(path)
    assert sorted(profiles) == ["SPARC T4-1", "SPARC T5-2", "SPARC T7-1"]
    t7 = profiles["SPARC T7-1"]
    assert t7.to_json()["networks"]["public"]["interfaces"] == ["net2", "net3"]
    public = t7.network("public")
    assert public is not None and (public.group, public.name) == ("aggregation", "aggr1")
    assert public.interfaces == ("net2", "net3") and t7.network("backup") is None
    assert profile_for("SPARC T5-2", path).root_mirror == "c0t5000CCA0255A0B44d0"
    assert load_profiles(tmp_path / "absent.toml") == {}


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('root_disk = "c0t5000CCA0255A0B40d0"', 'root_disk = "/dev/dsk/c0"'), "root_disk"),
        (
            ('root_mirror = "c0t5000CCA0255A0B44d0"', 'root_mirror = "c0t5000CCA0255A0B40d0"'),
            "root_mirror is the root disk itself",
        ),
        (('group = "aggregation"', 'group = "trunk"'), "group is one of ipmp, aggregation"),
        (('interfaces = ["net4"]', 'interfaces = ["net4", "net4"]'), "listed twice"),
        (('interfaces = ["net4"]', 'interfaces = ["net4; rm -rf /"]'), "network backup"),
        (('interfaces = ["net4"]', "interfaces = []"), "interfaces is a list"),
        (('name = "aggr2"', 'name = "net4"'), "named as one of its interfaces"),
        (("network.backup]", "network.storage]"), "unknown network type 'storage'"),
        (('root_mirror = "c0t5000CCA0255A0B44d0"', "root_mirror = 5"), "root_mirror is a disk"),
        (
            ('[model."SPARC T7-1".network', 'swap = "x"\n[model."SPARC T7-1".network'),
            "unknown key 'swap'",
        ),
        (('"SPARC T7-1"]', '"SPARC\\u001bT7-1"]'), "server model"),
        (("[model.", "[models."), "unknown table 'models'"),
        (("interfaces", "interfaces = [\n"), "models.toml"),
    ],
)
def test_a_wrong_value_refuses_the_whole_file(tmp_path, change, says):
    path = tmp_path / "models.toml"
    path.write_text(GOOD.replace(*change, 1))
    with pytest.raises(ProfileError) as refused:
        load_profiles(path)
    assert says in str(refused.value) and "\n" not in str(refused.value).strip()


def test_an_interface_in_two_networks_is_refused(tmp_path):
    path = tmp_path / "models.toml"
    path.write_text(MODELS.replace('interfaces = ["net2", "net3"]', 'interfaces = ["net1"]', 1))
    with pytest.raises(ProfileError, match="net1 is in the management and the public network"):
        load_profiles(path)


def test_model_check_refuses_a_wrong_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('group = "aggregation"', 'group = "trunk"'))
    checked = run_cli(tmp_path / "repo.db", "model", "check", str(bad), check=False)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "network backup: group is one of ipmp, aggregation" in checked.stderr
