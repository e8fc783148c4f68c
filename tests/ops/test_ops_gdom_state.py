"""Starting and stopping GDoms with the CLI: `ldm bind-domain`/`start-domain` and
`stop-domain` on the control domain as jobs, checked with `ldm list -p` over SSH."""

from __future__ import annotations

import json


def gdom(lab, name: str) -> dict:
    return json.loads(lab.cli("gdom", "show", name, "--json").stdout)


def test_start_a_bound_and_an_inactive_gdom_then_stop_one(cli_lab):
    lab = cli_lab
    cdom = gdom(lab, "gdom04")["cdom"]
    lab.cli("gdom", "start", "gdom04")
    assert "|name=gdom04|state=active|" in lab.ssh(cdom, "ldm list -p gdom04")
    assert gdom(lab, "gdom04")["state"] == "active"

    cdom = gdom(lab, "gdom05")["cdom"]
    dry = lab.cli("gdom", "start", "gdom05", "--dry-run").stdout
    assert f"[{cdom}] ldm bind-domain gdom05" in dry and "ldm start-domain gdom05" in dry
    assert "|name=gdom05|state=inactive|" in lab.ssh(cdom, "ldm list -p gdom05")
    before = gdom(lab, "gdom05")
    assert before["state"] == "inactive" and before["cons"] in (None, "-", "")
    lab.cli("gdom", "start", f"{cdom}:gdom05")
    listed = lab.ssh(cdom, "ldm list -p gdom05")
    assert "|name=gdom05|state=active|" in listed
    # The job read the domain back: the repository holds what the CDom now reports.
    fields = dict(f.split("=", 1) for f in listed.split("DOMAIN|")[1].split()[0].split("|"))
    after = gdom(lab, "gdom05")
    assert fields["cons"] not in ("", "-")  # a bound domain has its console port
    assert (after["state"], str(after["cons"]), after["vcpus"], after["memory_mb"]) == (
        "active",
        fields["cons"],
        int(fields["ncpu"]),
        int(fields["mem"]) // 2**20,
    )

    lab.cli("gdom", "stop", "gdom05")
    assert "|name=gdom05|state=bound|" in lab.ssh(cdom, "ldm list -p gdom05")
    assert gdom(lab, "gdom05")["state"] == "bound"
    audit = lab.cli("audit", "--object", f"{cdom}:gdom05").stdout
    assert "stop succeeded" in audit and "start succeeded" in audit


def test_refusals_name_the_reason_and_run_nothing(cli_lab):
    lab = cli_lab
    carrying = lab.cli("gdom", "stop", "gdom01", check=False)
    assert carrying.returncode == 5
    assert "it carries running vServers gz01, gz03" in carrying.stderr
    assert "|name=gdom01|state=active|" in lab.ssh(
        gdom(lab, "gdom01")["cdom"], "ldm list -p gdom01"
    )
    already = lab.cli("gdom", "start", "gdom01", check=False)
    assert already.returncode == 5 and "gdom01 is already active" in already.stderr
    hostile = lab.cli("gdom", "stop", "gdom04;reboot", check=False)
    assert hostile.returncode == 2
    readonly = lab.cli("--readonly", "gdom", "stop", "gdom02", check=False)
    assert readonly.returncode == 3 and "read-only" in readonly.stderr
    unknown = lab.cli("gdom", "start", "cdom01:nosuch", check=False)
    assert unknown.returncode == 1 and "no GDom named 'cdom01:nosuch'" in unknown.stderr
    jobs = lab.cli("job", "list").stdout
    assert "gdom01" not in jobs and "gdom02" not in jobs
