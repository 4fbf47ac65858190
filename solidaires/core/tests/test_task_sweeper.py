from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from solidaires.core.task_sweeper import tasks_sweep

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make_result(**fields):
    defaults = {
        "args_kwargs": {"args": [1], "kwargs": {}},
        "task_path": "solidaires.associations.tasks.send_association_decision_email",
        "backend_name": "default",
        "queue_name": "default",
        "run_after": NOW,
        "exception_class_path": "",
        "traceback": "",
    }
    return DBTaskResult.objects.create(**{**defaults, **fields})


def test_task_left_running_by_a_dead_worker_is_requeued():
    stale = make_result(
        status=TaskResultStatus.RUNNING, started_at=NOW - timedelta(hours=1), worker_ids=["w1"]
    )
    busy = make_result(
        status=TaskResultStatus.RUNNING, started_at=NOW - timedelta(minutes=1), worker_ids=["w2"]
    )
    report = tasks_sweep(now=NOW)
    assert report.requeued_stale == 1
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING


def test_failed_task_is_retried_with_backoff_then_given_up():
    result = make_result(
        status=TaskResultStatus.FAILED,
        finished_at=NOW - timedelta(minutes=2),
        worker_ids=["w1"],
        exception_class_path="smtplib.SMTPException",
    )
    assert tasks_sweep(now=NOW).retried_failed == 0  # backoff not elapsed
    assert tasks_sweep(now=NOW + timedelta(minutes=10)).retried_failed == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY

    exhausted = make_result(
        status=TaskResultStatus.FAILED, finished_at=NOW - timedelta(days=1), worker_ids=["a", "b", "c"]
    )
    tasks_sweep(now=NOW + timedelta(hours=1))
    exhausted.refresh_from_db()
    assert exhausted.status == TaskResultStatus.FAILED


def test_stale_task_out_of_attempts_is_marked_failed():
    result = make_result(
        status=TaskResultStatus.RUNNING, started_at=NOW - timedelta(hours=2), worker_ids=["a", "b", "c"]
    )
    assert tasks_sweep(now=NOW).given_up == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
