"""Every write of the messaging app: threads, messages, reads, blocks, preferences.

Keyword-only typed arguments, one transaction, ``full_clean()``, PermissionDenied /
ValidationError (French), e-mails enqueued on commit. Message bodies are private: they are
never written to the audit journal nor to logs; blocks and preference changes are audited.
Reports and moderation (hiding a message) belong to the mutual-aid app.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

import rules
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.associations.models import Association, Membership, MembershipRole
from solidaires.associations.rules import is_agent, is_association_manager
from solidaires.core import audit
from solidaires.moderation.selectors import blocked_between

from .models import (
    MAX_BODY_LENGTH,
    MAX_SUBJECT_LENGTH,
    Message,
    NotificationPreferences,
    Participant,
    ParticipantKind,
    Thread,
    thread_key,
)
from .rules import forget_participants, participant_kind
from .selectors import forget_unread_counts

DEFAULT_MESSAGES_PER_MINUTE = 10
DEFAULT_THREADS_PER_DAY = 50


def messages_per_minute() -> int:
    return int(getattr(settings, "MESSAGING_MESSAGES_PER_MINUTE", DEFAULT_MESSAGES_PER_MINUTE))


def threads_per_day() -> int:
    return int(getattr(settings, "MESSAGING_THREADS_PER_DAY", DEFAULT_THREADS_PER_DAY))


def _require_active(user: Any) -> None:
    if not rules.has_perm("messaging.use_messaging", user):
        raise PermissionDenied


def _manager_ids(association: Association | None) -> list[int]:
    if association is None:
        return []
    return list(
        Membership.objects.filter(association=association, role=MembershipRole.MANAGER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _sync_managers(thread: Thread) -> None:
    """Give every current manager of the thread's association a participant row (for unread
    counts and notifications). Access is still decided by the rules, not by the row."""
    ids = _manager_ids(thread.association)
    if ids:
        Participant.objects.bulk_create(
            [Participant(thread=thread, user_id=pk, kind=ParticipantKind.ASSOCIATION) for pk in ids],
            ignore_conflicts=True,
        )
        forget_participants(thread)


@transaction.atomic
def thread_get_or_create(
    *,
    about: Model | None,
    subject: str,
    people: Sequence[Any],
    association: Association | None = None,
    by: Any,
) -> Thread:
    """The conversation about ``about`` between ``people`` (and the managers of ``association``),
    created if needed. ``by`` must be one of ``people``, a manager of ``association`` or an agent.
    Blocks (either way) and the daily limit of new threads apply to new threads only."""
    _require_active(by)
    people_list = list({p.pk: p for p in people if p is not None}.values())
    if not people_list:
        raise ValidationError({"people": _("Indiquez avec qui vous voulez échanger.")})
    if association is None and len(people_list) < 2:
        raise ValidationError({"people": _("Une conversation se tient entre au moins deux personnes.")})
    people_ids = [p.pk for p in people_list]
    if by.pk not in people_ids and not (
        (association is not None and is_association_manager(by, association)) or is_agent(by)
    ):
        raise PermissionDenied
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    object_id = str(about.pk) if about is not None else ""
    key = thread_key(
        content_type_id=content_type.pk if content_type else None,
        object_id=object_id,
        association_id=association.pk if association else None,
        people_ids=people_ids,
    )
    existing = Thread.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError({"subject": _("Indiquez un sujet.")})
    subject = subject[:MAX_SUBJECT_LENGTH]
    for person in people_list:
        if person.pk != by.pk and blocked_between(by, person):
            raise ValidationError(
                {
                    "people": _(
                        "Vous ne pouvez pas écrire à cette personne : un blocage est en place entre vous."
                    )
                }
            )
    since = timezone.now() - timedelta(days=1)
    # Agents (two-factor accounts of the intercommunality) open threads for many files and
    # for people met in person: the daily limit is against spam from open sign-ups.
    if (
        not is_agent(by)
        and Thread.objects.filter(created_by=by, created_at__gte=since).count() >= threads_per_day()
    ):
        raise ValidationError(
            {
                "people": _(
                    "Vous avez commencé beaucoup de conversations aujourd'hui. "
                    "Pour éviter les abus, réessayez demain."
                )
            }
        )
    thread, created = Thread.objects.get_or_create(
        key=key,
        defaults={
            "subject": subject,
            "content_type": content_type,
            "object_id": object_id,
            "association": association,
            "created_by": by,
        },
    )
    if created:
        thread.full_clean()
        Participant.objects.bulk_create(
            [Participant(thread=thread, user=p, kind=ParticipantKind.PERSON) for p in people_list],
            ignore_conflicts=True,
        )
        _sync_managers(thread)
    return thread


@transaction.atomic
def thread_add_people(*, thread: Thread, people: Sequence[Any]) -> list[Any]:
    """Bring more people into an existing conversation (e.g. the agent a subsidy file is
    reassigned to, a new member of an applicant's group): they see its whole history.

    No permission check here: only the app that owns ``thread.about`` may call this, after
    its own check that these people may take part (an agent is not, as such, a reader of
    other people's conversations). Returns who was added."""
    present = set(thread.participants.values_list("user_id", flat=True))
    added = [p for p in {p.pk: p for p in people if p is not None}.values() if p.pk not in present]
    if added:
        Participant.objects.bulk_create(
            [Participant(thread=thread, user=p, kind=ParticipantKind.PERSON) for p in added],
            ignore_conflicts=True,
        )
        forget_participants(thread)
        forget_unread_counts([p.pk for p in added])
    return added


def _other_people(thread: Thread, by: Any) -> list[Any]:
    return [
        p.user
        for p in thread.participants.filter(kind=ParticipantKind.PERSON)
        .exclude(user=by)
        .select_related("user")
    ]


def clean_body(body: str) -> str:
    """Strip; refuse empty or over-long text (French errors keyed on ``body``)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Écrivez votre message avant de l'envoyer.")})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            {
                "body": _("Votre message fait %(n)s caractères : raccourcissez-le à %(max)s au plus.")
                % {"n": len(body), "max": MAX_BODY_LENGTH}
            }
        )
    return body


@transaction.atomic
def message_send(*, thread: Thread, by: Any, body: str) -> Message:
    """Post ``body`` in ``thread``. A manager of the thread's association writes for it.
    ValidationError (French, keyed on ``body``) when blocked, rate-limited, empty or too long."""
    if not rules.has_perm("messaging.post_in_thread", by, thread):
        raise PermissionDenied
    body = clean_body(body)
    others = _other_people(thread, by)
    if any(blocked_between(by, other) for other in others):
        raise ValidationError(
            {
                "body": _(
                    "Vous ne pouvez plus écrire dans cette conversation : un blocage est en place entre vous."
                )
            }
        )
    now = timezone.now()
    recent = Message.objects.filter(author=by, created_at__gte=now - timedelta(minutes=1)).count()
    if recent >= messages_per_minute():
        raise ValidationError(
            {
                "body": _(
                    "Vous avez envoyé beaucoup de messages en une minute. "
                    "Attendez un peu avant d'envoyer celui-ci : votre texte est conservé."
                )
            }
        )
    kind = participant_kind(by, thread)
    as_association = None
    if kind != ParticipantKind.PERSON and thread.association_id is not None:
        as_association = thread.association
    message = Message(thread=thread, author=by, body=body, as_association=as_association)
    message.full_clean()
    message.save()
    Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
    thread.last_message_at = message.created_at
    _sync_managers(thread)
    Participant.objects.filter(thread=thread, user=by).update(last_read_at=message.created_at)
    recipients = list(thread.participants.exclude(user=by).values_list("user_id", flat=True))
    forget_unread_counts([*recipients, by.pk])
    from .tasks import notify_new_message

    message_id = message.pk
    transaction.on_commit(lambda: notify_new_message.enqueue(message_id))
    return message


@transaction.atomic
def thread_mark_read(*, thread: Thread, by: Any) -> None:
    """Record that ``by`` read the thread up to now (creates a manager's row if needed)."""
    if not rules.has_perm("messaging.view_thread", by, thread):
        raise PermissionDenied
    now = timezone.now()
    updated = Participant.objects.filter(thread=thread, user=by).update(last_read_at=now)
    if not updated:
        Participant.objects.get_or_create(
            thread=thread, user=by, defaults={"kind": ParticipantKind.ASSOCIATION, "last_read_at": now}
        )
        forget_participants(thread)
    forget_unread_counts([by.pk])


@transaction.atomic
def thread_set_muted(*, thread: Thread, by: Any, muted: bool) -> None:
    if not rules.has_perm("messaging.view_thread", by, thread):
        raise PermissionDenied
    participant, _created = Participant.objects.get_or_create(
        thread=thread, user=by, defaults={"kind": ParticipantKind.ASSOCIATION}
    )
    participant.muted = muted
    participant.save(update_fields=["muted"])


def preferences_for(user: Any) -> NotificationPreferences:
    prefs, _created = NotificationPreferences.objects.get_or_create(user=user)
    return prefs


@transaction.atomic
def preferences_update(
    *,
    user: Any,
    email_messages: bool,
    weekly_digest: bool,
    use_profile_interests: bool,
    themes: Iterable[Any],
) -> NotificationPreferences:
    """Save the person's notification choices. The on/off switches live in the profile
    (``accounts``), the digest's themes here (decision 0861)."""
    _require_active(user)
    from solidaires.accounts.models import NOTIFICATION_DEFAULTS, NotificationPreference, Profile

    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    current = {key: profile.wants(key) for key in NOTIFICATION_DEFAULTS}
    before = {
        "email_messages": current[NotificationPreference.EMAIL_MESSAGES],
        "weekly_digest": current[NotificationPreference.WEEKLY_DIGEST],
    }
    current[NotificationPreference.EMAIL_MESSAGES] = bool(email_messages)
    current[NotificationPreference.WEEKLY_DIGEST] = bool(weekly_digest)
    profile.notification_preferences = current
    profile.full_clean()
    profile.save(update_fields=["notification_preferences"])
    prefs = preferences_for(user)
    prefs.digest_use_profile_interests = bool(use_profile_interests)
    prefs.full_clean()
    prefs.save()
    prefs.digest_themes.set(list(themes) if not use_profile_interests else [])
    audit.record(
        actor=user,
        action="notifications.preferences_changed",
        target=user,
        before=before,
        after={"email_messages": bool(email_messages), "weekly_digest": bool(weekly_digest)},
    )
    return prefs


@transaction.atomic
def digest_unsubscribe(*, user: Any) -> bool:
    """Turn the weekly digest off (one-click unsubscribe). Returns False if it was already off."""
    from solidaires.accounts.models import NOTIFICATION_DEFAULTS, NotificationPreference, Profile

    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if not profile.wants(NotificationPreference.WEEKLY_DIGEST):
        return False
    prefs = {key: profile.wants(key) for key in NOTIFICATION_DEFAULTS}
    prefs[NotificationPreference.WEEKLY_DIGEST] = False
    profile.notification_preferences = prefs
    profile.save(update_fields=["notification_preferences"])
    audit.record(
        actor=None,
        action="notifications.digest_unsubscribed",
        target=user,
        before={"weekly_digest": True},
        after={"weekly_digest": False},
        note="Lien de désabonnement en un clic.",
    )
    return True
