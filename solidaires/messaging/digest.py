"""The weekly digest machinery, offered to any app: recipients in keyset batches, a fixed
number of queries per batch, e-mails sent through one connection per batch, ``DigestLog`` for
at-most-once a week, a one-click unsubscribe link and header.

What the digest says is not messaging's business: the app that owns it registers a
``DigestContent`` under ``WEEKLY`` in ``digest_contents`` from its ``AppConfig.ready()``
(decision 1101; today volunteering's new missions). It chooses each recipient's items and
renders them with its own template.

``send_weekly_digests`` (task and ``manage.py send_digests``) cuts the eligible users into
ranges of ``BATCH_SIZE`` ids and enqueues ``send_digest_batch(first_id, last_id)`` for each.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from solidaires.accounts.naming import person_name
from solidaires.core.links import absolute_url
from solidaires.core.slots import Registry

from .models import DigestLog, NotificationPreferences

BATCH_SIZE = 500
UNSUBSCRIBE_SALT = "messaging.digest-unsubscribe"


# What the digest says: registered by the app that owns it ------------------------------------


@dataclass(frozen=True)
class DigestPerson:
    """A recipient as the content sees it: the themes they follow and their commune."""

    id: int
    themes: frozenset[str] = frozenset()  # empty: every theme
    commune: str | None = None  # INSEE code; None: the whole territory
    extra: Mapping[str, str] = field(default_factory=dict)


class DigestItem(Protocol):
    """One line of a digest; people with the same items share one rendered body."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class DigestTexts:
    """How the preferences and unsubscribe pages name the digest (the content's own words)."""

    title: str = "Résumé hebdomadaire"
    description: str = "Chaque semaine, un e-mail avec les nouveautés qui vous concernent."
    checkbox_label: str = "M'envoyer chaque semaine un résumé des nouveautés près de chez moi"
    every_theme: str = "tous les thèmes"
    no_theme_help: str = "Sans thème coché, le résumé montre tous les thèmes."


class DigestContent(Protocol):
    """What the weekly digest sends (registered as ``digest_contents.register(WEEKLY, ...)``)."""

    template: str  # plain text; context: name, unsubscribe_url, preferences_url, SITE_NAME + context()
    texts: DigestTexts

    def select(self, people: list[DigestPerson], *, now: datetime) -> dict[int, list[Any]]:
        """Each person's items this week, by person id (no entry: no e-mail). A fixed number
        of queries whatever the number of people."""
        ...

    def context(self, items: Sequence[Any]) -> dict[str, Any]: ...

    def subject(self, items: Sequence[Any]) -> str: ...


WEEKLY = "weekly"
digest_contents: Registry[DigestContent] = Registry("messaging.digest_contents")


def digest_texts() -> DigestTexts:
    content = digest_contents.get(WEEKLY)
    return content.texts if content is not None else DigestTexts()


# Tokens --------------------------------------------------------------------------------------


def unsubscribe_token(user_id: int) -> str:
    """Signed, URL-safe, without expiry (an unsubscribe link must keep working)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").sign(str(user_id))


def user_id_from_token(token: str) -> int | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def unsubscribe_url(user_id: int) -> str:
    path = reverse("messaging:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    return absolute_url(path)


# Recipients ----------------------------------------------------------------------------------


def week_start(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday())


def eligible_users() -> QuerySet[Any]:
    """Active, not erased, with an e-mail address and the weekly digest switched on."""
    user_model = get_user_model()
    return user_model.objects.filter(
        is_active=True,
        erased_at__isnull=True,
        profile__notification_preferences__weekly_digest=True,
    ).exclude(email="")


def batch_ranges(*, batch_size: int = BATCH_SIZE) -> list[tuple[int, int]]:
    """(first_id, last_id) of consecutive batches of eligible users, keyset on the id."""
    ranges: list[tuple[int, int]] = []
    last = 0
    qs = eligible_users().order_by("pk").values_list("pk", flat=True)
    while True:
        ids = list(qs.filter(pk__gt=last)[:batch_size])
        if not ids:
            return ranges
        ranges.append((ids[0], ids[-1]))
        last = ids[-1]


# One batch -----------------------------------------------------------------------------------


@dataclass
class BatchResult:
    recipients: int = 0
    sent: int = 0
    skipped_empty: int = 0
    already_sent: int = 0


def _people(first_id: int, last_id: int, week: date) -> tuple[list[DigestPerson], dict[int, dict[str, str]]]:
    """The batch's recipients with their digest themes and commune: four queries."""
    from solidaires.accounts.models import Profile

    already = DigestLog.objects.filter(week=week, user_id__gte=first_id, user_id__lte=last_id).values(
        "user_id"
    )
    rows = list(
        eligible_users()
        .filter(pk__gte=first_id, pk__lte=last_id)
        .exclude(pk__in=already)
        .order_by("pk")
        .values("pk", "email", "display_name", "profile__commune_id")
    )
    ids = [r["pk"] for r in rows]
    interests: dict[int, set[str]] = defaultdict(set)
    for user_id, theme_id in Profile.interests.through.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "theme_id"
    ):
        interests[user_id].add(theme_id)
    own_choice: set[int] = set(
        NotificationPreferences.objects.filter(
            user_id__in=ids, digest_use_profile_interests=False
        ).values_list("user_id", flat=True)
    )
    chosen: dict[int, set[str]] = defaultdict(set)
    if own_choice:
        for user_id, theme_id in NotificationPreferences.digest_themes.through.objects.filter(
            notificationpreferences_id__in=own_choice
        ).values_list("notificationpreferences_id", "theme_id"):
            chosen[user_id].add(theme_id)
    people = []
    contacts: dict[int, dict[str, str]] = {}
    for r in rows:
        themes = chosen[r["pk"]] if r["pk"] in own_choice else interests[r["pk"]]
        people.append(DigestPerson(id=r["pk"], themes=frozenset(themes), commune=r["profile__commune_id"]))
        contacts[r["pk"]] = {"email": r["email"], "name": person_name(r["display_name"])}
    return people, contacts


