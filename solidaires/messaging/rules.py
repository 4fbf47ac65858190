"""Who may read and write in a thread: named predicates, registered as permissions.

A person reads a thread when they take part in it (a ``Participant`` row of kind "person"), or
when they manage the thread's association (managers answer *as the association*). Agents do not
read private threads: a reported message reaches them through the moderation queue only.
"""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_association_manager

from .models import Participant, ParticipantKind, Thread

_PARTICIPANT_CACHE_ATTR = "_messaging_participant_kinds"


def participant_kind(user: Any, thread: Thread | None) -> str | None:
    """The user's ``ParticipantKind`` in the thread or None; cached on the thread instance."""
    if thread is None or user is None or not user.is_authenticated or thread.pk is None:
        return None
    cache: dict[int, str | None] = thread.__dict__.setdefault(_PARTICIPANT_CACHE_ATTR, {})
    if user.pk not in cache:
        cache[user.pk] = (
            Participant.objects.filter(thread=thread, user=user).values_list("kind", flat=True).first()
        )
    return cache[user.pk]


def forget_participants(thread: Thread) -> None:
    thread.__dict__.pop(_PARTICIPANT_CACHE_ATTR, None)


@rules.predicate
def is_person_participant(user: Any, thread: Thread | None) -> bool:
    return participant_kind(user, thread) == ParticipantKind.PERSON


@rules.predicate
def manages_thread_association(user: Any, thread: Thread | None) -> bool:
    if thread is None or thread.association_id is None:
        return False
    return bool(is_association_manager(user, thread.association))


@rules.predicate
def is_active_account(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "erased_at", None) is None
    )


can_view_thread = is_person_participant | manages_thread_association
can_post_in_thread = is_active_account & can_view_thread

rules.add_perm("messaging.view_thread", can_view_thread)
rules.add_perm("messaging.post_in_thread", can_post_in_thread)
rules.add_perm("messaging.use_messaging", is_active_account)
