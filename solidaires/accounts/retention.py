"""Retention of personal data (decision 0005), applied daily by `manage.py apply_retention`.

- accounts with no login for SOLIDAIRES_INACTIVE_ACCOUNT_DAYS: a warning e-mail
  SOLIDAIRES_RETENTION_WARNING_DAYS before, then the same erasure as "delete my account";
- sign-ups whose e-mail was never confirmed, after SOLIDAIRES_UNVERIFIED_SIGNUP_DAYS: erased;
- what other apps register in RETENTION_STEPS (associations: expired invitations);
- security logs (django-axes) older than SOLIDAIRES_SECURITY_LOG_DAYS: deleted.
Idempotent: running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from solidaires.core.links import absolute_url
from solidaires.core.slots import Registry

from .models import Role, User
from .services import user_erase


@dataclass(frozen=True)
class RetentionStep:
    """Another app's part of the daily retention (registered from its AppConfig.ready()):
    ``apply(now)`` deletes what has expired and returns how many rows went."""

    label: str  # French, for the command's report: "invitations expirées supprimées"
    apply: Callable[[datetime], int]


# Filled by the apps above accounts (e.g. associations: expired invitations).
RETENTION_STEPS: Registry[RetentionStep] = Registry("retention steps")


@dataclass
class RetentionReport:
    warned: int = 0
    inactive_erased: int = 0
    unverified_erased: int = 0
    security_logs_deleted: int = 0
    # Rows deleted by each registered step, by its name.
    steps: dict[str, int] = field(default_factory=dict)

    @property
    def invitations_deleted(self) -> int:
        return self.steps.get("invitations", 0)


def _active_people():  # type: ignore[no-untyped-def]
    return User.objects.filter(erased_at__isnull=True).annotate(
        last_seen=Coalesce("last_login", "date_joined")
    )


def retention_apply(*, now: datetime | None = None) -> RetentionReport:
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    report = RetentionReport()
    inactive_days = settings.SOLIDAIRES_INACTIVE_ACCOUNT_DAYS
    erase_before = now - timedelta(days=inactive_days)
    warn_before = erase_before + timedelta(days=settings.SOLIDAIRES_RETENTION_WARNING_DAYS)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)

    # Unverified sign-ups: never confirmed their address, older than the grace period.
    unverified_cutoff = now - timedelta(days=settings.SOLIDAIRES_UNVERIFIED_SIGNUP_DAYS)
    for user in _active_people().filter(
        ~Exists(verified), date_joined__lt=unverified_cutoff, last_login=None
    ):
        user_erase(user=user, by=None)
        report.unverified_erased += 1

    # Inactive accounts: anonymise those warned long enough ago, warn the others.
    staff = Q(role__in=[Role.AGENT, Role.ADMIN]) | Q(is_superuser=True)
    inactive = (
        _active_people().exclude(staff).filter(last_seen__lt=erase_before, retention_warned_at__isnull=False)
    )
    for user in inactive.filter(
        retention_warned_at__lt=now - timedelta(days=settings.SOLIDAIRES_RETENTION_WARNING_DAYS)
    ):
        user_erase(user=user, by=None)
        report.inactive_erased += 1
    to_warn = (
        _active_people().exclude(staff).filter(last_seen__lt=warn_before, retention_warned_at__isnull=True)
    )
    for user in to_warn.filter(Exists(verified)):
        body = render_to_string(
            "accounts/email/retention_warning.txt",
            {
                "user": user,
                "days": settings.SOLIDAIRES_RETENTION_WARNING_DAYS,
                "login_url": absolute_url(reverse("account_login")),
            },
        )
        send_mail(
            "[Solidaires] Votre compte va être anonymisé", body, settings.DEFAULT_FROM_EMAIL, [user.email]
        )
        User.objects.filter(pk=user.pk).update(retention_warned_at=now)
        report.warned += 1

    for name, step in RETENTION_STEPS.items():
        report.steps[name] = step.apply(now)
    log_cutoff = now - timedelta(days=settings.SOLIDAIRES_SECURITY_LOG_DAYS)
    for model, date_field in (
        (AccessAttempt, "attempt_time"),
        (AccessFailureLog, "attempt_time"),
        (AccessLog, "attempt_time"),
    ):
        deleted, _ = model.objects.filter(**{f"{date_field}__lt": log_cutoff}).delete()
        report.security_logs_deleted += deleted
    return report
