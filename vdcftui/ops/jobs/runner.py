"""Running a job: its steps in order over SSH, each recorded before and after; on a
failure, the steps done are undone in reverse order, with every output kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import release_locks, set_job_state
from vdcftui.ops.jobs.plan import Plan
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

StepListener = Callable[[m.JobStep], None]


async def _execute(pool: SSHPool, target: HostTarget, command: str) -> tuple[str, str, int]:
    try:
        result = await pool.run(target, command)
    except OperatorError as exc:
        return "", str(exc) + "\n", 255
    return result.stdout, result.stderr, result.exit_status


async def run_job(
    job: m.Job,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    on_step: StepListener | None = None,
) -> str:
    """Run a queued job to its end; returns the final state."""
    plan = Plan.from_json(job.plan)
    set_job_state(job, "running")
    steps = list(job.steps.order_by(m.JobStep.seq))
    done = [step for step in steps if step.state == "done"]
    failure: str | None = None
    for step in steps:
        if step.state == "done":
            continue
        step.state, step.started = "running", datetime.now()
        step.save(only=[m.JobStep.state, m.JobStep.started])
        _notify(on_step, step)
        out, err, status = await _execute(pool, target_for(step.host), step.command)
        step.stdout, step.stderr, step.exit_status = out, err, status
        step.state = "done" if status == 0 else "failed"
        step.finished = datetime.now()
        step.save()
        _notify(on_step, step)
        if status != 0:
            failure = f"step {step.seq} failed on {step.host}: {err.strip() or out.strip()}"
            break
        done.append(step)
    if failure is None:
        _apply_final_state(plan)
        set_job_state(job, "succeeded")
    else:
        await roll_back_job(job, pool, target_for, on_step, failure, done)
        return job.state
    _finish(job)
    return job.state


async def roll_back_job(
    job: m.Job,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    on_step: StepListener | None,
    reason: str,
    done: list[m.JobStep] | None = None,
) -> str:
    """Undo the job's done steps in reverse order; the job ends rolled back, or failed
    when an undo fails (its output is kept)."""
    if done is None:
        done = list(job.steps.where(m.JobStep.state == "done").order_by(m.JobStep.seq))
    set_job_state(job, "rolling_back", reason)
    undone = await _roll_back(done, pool, target_for, on_step)
    set_job_state(job, "rolled_back" if undone else "failed", reason)
    _finish(job)
    return job.state


def _finish(job: m.Job) -> None:
    release_locks(job)
    m.AuditRecord.create(
        operator=job.operator,
        action=f"{job.operation} {job.state}",
        object_type=job.object_type,
        object_name=job.object_name,
        detail=job.error or "",
        job=job,
    )


async def _roll_back(
    done: list[m.JobStep],
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    on_step: StepListener | None,
) -> bool:
    clean = True
    for step in reversed(done):
        if not step.undo_command:
            continue
        out, err, status = await _execute(pool, target_for(step.host), step.undo_command)
        step.stdout += f"\n--- undo: {step.undo_command}\n{out}"
        step.stderr += err
        step.state = "undone" if status == 0 else "undo_failed"
        step.save(only=[m.JobStep.stdout, m.JobStep.stderr, m.JobStep.state])
        _notify(on_step, step)
        clean = clean and status == 0
    return clean


def _apply_final_state(plan: Plan) -> None:
    """Record in the repository where and in which state the job left its vServers."""
    with transaction():
        for name, node_name in plan.final_nodes:
            node = m.Node.get(m.Node.name == node_name) if node_name else None
            vserver = m.VServer.get(m.VServer.name == name)
            m.VServer.update(node=node).where(m.VServer.id == vserver.id).execute()
            m.Dataset.update(node=node).where(m.Dataset.vserver == vserver).execute()
        for name, state in plan.final_states:
            m.VServer.update(state=state).where(m.VServer.name == name).execute()
        for cdom, name, state in plan.gdom_states:
            m.GDom.update(state=state).where(
                (m.GDom.name == name)
                & m.GDom.cdom.in_(m.Node.select(m.Node.id).where(m.Node.name == cdom))
            ).execute()
        for fs_name, vserver_name, mountpoint, quota in plan.filesystems:
            vserver = m.VServer.get(m.VServer.name == vserver_name)
            dataset = m.Dataset.get(m.Dataset.name == fs_name.split("/")[0])
            m.Filesystem.create(
                dataset=dataset,
                vserver=vserver,
                name=fs_name,
                kind="data",
                mountpoint=mountpoint,
                quota_bytes=quota or None,
            )
        for fs_name, quota in plan.quotas:
            m.Filesystem.update(quota_bytes=quota).where(m.Filesystem.name == fs_name).execute()
        if plan.removed_filesystems:
            m.Filesystem.delete().where(m.Filesystem.name.in_(plan.removed_filesystems)).execute()
        for name in plan.clears_pending:
            m.VServer.update(pending_changes="[]").where(m.VServer.name == name).execute()
        _apply_reconfiguration(plan)


def _apply_reconfiguration(plan: Plan) -> None:
    """Record renamed filesystems, added and released datasets, added and removed
    networks, and removed vServers."""
    for old, new, mountpoint in plan.renamed_filesystems:
        m.Filesystem.update(name=new, mountpoint=mountpoint).where(
            m.Filesystem.name == old
        ).execute()
    for pool, vserver_name, node_name, raid, wwns in plan.datasets:
        dataset = m.Dataset.create(
            name=pool,
            raid=raid,
            state="ONLINE",
            vserver=m.VServer.get(m.VServer.name == vserver_name),
            node=m.Node.get(m.Node.name == node_name),
        )
        for wwn in wwns.split(","):
            m.DatasetLun.create(dataset=dataset, lun=m.Lun.get_or_create(wwn=wwn)[0])
    for pool, destroyed in plan.released_datasets:
        dataset = m.Dataset.get(m.Dataset.name == pool)
        if destroyed:  # its LUN links and filesystems go with it (ON DELETE CASCADE)
            m.Dataset.delete().where(m.Dataset.id == dataset.id).execute()
            continue
        m.Filesystem.update(vserver=None).where(m.Filesystem.dataset == dataset).execute()
        m.Dataset.update(vserver=None, node=None, state="exported").where(
            m.Dataset.id == dataset.id
        ).execute()
    for vserver_name, linkname, net_type, interface, address, prefixlen in plan.nets:
        m.VServerNet.create(
            vserver=m.VServer.get(m.VServer.name == vserver_name),
            linkname=linkname,
            net_type=net_type,
            interface_name=interface,
            address=address,
            prefixlen=prefixlen,
        )
    for vserver_name, linkname in plan.removed_nets:
        vserver = m.VServer.get(m.VServer.name == vserver_name)
        m.VServerNet.delete().where(
            (m.VServerNet.vserver == vserver) & (m.VServerNet.linkname == linkname)
        ).execute()
    if plan.removed_vservers:  # its networks and dependencies go with it (ON DELETE CASCADE)
        m.VServer.delete().where(m.VServer.name.in_(plan.removed_vservers)).execute()


def _notify(listener: StepListener | None, step: m.JobStep) -> None:
    if listener is not None:
        listener(step)
