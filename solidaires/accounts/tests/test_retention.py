from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from solidaires.accounts.models import User
from solidaires.accounts.retention import retention_apply
from solidaires.accounts.tests.factories import AgentFactory, UserFactory
from solidaires.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n: int):
    return NOW - timedelta(days=n)


def test_inactive_account_is_warned_then_anonymised_30_days_later():
    old = UserFactory(email="ancienne@exemple.fr")
    User.objects.filter(pk=old.pk).update(last_login=days_ago(1095 - 20), date_joined=days_ago(2000))
    recent = UserFactory(last_login=days_ago(10))

    report = retention_apply(now=NOW)
    assert report.warned == 1
    assert [m.to for m in mail.outbox] == [["ancienne@exemple.fr"]]
    assert "anonymisé" in mail.outbox[0].subject
    assert retention_apply(now=NOW).warned == 0  # warned once only

    report = retention_apply(now=NOW + timedelta(days=31))
    assert report.inactive_erased == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.is_erased and old.email.endswith("@erased.invalid")
    assert not recent.is_erased
    assert AuditEntry.objects.filter(action="user.erased", target_id=str(old.pk), actor=None).exists()


def test_a_login_after_the_warning_keeps_the_account():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(last_login=days_ago(1090), date_joined=days_ago(2000))
    retention_apply(now=NOW)
    User.objects.filter(pk=user.pk).update(last_login=NOW)
    retention_apply(now=NOW + timedelta(days=40))
    user.refresh_from_db()
    assert not user.is_erased


def test_agents_are_never_anonymised_for_inactivity():
    agent = AgentFactory()
    User.objects.filter(pk=agent.pk).update(last_login=days_ago(3000), retention_warned_at=days_ago(100))
    retention_apply(now=NOW)
    agent.refresh_from_db()
    assert not agent.is_erased


def test_unverified_signups_are_erased_after_30_days_only():
    stale = UserFactory(verified=False)
    fresh = UserFactory(verified=False)
    User.objects.filter(pk=stale.pk).update(date_joined=days_ago(31))
    report = retention_apply(now=NOW)
    assert report.unverified_erased == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.is_erased and not fresh.is_erased


def test_command_is_idempotent(capsys):
    call_command("apply_retention")
    call_command("apply_retention")
    assert "Avertis : 0" in capsys.readouterr().out
