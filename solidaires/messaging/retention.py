"""Retention of the messaging app's data (docs/privacy/messaging.md), meant to run daily with
``manage.py apply_retention`` (the accounts app's command; until it calls this module, run
the ``apply_messaging_retention`` task). Idempotent.

- conversations whose last message (or creation, if none) is older than THREAD_RETENTION: deleted
  with their messages;
- digest log rows older than DIGEST_LOG_RETENTION: deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import DigestLog, Thread

THREAD_RETENTION = timedelta(days=3 * 365)
DIGEST_LOG_RETENTION = timedelta(days=365)


@dataclass
class MessagingRetentionReport:
    threads_deleted: int = 0
    digest_logs_deleted: int = 0


def apply_retention(*, now: datetime | None = None) -> MessagingRetentionReport:
    now = now or timezone.now()
    report = MessagingRetentionReport()
    old = (
        Thread.objects.annotate(last_activity=Coalesce("last_message_at", "created_at"))
        .filter(last_activity__lt=now - THREAD_RETENTION)
        .values_list("pk", flat=True)
    )
    ids = list(old[:10_000])
    if ids:
        Thread.objects.filter(pk__in=ids).delete()
        report.threads_deleted = len(ids)
    report.digest_logs_deleted, _detail = DigestLog.objects.filter(
        Q(week__lt=(now - DIGEST_LOG_RETENTION).date())
    ).delete()
    return report
