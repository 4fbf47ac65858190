"""Personal data held by the messaging app: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import DigestLog, Message, NotificationPreferences, Participant, Thread
from .selectors import forget_unread_counts


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's conversations (subject, dates), the messages they wrote and their digest
    preferences (the people they blocked: the moderation app's export). Messages written by
    others are not exported."""
    prefs = NotificationPreferences.objects.filter(user=user).prefetch_related("digest_themes").first()
    return {
        "threads": [
            {
                "id": p.thread_id,
                "subject": p.thread.subject,
                "association": p.thread.association.name if p.thread.association else None,
                "created_at": p.thread.created_at.isoformat(),
                "last_read_at": p.last_read_at.isoformat() if p.last_read_at else None,
                "muted": p.muted,
            }
            for p in Participant.objects.filter(user=user)
            .select_related("thread", "thread__association")
            .order_by("pk")
        ],
        "messages_sent": [
            {
                "thread": m.thread_id,
                "subject": m.thread.subject,
                "body": m.body,
                "created_at": m.created_at.isoformat(),
                "for_association": m.as_association.name if m.as_association else None,
                "hidden_reason": m.hidden_reason if m.hidden_at else None,
            }
            for m in Message.objects.filter(author=user)
            .select_related("thread", "as_association")
            .order_by("pk")
        ],
        "digest": {
            "use_profile_interests": prefs.digest_use_profile_interests if prefs else True,
            "themes": [t.label for t in prefs.digest_themes.all()] if prefs else [],
            "weeks_sent": [
                d.isoformat()
                for d in DigestLog.objects.filter(user=user).order_by("week").values_list("week", flat=True)
            ],
        },
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Keep the messages for the other party, without their author (shown "Compte supprimé");
    leave the conversations, drop preferences and the digest log (blocks: the moderation app's
    eraser). Idempotent."""
    thread_ids = list(Participant.objects.filter(user=user).values_list("thread_id", flat=True))
    others = list(
        Participant.objects.filter(thread_id__in=thread_ids)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )
    Message.objects.filter(author=user).update(author=None)
    Message.objects.filter(hidden_by=user).update(hidden_by=None)
    Participant.objects.filter(user=user).delete()
    Thread.objects.filter(created_by=user).update(created_by=None)
    NotificationPreferences.objects.filter(user=user).delete()
    DigestLog.objects.filter(user=user).delete()
    forget_unread_counts([*set(others), user.pk])
