"""Reads of the messaging app: threads a person may read, unread counts, blocks, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from solidaires.associations.models import Membership, MembershipRole
from solidaires.core.pagination import InvalidCursor, KeysetPage, decode_typed_cursor, encode_cursor

from .models import Message, Participant, ParticipantKind, Thread

EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
UNREAD_CACHE_TIMEOUT = 120


def _managed_association_ids(user: Any) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")


def visible_threads(user: Any) -> QuerySet[Thread]:
    """Threads the user reads: as a person taking part, or as a manager of the thread's association.
    Agents get no special access (a reported message reaches them through moderation)."""
    if user is None or not user.is_authenticated:
        return Thread.objects.none()
    as_person = Participant.objects.filter(user=user, kind=ParticipantKind.PERSON).values("thread_id")
    return Thread.objects.filter(Q(pk__in=as_person) | Q(association_id__in=_managed_association_ids(user)))


def threads_about(obj: Any, user: Any) -> QuerySet[Thread]:
    """Threads about ``obj`` that ``user`` may read, newest activity first."""
    content_type = ContentType.objects.get_for_model(obj)
    return (
        visible_threads(user)
        .filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("association")
        .order_by("-last_message_at", "-pk")
    )


def _unread_participations(user: Any) -> QuerySet[Participant]:
    return Participant.objects.filter(
        Q(kind=ParticipantKind.PERSON) | Q(thread__association_id__in=_managed_association_ids(user)),
        user=user,
        thread__last_message_at__isnull=False,
        thread__last_message_at__gt=Coalesce("last_read_at", Value(EPOCH, output_field=DateTimeField())),
    )


def unread_cache_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def forget_unread_counts(user_ids: Any) -> None:
    cache.delete_many([unread_cache_key(pk) for pk in user_ids])


def unread_thread_count(user: Any) -> int:
    """How many threads have messages the user has not read (header badge). Cached briefly and
    forgotten when a message arrives or the person reads: at most one query a page."""
    if user is None or not user.is_authenticated:
        return 0
    key = unread_cache_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = _unread_participations(user).count()
        cache.set(key, value, UNREAD_CACHE_TIMEOUT)
    return int(value)


def inbox_queryset(user: Any) -> QuerySet[Thread]:
    """Visible threads that have at least one message, annotated with ``my_last_read`` and
    ``unread`` (messages from others since the user last read)."""
    my_last_read = Subquery(
        Participant.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1],
        output_field=DateTimeField(),
    )
    unread = Subquery(
        Message.objects.filter(thread=OuterRef("pk"), created_at__gt=OuterRef("my_last_read"))
        .exclude(author=user)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    return (
        visible_threads(user)
        .filter(last_message_at__isnull=False)
        .annotate(my_last_read=Coalesce(my_last_read, Value(EPOCH, output_field=DateTimeField())))
        .annotate(unread=Coalesce(unread, 0))
        .select_related("association", "content_type")
    )


@dataclass
class InboxRow:
    thread: Thread
    unread: int
    others: list[str]
    last_message: Message | None


def inbox_page(
    user: Any, *, after: str | None = None, before: str | None = None, per_page: int = 20
) -> KeysetPage[Any]:
    """One page of the inbox, newest activity first (keyset on (last_message_at, id) descending)."""
    qs = inbox_queryset(user)
    ordering = ("last_message_at", "pk")

    def key(thread: Thread) -> tuple[Any, ...]:
        return (thread.last_message_at.isoformat() if thread.last_message_at else None, thread.pk)

    def older_than(values: list[Any]) -> Q:
        return Q(last_message_at__lt=values[0]) | Q(last_message_at=values[0], pk__lt=values[1])

    def newer_than(values: list[Any]) -> Q:
        return Q(last_message_at__gt=values[0]) | Q(last_message_at=values[0], pk__gt=values[1])

    is_first = True
    has_previous = False
    try:
        if before:
            values = decode_typed_cursor(Thread, ("last_message_at", "pk"), before)
            rows = list(qs.filter(newer_than(values)).order_by(*ordering)[: per_page + 1])
            has_previous = len(rows) > per_page
            threads = list(reversed(rows[:per_page]))
            is_first = not has_previous
            has_next = True
        else:
            if after:
                values = decode_typed_cursor(Thread, ("last_message_at", "pk"), after)
                qs = qs.filter(older_than(values))
                is_first = False
                has_previous = True
            rows = list(qs.order_by("-last_message_at", "-pk")[: per_page + 1])
            has_next = len(rows) > per_page
            threads = rows[:per_page]
    except (InvalidCursor, TypeError, ValueError):
        return inbox_page(user, per_page=per_page)
    items = _inbox_rows(user, threads)
    return KeysetPage(
        items=items,
        next_cursor=encode_cursor(key(threads[-1])) if threads and has_next else None,
        previous_cursor=encode_cursor(key(threads[0])) if threads and has_previous else None,
        is_first=is_first,
        per_page=per_page,
    )


def _inbox_rows(user: Any, threads: list[Thread]) -> list[InboxRow]:
    """Attach the other participants' names and the last message: two queries for the page."""
    ids = [t.pk for t in threads]
    others: dict[int, list[str]] = {pk: [] for pk in ids}
    for p in (
        Participant.objects.filter(thread_id__in=ids, kind=ParticipantKind.PERSON)
        .exclude(user=user)
        .select_related("user")
        .order_by("pk")
    ):
        others[p.thread_id].append(str(p.user))
    last: dict[int, Message] = {}
    latest = Message.objects.filter(thread=OuterRef("thread")).order_by("-created_at", "-pk").values("pk")[:1]
    for m in Message.objects.filter(thread_id__in=ids, pk=Subquery(latest)).select_related(
        "author", "as_association"
    ):
        last[m.thread_id] = m
    rows = []
    for t in threads:
        names = others[t.pk]
        if t.association_id is not None and t.association is not None:
            names = [*names, t.association.name]
        rows.append(
            InboxRow(
                thread=t, unread=int(getattr(t, "unread", 0) or 0), others=names, last_message=last.get(t.pk)
            )
        )
    return rows


def thread_for_user(user: Any, pk: int) -> Thread | None:
    """The thread if the user may read it, else None (the view answers 404)."""
    return visible_threads(user).select_related("association", "content_type").filter(pk=pk).first()


def thread_messages(thread: Thread) -> QuerySet[Message]:
    return thread.messages.select_related("author", "as_association").order_by("created_at", "pk")


def thread_people(thread: Thread) -> list[Participant]:
    return list(thread.participants.filter(kind=ParticipantKind.PERSON).select_related("user").order_by("pk"))


def participant_for(thread: Thread, user: Any) -> Participant | None:
    return Participant.objects.filter(thread=thread, user=user).first()