NAME_SLOT = "\x00name\x00"
LINK_SLOT = "\x00unsubscribe\x00"


class DigestWriter:
    """Builds the batch's e-mails. The body is rendered once per distinct list of items
    (people of the same commune and themes share it) with slots for the name and the
    unsubscribe link, filled by plain string replacement (the template is plain text, not
    escaped: the slots cannot appear in names, which are one line of printable text)."""

    def __init__(self, connection: Any, content: DigestContent) -> None:
        self.connection = connection
        self.content = content
        self.preferences_url = absolute_url(reverse("messaging:preferences"))
        placeholder = "TOKEN"
        self.unsubscribe_prefix, _sep, self.unsubscribe_suffix = (
            absolute_url(reverse("messaging:unsubscribe", kwargs={"token": placeholder}))
        ).partition(placeholder)
        self._bodies: dict[tuple[int, ...], str] = {}

    def unsubscribe_url(self, user_id: int) -> str:
        return self.unsubscribe_prefix + unsubscribe_token(user_id) + self.unsubscribe_suffix

    def _body(self, items: Sequence[DigestItem]) -> str:
        key = tuple(item.id for item in items)
        if key not in self._bodies:
            self._bodies[key] = render_to_string(
                self.content.template,
                {
                    "name": NAME_SLOT,
                    **self.content.context(items),
                    "unsubscribe_url": LINK_SLOT,
                    "preferences_url": self.preferences_url,
                    "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
                },
            )
        return self._bodies[key]

    def email(self, contact: dict[str, str], user_id: int, items: Sequence[DigestItem]) -> EmailMessage:
        link = self.unsubscribe_url(user_id)
        name = contact["name"].replace("\x00", "")
        body = self._body(items).replace(NAME_SLOT, name).replace(LINK_SLOT, link)
        return EmailMessage(
            self.content.subject(items),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [contact["email"]],
            connection=self.connection,
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
                "Precedence": "bulk",
            },
        )


def run_batch(
    first_id: int,
    last_id: int,
    *,
    now: datetime | None = None,
    content: DigestContent | None = None,
    connection: Any = None,
) -> BatchResult:
    """Build and send the digests of users ``first_id..last_id`` (inclusive) for this week,
    with ``content`` (by default the one registered under ``WEEKLY``; none: nothing is sent).

    A fixed number of queries whatever the batch size. Rows of ``DigestLog`` are claimed
    before sending (at most one digest per person and week, even if two workers race)."""
    now = now or timezone.now()
    week = week_start(timezone.localdate(now))
    result = BatchResult()
    content = content or digest_contents.get(WEEKLY)
    if content is None:
        return result
    people, contacts = _people(first_id, last_id, week)
    result.recipients = len(people)
    if not people:
        return result
    chosen = {pk: items for pk, items in content.select(people, now=now).items() if items}
    result.skipped_empty = len(people) - len(chosen)
    if not chosen:
        return result
    run = uuid.uuid4().hex
    DigestLog.objects.bulk_create(
        [DigestLog(user_id=pk, week=week, missions=len(found), run=run) for pk, found in chosen.items()],
        ignore_conflicts=True,
        batch_size=500,
    )
    claimed = set(
        DigestLog.objects.filter(week=week, run=run, user_id__gte=first_id, user_id__lte=last_id).values_list(
            "user_id", flat=True
        )
    )
    result.already_sent = len(chosen) - len(claimed)
    connection = connection or get_connection()
    writer = DigestWriter(connection, content)
    emails = [writer.email(contacts[pk], pk, found) for pk, found in chosen.items() if pk in claimed]
    result.sent = connection.send_messages(emails) or 0 if emails else 0
    return result
