"""One place for lookups by name: validated, found, or one clear error."""

from __future__ import annotations

import pytest

from vdcftui.errors import OperatorError, UsageError
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.lookup import (
    NotFound,
    Refused,
    dataset_named,
    gdom_named,
    node_named,
    pool_named,
    usable_gdom,
    usable_node,
    usable_vserver,
    vserver_named,
)

REASON = (
    "node03 reported an invalid zonepath for zone zpz ('/zones/zpz | zoneadm -z okz halt "
    "| cat': character ' ' is not allowed)"
)


@pytest.fixture
def repo(tmp_path):
    open_repository(tmp_path / "repo.db")
    pool = m.ComputePool.create(name="pool-a")
    node03 = m.Node.create(name="node03", pool=pool, state="up")
    cdom01 = m.Node.create(name="cdom01", pool=pool, state="up", kind="cdom")
    cdom02 = m.Node.create(name="cdom02", pool=pool, state="up", kind="cdom")
    m.VServer.create(name="okz", node=node03, state="running", zonepath="/zones/okz")
    m.VServer.create(name="zpz", node=node03, state="running", invalid_reason=REASON)
    m.Dataset.create(name="zp_okz", node=node03)
    m.GDom.create(name="gdom01", cdom=cdom01)
    m.GDom.create(name="twin", cdom=cdom01)
    m.GDom.create(name="twin", cdom=cdom02)
    yield
    close_repository()


def test_found_by_name(repo):
    assert vserver_named("okz").zonepath == "/zones/okz"
    assert node_named("node03").state == "up"
    assert pool_named("pool-a").name == "pool-a"
    assert dataset_named("zp_okz").node.name == "node03"
    assert gdom_named("gdom01").cdom.name == "cdom01"
    assert gdom_named("cdom02:twin").cdom.name == "cdom02"
    assert gdom_named("cdom01/twin").cdom.name == "cdom01"
    assert usable_vserver("okz").name == "okz"
    assert usable_node("node03").name == "node03"
    assert usable_gdom("gdom01").name == "gdom01"


@pytest.mark.parametrize(
    ("lookup", "name", "message"),
    [
        (vserver_named, "nothere", "no vServer named 'nothere' in the repository"),
        (node_named, "node99", "no node named 'node99' in the repository"),
        (pool_named, "pool-z", "no compute pool named 'pool-z' in the repository"),
        (dataset_named, "zp_none", "no dataset named 'zp_none' in the repository"),
        (gdom_named, "gdom09", "no GDom named 'gdom09' in the repository"),
        (gdom_named, "cdom02:gdom01", "no GDom named 'cdom02:gdom01' in the repository"),
    ],
)
def test_missing_objects_are_one_clear_error(repo, lookup, name, message):
    with pytest.raises(NotFound) as caught:
        lookup(name)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("lookup", "field"),
    [
        (vserver_named, "zone name"),
        (usable_vserver, "zone name"),
        (node_named, "node name"),
        (usable_node, "node name"),
        (pool_named, "compute pool name"),
        (dataset_named, "zpool name"),
        (gdom_named, "domain name"),
    ],
)
@pytest.mark.parametrize("hostile", ["$(reboot)", "a;b", "`id`", "a\nb", "a\x1b[2J", "a" * 300])
def test_hostile_names_are_usage_errors_naming_the_field_escaped(repo, lookup, field, hostile):
    with pytest.raises(UsageError) as caught:
        lookup(hostile)
    message = str(caught.value)
    assert message.startswith(f"invalid {field} '")
    assert "\x1b" not in message and "\n" not in message


def test_hostile_cdom_part_of_a_gdom_name_is_refused(repo):
    with pytest.raises(UsageError, match=r"invalid node name '\$\(reboot\)'"):
        gdom_named("$(reboot):gdom01")


def test_ambiguous_gdom_names_its_cdoms(repo):
    with pytest.raises(OperatorError) as caught:
        gdom_named("twin")
    assert str(caught.value) == (
        "GDom 'twin' exists on several CDoms (cdom01:twin, cdom02:twin): say CDOM:twin"
    )


def test_object_with_an_invalid_reported_value_is_refused(repo):
    assert vserver_named("zpz").invalid_reason == REASON  # shown, not operated
    with pytest.raises(Refused) as caught:
        usable_vserver("zpz")
    assert str(caught.value) == f"refused: {REASON}; fix it on the host and discover again"
    assert caught.value.exit_status == 5


def test_a_refused_node_refuses_its_vservers_and_guests(repo):
    reason = "node03 reported an invalid model ('T7\\e]0;X\\x07': character '\\e' is not allowed)"
    m.Node.update(invalid_reason=reason).where(m.Node.name == "node03").execute()
    m.Node.update(invalid_reason=reason).where(m.Node.name == "cdom01").execute()
    for lookup, name in ((usable_node, "node03"), (usable_vserver, "okz")):
        with pytest.raises(Refused, match="refused: node03 reported an invalid model"):
            lookup(name)
    with pytest.raises(Refused):
        usable_gdom("gdom01")
    assert node_named("node03").name == "node03"
