"""Keep background tasks moving (QUALITY.md, reliability).

The database task backend neither re-queues a task left RUNNING by a crashed worker nor
retries a failed one. `manage.py sweep_tasks` (run every few minutes by the operator's
timer, see docs/operators/deployment.md) does both, within a budget: a task is attempted
at most ``max_attempts`` times (each claim by a worker appends to ``worker_ids``), and a
failed task waits ``backoff * attempts`` before its next try. Tasks must be idempotent
(STYLE.md): they take ids and re-read the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


@dataclass
class SweepReport:
    requeued_stale: int = 0
    retried_failed: int = 0
    given_up: int = 0


@transaction.atomic
def tasks_sweep(
    *,
    now: datetime | None = None,
    stale_after: timedelta = timedelta(minutes=30),
    max_attempts: int = 3,
    backoff: timedelta = timedelta(minutes=5),
) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    stale = DBTaskResult.objects.select_for_update().filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after
    )
    for result in stale:
        if len(result.worker_ids) >= max_attempts:
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = "solidaires.core.task_sweeper.StaleTask"
            result.traceback = "Abandoned by its worker and out of attempts."
            result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            report.given_up += 1
            continue
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.run_after = now
        result.save(update_fields=["status", "started_at", "run_after"])
        report.requeued_stale += 1

    failed = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.FAILED)
    for result in failed:
        attempts = len(result.worker_ids)
        if attempts >= max_attempts or result.exception_class_path.endswith("StaleTask"):
            continue
        if result.finished_at and result.finished_at > now - backoff * attempts:
            continue
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.finished_at = None
        result.run_after = now
        result.save(update_fields=["status", "started_at", "finished_at", "run_after"])
        report.retried_failed += 1
    return report
