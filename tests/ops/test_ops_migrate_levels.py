"""Migration across Solaris 10 patch levels on a lab of two SPARC Solaris 10 nodes
sharing a LUN: a zone goes to the newer node with update on attach (`attach -u`,
offered by the dry run and the picker, the point of no return of its plan), never back
to the older one; a plain attach of a zone from another patch level is refused as
Solaris refuses it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import (
    commands_done,
    commands_started,
    discover_lab,
    engine_counting_jobs,
    migration_plan,
    placements,
    run_cli,
    running_lab,
    wait_until,
)
from vdcftui.lab.attach_check import attach_validation
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.candidates import migration_candidates
from vdcftui.repo import models as m

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real-solaris"
LUN = "600A0B800011382800000A0B84E10010"
OLD = ["150400-59", "118666-18", "119254-65"]
NEW = ["150400-59", "118666-20", "119254-66", "141414-01"]


def _spec(path: Path) -> Path:
    nodes = ""
    for index, (name, patches) in enumerate((("a10", OLD), ("b10", NEW))):
        nodes += (
            f'\n[[nodes]]\nname = "{name}"\npool = "pool-a"\nos = "10"\narch = "sparc"\n'
            'nics = ["igb0", "igb1"]\n'
            f'addresses = [{{ link = "igb0", address = "192.168.30.{11 + index}/24", '
            'type = "management" }]\n'
            f"patches = {patches!r}\n".replace("'", '"')
        )
    path.write_text(
        'pools = [{ name = "pool-a" }]\n\n'
        '[lab]\nname = "patch level lab"\nusername = "root"\npassword = "solaris"\n'
        + nodes
        + f'\n[[luns]]\nwwn = "{LUN}"\nsize_gb = 20\nvisible_to = ["a10", "b10"]\n'
        + f'\n[[zpools]]\nname = "z10_pool"\nluns = ["{LUN}"]\nimported_on = "a10"\n'
        + '\n[[zones]]\nname = "z10"\nnode = "a10"\npool = "z10_pool"\nstate = "running"\n'
    )
    return path


@pytest.fixture
def site(tmp_path) -> Iterator[tuple]:
    with running_lab(tmp_path / "lab", _spec(tmp_path / "spec.toml")) as lab:
        repo = tmp_path / "repo.db"
        credentials = discover_lab(lab, repo)
        yield lab, repo, credentials


def test_a_zone_moves_to_a_newer_patch_level_with_update_and_never_back(site):
    lab, repo, _ = site
    dry = run_cli(repo, "vserver", "migrate", "z10", "--to", "b10", "--dry-run")
    assert "b10 is newer (3 patches ahead of a10): fits with update (attach -u)" in dry.stdout
    assert "zoneadm -z z10 attach -u" in dry.stdout
    assert "cannot be attached on a10 again: that step is the point of no return" in dry.stdout
    assert dry.stdout.rstrip().endswith("to run it, allow update on attach: --allow-upgrade")
    picked = {c.node: c.summary for c in migration_candidates("z10")}
    assert picked == {"b10": "fits with update (attach -u)"}
    refused = run_cli(repo, "vserver", "migrate", "z10", "--to", "b10", check=False)
    assert refused.returncode == 5, refused.stderr
    assert "allow update on attach with --allow-upgrade" in refused.stderr
    run_cli(repo, "vserver", "migrate", "z10", "--to", "b10", "--allow-upgrade")
    assert placements(lab, "z10") == {"b10": "running"}
    attach = m.JobStep.get(m.JobStep.command == "zoneadm -z z10 attach -u")
    assert "Updating editable files" in attach.stdout
    back = run_cli(repo, "vserver", "migrate", "z10", "--to", "a10", "--dry-run", check=False)
    assert back.returncode == 5
    assert "a10 is behind b10 on patch 118666-20 (it has -18), 119254-66 (it has -65)" in (
        back.stderr
    )


@pytest.mark.faults
def test_a_failure_after_the_update_completes_on_the_newer_node(site):
    lab, repo, credentials = site
    lab.faults.fail_next("b10", r"^zoneadm -z z10 boot", stderr="zoneadm: boot failed\n")
    run_cli(repo, "vserver", "migrate", "z10", "--to", "b10", "--allow-upgrade", check=False)
    job = m.Job.select().order_by(m.Job.id.desc()).get()
    assert job.state == JobState.FAILED
    assert "past the point of no return nothing was undone" in job.error
    assert placements(lab, "z10") == {"b10": "installed"}  # not taken back to a10
    run_cli(repo, "job", "recover", str(job.id))
    assert placements(lab, "z10") == {"b10": "running"}
    assert m.VServer.get(m.VServer.name == "z10").node.name == "b10"


def test_killed_during_the_update_a_rollback_completes_instead(site):
    lab, repo, credentials = site
    migration = migration_plan(credentials, "z10", "b10", allow_upgrade=True)
    held = lab.faults.hold_next("b10", r"^zoneadm -z z10 attach -u")
    job = submit(Session("alice"), migration)
    started = commands_started(lab, "b10")
    engine = engine_counting_jobs(repo)
    try:
        # b10 runs the import, the configuration, then the attach: its 3rd command
        wait_until(lambda: commands_started(lab, "b10") >= started + 3, "the attach on b10")
        engine.kill()
    finally:
        engine.wait(timeout=30)
        held.set()
    wait_until(lambda: commands_done(lab, "b10") >= started + 3, "b10 to finish the attach")
    recovered = run_cli(repo, "job", "recover", str(job.id), "--rollback")
    assert "(attach it on the target) has taken effect on b10, the point of no return" in (
        recovered.stdout
    )
    assert m.Job.get_by_id(job.id).state == JobState.SUCCEEDED
    assert placements(lab, "z10") == {"b10": "running"}


def test_the_labs_plain_attach_refuses_another_patch_level_in_solaris_words():
    """The validation the lab prints, for the patches of the real capture, is the
    capture's patch part line for line (its indentation aside)."""
    capture = (FIXTURES / "zoneadm-attach-validation-s10__jekyll-migrating-zone.txt").read_text()
    patch_part = capture[capture.index("These patches installed on the source") :]
    source, here = [], []
    for base, was, now in re.findall(r"(\d{6}): version mismatch\s+\((\d+)\) \((\d+)\)", capture):
        source.append(f"{base}-{was}")
        here.append(f"{base}-{now}")
    here += re.findall(r"^\s+(\d{6}-\d{2})$", patch_part, re.MULTILINE)
    said = attach_validation(source, here)

    def lines(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    assert lines(said) == lines(patch_part)
