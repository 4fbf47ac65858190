"""Background work of the messaging app: new-message e-mails and the weekly digest.

Tasks take ids, are idempotent and are enqueued on commit by the services.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from solidaires.core.links import absolute_url

from .models import Message, Participant, ParticipantKind

# At most one e-mail per thread and person in this window, while the thread stays unread.
NOTIFY_COALESCE = timedelta(minutes=15)


@task()
def notify_new_message(message_id: int) -> int:
    """E-mail the other participants a link (never the content), according to their
    preferences; coalesced per thread. Returns how many e-mails were sent."""
    from solidaires.accounts.models import NotificationPreference

    from .rules import can_view_thread

    message = (
        Message.objects.select_related("thread", "thread__association", "author", "as_association")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.is_hidden:
        return 0
    thread = message.thread
    now = timezone.now()
    sent = 0
    participants = (
        Participant.objects.filter(
            thread=thread, muted=False, user__is_active=True, user__erased_at__isnull=True
        )
        .exclude(user_id=message.author_id or 0)
        .exclude(user__email="")
        .select_related("user", "user__profile")
    )
    link = absolute_url(thread.get_absolute_url())
    for participant in participants:
        user = participant.user
        if participant.last_read_at is not None and participant.last_read_at >= message.created_at:
            continue
        profile = getattr(user, "profile", None)
        if profile is not None and not profile.wants(NotificationPreference.EMAIL_MESSAGES):
            continue
        if participant.kind == ParticipantKind.ASSOCIATION and not can_view_thread(user, thread):
            continue
        claimed = (
            Participant.objects.filter(pk=participant.pk)
            .filter(
                Q(last_notified_at__isnull=True)
                | Q(last_notified_at__lte=now - NOTIFY_COALESCE)
                | Q(last_read_at__gte=F("last_notified_at"))
            )
            .update(last_notified_at=now)
        )
        if not claimed:
            continue
        body = render_to_string(
            "messaging/emails/new_message.txt",
            {
                "name": str(user),
                "author": message.author_label,
                "link": link,
                "preferences_url": absolute_url(reverse("messaging:preferences")),
                "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
            },
        )
        send_mail(
            f"[Solidaires] Nouveau message de {message.author_label}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        sent += 1
    return sent


@task()
def send_digest_batch(first_id: int, last_id: int) -> int:
    """Send this week's digests to eligible users with ids in [first_id, last_id]."""
    from .digest import run_batch

    return run_batch(first_id, last_id).sent


@task()
def send_weekly_digests() -> int:
    """Cut the eligible recipients into batches and enqueue one task per batch."""
    from .digest import batch_ranges

    ranges = batch_ranges()
    for first_id, last_id in ranges:
        send_digest_batch.enqueue(first_id, last_id)
    return len(ranges)


@task()
def apply_messaging_retention() -> int:
    """Delete conversations inactive for 3 years and digest logs older than a year."""
    from .retention import apply_retention

    report = apply_retention()
    return report.threads_deleted + report.digest_logs_deleted
