"""Retention of subsidy drafts: never-submitted files unchanged for two years are deleted;
submitted files (archives) and recent drafts are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from solidaires.core.models import AuditEntry
from solidaires.grants.applications.retention import apply_grants_retention
from solidaires.grants.models import Application, ApplicationState, BudgetLine, VaultDocument
from solidaires.grants.tests.factories import ApplicationFactory, ready_application, submitted_application
from solidaires.messaging.models import Thread

pytestmark = pytest.mark.django_db

LATER = timezone.now() + dt.timedelta(days=2 * 365 + 1)


def test_a_draft_untouched_for_two_years_is_deleted_with_its_budget_and_conversation():
    draft = ready_application()
    Thread.objects.create(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(draft.pk),
        subject="Dossier",
    )
    documents = VaultDocument.objects.filter(applicant=draft.applicant).count()
    assert documents > 0

    report = apply_grants_retention(now=LATER)

    assert report.drafts_deleted == 1
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not BudgetLine.objects.filter(application_id=draft.pk).exists()
    assert not Thread.objects.filter(object_id=str(draft.pk)).exists()
    # The vault keeps the applicant's documents, reusable for another file.
    assert VaultDocument.objects.filter(applicant=draft.applicant).count() == documents
    entry = AuditEntry.objects.get(action="application.draft_deleted")
    assert entry.actor is None


def test_a_draft_changed_less_than_two_years_ago_is_kept():
    recent = ApplicationFactory()
    assert apply_grants_retention(now=timezone.now() + dt.timedelta(days=365)).drafts_deleted == 0
    assert Application.objects.filter(pk=recent.pk).exists()


def test_a_draft_withdrawn_before_submission_is_deleted_but_never_a_submitted_file():
    withdrawn_draft = ApplicationFactory(state=ApplicationState.WITHDRAWN)
    submitted = submitted_application()
    withdrawn_after_submission = submitted_application(state=ApplicationState.WITHDRAWN)

    assert apply_grants_retention(now=LATER).drafts_deleted == 1

    assert not Application.objects.filter(pk=withdrawn_draft.pk).exists()
    assert Application.objects.filter(pk=submitted.pk).exists()
    assert Application.objects.filter(pk=withdrawn_after_submission.pk).exists()


def test_retention_is_idempotent_and_the_command_reports_in_french(capsys):
    ApplicationFactory()
    Application.objects.update(updated_at=timezone.now() - dt.timedelta(days=2 * 365 + 1))
    call_command("apply_grants_retention")
    assert "Brouillons de dossiers supprimés : 1" in capsys.readouterr().out
    call_command("apply_grants_retention")
    assert "Brouillons de dossiers supprimés : 0" in capsys.readouterr().out
