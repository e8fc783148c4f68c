"""Hostile values in a lab spec: refused naming the TOML key; a zonepath and a model
may be what a real host could report."""

from __future__ import annotations

from importlib.resources import files

import pytest

from vdcftui.lab.spec import SpecError, load_spec

HOSTILE = ["x;reboot", "$(reboot)", "`reboot`", "x\\nreboot", "x\\u001b[2J", "x" * 300]


def _spec(tmp_path, old: str, new: str):
    text = (files("vdcftui.lab") / "default_spec.toml").read_text()
    assert text.count(old) == 1
    path = tmp_path / "spec.toml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize(
    ("old", "template", "key"),
    [
        ('name = "web01"', 'name = "{}"', "zones[0].name: invalid zone name"),
        ('name = "node04"', 'name = "{}"', "nodes[3].name: invalid node name"),
        ('"web01_pool/data",', '"{}",', "zones[0].datasets[0]: invalid ZFS dataset name"),
        ('{ name = "pool-b" }', '{{ name = "{}" }}', "pools[1].name: invalid compute pool name"),
    ],
)
def test_hostile_names_are_refused_naming_the_key(tmp_path, hostile, old, template, key):
    path = _spec(tmp_path, old, template.format(hostile))
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key} '"), message
    assert "\x1b" not in message and "\n" not in message


def test_zonepath_and_model_may_be_what_a_host_reports(tmp_path):
    path = _spec(
        tmp_path,
        'name = "web01"\n',
        'name = "web01"\nzonepath = "/zones/web01 | zoneadm -z web02 halt | cat"\n',
    )
    zone = next(z for z in load_spec(path).zones if z.name == "web01")
    assert zone.zonepath == "/zones/web01 | zoneadm -z web02 halt | cat"
    assert next(z for z in load_spec(path).zones if z.name == "web02").zonepath == "/zones/web02"
    line_break = _spec(tmp_path, 'name = "web01"\n', 'name = "web01"\nzonepath = "/z\\nx"\n')
    with pytest.raises(SpecError, match=r"zones\[0\].zonepath: invalid zonepath '/z\\nx'"):
        load_spec(line_break)
    relative = _spec(tmp_path, 'name = "web01"\n', 'name = "web01"\nzonepath = "zones/x"\n')
    with pytest.raises(SpecError, match="it must be an absolute path"):
        load_spec(relative)
