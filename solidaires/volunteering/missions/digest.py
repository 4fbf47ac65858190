"""The weekly digest of new missions: what messaging's digest machinery sends (decision 1101).

Registered from ``VolunteeringConfig.ready()`` as messaging's ``WEEKLY`` digest content:
messaging finds the recipients, batches them, claims ``DigestLog`` rows and sends; here, the
week's missions (three queries), the communes within reach of the recipients' (one query),
and which missions go to whom (``digest_matching``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from solidaires.core.links import absolute_url
from solidaires.messaging import digest as messaging_digest
from solidaires.messaging.digest import BatchResult, DigestPerson, DigestTexts
from solidaires.territory.models import CommuneDistance
from solidaires.volunteering.missions.digest_matching import DigestMission, Matcher
from solidaires.volunteering.missions.models import Mission
from solidaires.volunteering.slots import digest_rankers

RADIUS_KM = 15.0
NEW_MISSIONS_DAYS = 7

__all__ = ["DigestMission", "MissionsDigest", "nearby_communes", "new_missions", "run_batch"]


def new_missions(now: datetime) -> list[DigestMission]:
    """Missions published in the last week and still visible: three queries."""
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
    missions = []
    for r in rows:
        url = absolute_url(Mission(pk=r["pk"], title=r["title"]).get_absolute_url())
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
    result: dict[str, set[str]] = defaultdict(set)
    if not origins or not destinations:
        return result
    for origin, destination in CommuneDistance.objects.filter(
        origin_id__in=origins, destination_id__in=destinations, km__lte=km
    ).values_list("origin_id", "destination_id"):
        result[origin].add(destination)
    return result


class MissionsDigest:
    """messaging's ``DigestContent`` for the new missions of the week (``missions``: given
    instead of this week's, for tests and benchmarks)."""

    template = "volunteering/emails/digest.txt"
    texts = DigestTexts(
        title="Résumé hebdomadaire des missions",
        description="Chaque semaine, un e-mail avec les nouvelles missions de bénévolat à 15\u00a0km de votre "
        "commune (ou à distance) dans les thèmes qui vous intéressent.",
        checkbox_label="M'envoyer chaque semaine un résumé des nouvelles missions près de chez moi",
        every_theme="toutes les missions",
        no_theme_help="Sans thème coché, le résumé montre les missions de tous les thèmes.",
    )

    def __init__(self, missions: list[DigestMission] | None = None) -> None:
        self.missions = missions

    def select(self, people: list[DigestPerson], *, now: datetime) -> dict[int, list[Any]]:
        missions = self.missions if self.missions is not None else new_missions(now)
        ranker = digest_rankers.get("missions")
        if ranker is not None:  # the matching engine, when installed (volunteering/slots.py)
            return ranker(people, missions, now=now)
        origins = {p.commune for p in people if p.commune}
        destinations = {c for m in missions for c in m.communes}
        matcher = Matcher(missions, nearby_communes(origins, destinations))
        chosen: dict[int, list[Any]] = {}
        for person in people:
            found = matcher(person)
            if found:
                chosen[person.id] = found
        return chosen

    def context(self, items: Sequence[Any]) -> dict[str, Any]:
        return {"missions": items}

    def subject(self, items: Sequence[Any]) -> str:
        n = len(items)
        plural = "s" if n > 1 else ""
        # ASCII on purpose: an accented subject is Q-encoded by the e-mail library, which
        # costs more than the rest of the message (decision 0862).
        return f"[Solidaires] {n} nouvelle{plural} mission{plural} pour vous cette semaine"


def run_batch(
    first_id: int,
    last_id: int,
    *,
    now: datetime | None = None,
    missions: list[DigestMission] | None = None,
    connection: Any = None,
) -> BatchResult:
    """messaging's ``run_batch`` with this digest (``missions``: instead of this week's)."""
    return messaging_digest.run_batch(
        first_id, last_id, now=now, content=MissionsDigest(missions), connection=connection
    )
