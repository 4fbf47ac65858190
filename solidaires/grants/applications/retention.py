"""Retention of subsidy drafts (docs/privacy/grants.md), run daily by
``manage.py apply_grants_retention`` (the maintenance timer). Idempotent.

Files never submitted (drafts, and drafts withdrawn before submission) are deleted two
years after their last change, with their budget lines, attachments (the vault documents
themselves stay in the applicant's vault), timeline and the conversations about them.
Submitted files are public archives and are never deleted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationState

DRAFT_RETENTION = timedelta(days=2 * 365)
BATCH = 500


@dataclass
class GrantsRetentionReport:
    drafts_deleted: int = 0


def never_submitted() -> Q:
    return Q(state=ApplicationState.DRAFT) | Q(state=ApplicationState.WITHDRAWN, submitted_at__isnull=True)


def apply_grants_retention(*, now: datetime | None = None) -> GrantsRetentionReport:
    from solidaires.messaging.models import Thread

    now = now or timezone.now()
    report = GrantsRetentionReport()
    stale = Application.objects.filter(never_submitted(), updated_at__lt=now - DRAFT_RETENTION)
    content_type = ContentType.objects.get_for_model(Application)
    while True:
        batch = list(stale.select_related("applicant").order_by("pk")[:BATCH])
        if not batch:
            break
        with transaction.atomic():
            for application in batch:
                audit.record(
                    actor=None,
                    action="application.draft_deleted",
                    target=application.applicant,
                    before={"application": application.pk},
                    note="Brouillon jamais déposé, inchangé depuis deux ans (durée de conservation).",
                )
            ids = [application.pk for application in batch]
            Thread.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids]).delete()
            Application.objects.filter(pk__in=ids).delete()
        report.drafts_deleted += len(batch)
    return report
