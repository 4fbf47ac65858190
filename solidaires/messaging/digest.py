"""The weekly digest, Django side: recipients in keyset batches, a fixed number of queries per
batch, e-mails sent through one connection per batch, ``DigestLog`` for at-most-once a week.

``send_weekly_digests`` (task and ``manage.py send_digests``) cuts the eligible users into
ranges of ``BATCH_SIZE`` ids and enqueues ``send_digest_batch(first_id, last_id)`` for each.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .digest_matching import DigestMission, DigestPerson, Matcher
from .models import DigestLog, NotificationPreferences

BATCH_SIZE = 500
RADIUS_KM = 15.0
NEW_MISSIONS_DAYS = 7
UNSUBSCRIBE_SALT = "messaging.digest-unsubscribe"


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
    return settings.SOLIDAIRES_BASE_URL + path


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


# Missions ------------------------------------------------------------------------------------


def new_missions(now: datetime) -> list[DigestMission]:
    """Missions published in the last week and still visible: three queries."""
    try:
        from solidaires.volunteering.models import Mission
    except ImportError:  # pragma: no cover - the missions app provides it
        return []
    since = now - timedelta(days=NEW_MISSIONS_DAYS)
    rows = list(
        Mission.objects.published()
        .filter(published_at__gte=since, published_at__lte=now)
        .values("pk", "title", "is_remote", "published_at")
    )
    ids = [r["pk"] for r in rows]
    themes: dict[int, set[str]] = defaultdict(set)
    for mission_id, theme_id in Mission.themes.through.objects.filter(mission_id__in=ids).values_list(
        "mission_id", "theme_id"
    ):
        themes[mission_id].add(theme_id)
    communes: dict[int, set[str]] = defaultdict(set)
    names: dict[int, list[str]] = defaultdict(list)
    for mission_id, insee, name in (
        Mission.communes.through.objects.filter(mission_id__in=ids)
        .order_by("commune__name")
        .values_list("mission_id", "commune_id", "commune__name")
    ):
        communes[mission_id].add(insee)
        names[mission_id].append(name)
    base = settings.SOLIDAIRES_BASE_URL
    missions = []
    for r in rows:
        url = base + Mission(pk=r["pk"], title=r["title"]).get_absolute_url()
        label = "À distance" if r["is_remote"] else ", ".join(names[r["pk"]][:3])
        missions.append(
            DigestMission(
                id=r["pk"],
                title=r["title"],
                url=url,
                themes=frozenset(themes[r["pk"]]),
                communes=frozenset(communes[r["pk"]]),
                is_remote=bool(r["is_remote"]),
                published_at=r["published_at"].isoformat() if r["published_at"] else "",
                commune_label=label,
            )
        )
    return missions


def nearby_communes(origins: set[str], destinations: set[str], km: float = RADIUS_KM) -> dict[str, set[str]]:
    """For each origin commune, the destination communes within ``km`` (one query)."""
    from solidaires.territory.models import CommuneDistance

    result: dict[str, set[str]] = defaultdict(set)
    if not origins or not destinations:
        return result
    for origin, destination in CommuneDistance.objects.filter(
        origin_id__in=origins, destination_id__in=destinations, km__lte=km
    ).values_list("origin_id", "destination_id"):
        result[origin].add(destination)
    return result


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
        contacts[r["pk"]] = {"email": r["email"], "name": r["display_name"] or r["email"].split("@")[0]}
    return people, contacts


NAME_SLOT = "\x00name\x00"
LINK_SLOT = "\x00unsubscribe\x00"


class DigestWriter:
    """Builds the batch's e-mails. The body is rendered once per distinct list of missions
    (people of the same commune and themes share it) with slots for the name and the
    unsubscribe link, filled by plain string replacement (the template is plain text, not
    escaped: the slots cannot appear in names, which are one line of printable text)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        base = settings.SOLIDAIRES_BASE_URL
        self.preferences_url = base + reverse("messaging:preferences")
        placeholder = "TOKEN"
        self.unsubscribe_prefix, _sep, self.unsubscribe_suffix = (
            base + reverse("messaging:unsubscribe", kwargs={"token": placeholder})
        ).partition(placeholder)
        self._bodies: dict[tuple[int, ...], str] = {}

    def unsubscribe_url(self, user_id: int) -> str:
        return self.unsubscribe_prefix + unsubscribe_token(user_id) + self.unsubscribe_suffix

    def _body(self, missions: list[DigestMission]) -> str:
        key = tuple(m.id for m in missions)
        if key not in self._bodies:
            self._bodies[key] = render_to_string(
                "messaging/emails/digest.txt",
                {
                    "name": NAME_SLOT,
                    "missions": missions,
                    "unsubscribe_url": LINK_SLOT,
                    "preferences_url": self.preferences_url,
                    "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
                },
            )
        return self._bodies[key]

    def email(self, contact: dict[str, str], user_id: int, missions: list[DigestMission]) -> EmailMessage:
        link = self.unsubscribe_url(user_id)
        name = contact["name"].replace("\x00", "")
        body = self._body(missions).replace(NAME_SLOT, name).replace(LINK_SLOT, link)
        n = len(missions)
        plural = "s" if n > 1 else ""
        return EmailMessage(
            # ASCII on purpose: an accented subject is Q-encoded by the e-mail library, which
            # costs more than the rest of the message (decision 0862).
            f"[Solidaires] {n} nouvelle{plural} mission{plural} pour vous cette semaine",
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
    missions: list[DigestMission] | None = None,
    connection: Any = None,
) -> BatchResult:
    """Build and send the digests of users ``first_id..last_id`` (inclusive) for this week.

    A fixed number of queries whatever the batch size. Rows of ``DigestLog`` are claimed
    before sending (at most one digest per person and week, even if two workers race)."""
    now = now or timezone.now()
    week = week_start(timezone.localdate(now))
    result = BatchResult()
    people, contacts = _people(first_id, last_id, week)
    result.recipients = len(people)
    if not people:
        return result
    if missions is None:
        missions = new_missions(now)
    origins = {p.commune for p in people if p.commune}
    destinations = {c for m in missions for c in m.communes}
    nearby = nearby_communes(origins, destinations)
    chosen: dict[int, list[DigestMission]] = {}
    matcher = Matcher(missions, nearby)
    for person in people:
        found = matcher(person)
        if found:
            chosen[person.id] = found
        else:
            result.skipped_empty += 1
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
    writer = DigestWriter(connection)
    emails = [writer.email(contacts[pk], pk, found) for pk, found in chosen.items() if pk in claimed]
    result.sent = connection.send_messages(emails) or 0 if emails else 0
    return result
