"""The Django side of the matching engine: database rows → the engine's plain records.

The only module of ``solidaires.matching`` besides the views that touches the ORM for the
engine. The engine over the open missions is built once per process and reused until the
missions change (``data_version("missions")``, bumped by volunteering's services) or
``ENGINE_SECONDS`` pass (urgency counts days; fill rates move slowly). An engine holds
arrays and a sparse matrix: it stays in the process, not in the shared cache.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.caching import data_version
from solidaires.matching.engine import schedule
from solidaires.matching.engine.associations import AssociationRecord
from solidaires.matching.engine.model import MissionRecord, Place, Recommendation, VolunteerRecord
from solidaires.matching.engine.recommend import Engine
from solidaires.matching.engine.text import split_skills
from solidaires.matching.taxonomy import taxonomy
from solidaires.territory.models import Commune, UrbanClass
from solidaires.volunteering.engagement.models import Engagement, EngagementState
from solidaires.volunteering.missions.models import Mission, ScheduleKind, VolunteerOffer

ENGINE_SECONDS = 600
MISSIONS_DATA_VERSION = "missions"  # volunteering.missions.services.missions.MISSIONS_DATA_VERSION
FILL_RATE_DAYS = 365
FILL_RATE_MIN_MISSIONS = 3  # fewer missions in a commune: no equity boost (unknown)
SERVED = (UrbanClass.URBAN, UrbanClass.PERI_URBAN)

_lock = threading.Lock()
_cached: dict[str, Any] = {}


# -- places --------------------------------------------------------------------------------


def fill_rates(now: datetime) -> dict[str, float]:
    """Per commune, the share of its missions of the last year that found at least one
    volunteer (an active or finished engagement). Two queries."""
    since = now - timedelta(days=FILL_RATE_DAYS)
    taken = dict(
        Mission.objects.filter(published_at__gte=since)
        .annotate(
            n=Count(
                "engagements",
                filter=Q(engagements__state__in=[EngagementState.ACTIVE, EngagementState.ENDED]),
            )
        )
        .values_list("pk", "n")
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for mission_id, insee in Mission.communes.through.objects.filter(mission_id__in=list(taken)).values_list(
        "mission_id", "commune_id"
    ):
        totals[insee][0] += 1
        totals[insee][1] += 1 if taken[mission_id] else 0
    return {insee: filled / n for insee, (n, filled) in totals.items() if n >= FILL_RATE_MIN_MISSIONS}


def load_places(now: datetime, *, with_fill_rates: bool = True) -> list[Place]:
    rates = fill_rates(now) if with_fill_rates else {}
    return [
        Place(
            key=insee,
            name=name,
            lat=lat or 0.0,
            lon=lon or 0.0,
            served=urban_class in SERVED,
            area=str(epci_id),
            fill_rate=rates.get(insee),
        )
        for insee, name, lat, lon, urban_class, epci_id in Commune.objects.filter(
            lat__isnull=False, lon__isnull=False
        ).values_list("insee", "name", "lat", "lon", "urban_class", "epci_id")
    ]


# -- missions ------------------------------------------------------------------------------


def mission_schedule(
    kind: str, starts_at: datetime | None, ends_at: datetime | None, slots: Any
) -> tuple[int, bool]:
    """(21-bit mask, flexible) of a mission's schedule."""
    if kind == ScheduleKind.FLEXIBLE:
        return 0, True
    if kind == ScheduleKind.RECURRING:
        mask = 0
        for slot in slots if isinstance(slots, list) else []:
            if isinstance(slot, dict) and isinstance(slot.get("weekday"), int):
                mask |= schedule.slot_mask(
                    slot["weekday"], str(slot.get("start", "")), str(slot.get("end", ""))
                )
        return mask, False
    if starts_at is not None:
        local_end = timezone.localtime(ends_at) if ends_at else None
        return schedule.one_off_mask(timezone.localtime(starts_at), local_end), False
    return 0, False


def load_missions(now: datetime) -> list[MissionRecord]:
    """Open missions (published, not hidden) as records: five queries."""
    rows = list(
        Mission.objects.open().values(
            "pk", "title", "description", "skills", "is_remote", "schedule_kind", "starts_at", "ends_at",
            "weekly_slots", "volunteers_wanted", "min_age", "accessible_prm", "car_needed", "published_at",
            "place__commune_id",
        )
    )  # fmt: skip
    ids = [r["pk"] for r in rows]
    themes: dict[int, set[str]] = defaultdict(set)
    for mission_id, slug in Mission.themes.through.objects.filter(mission_id__in=ids).values_list(
        "mission_id", "theme_id"
    ):
        themes[mission_id].add(slug)
    communes: dict[int, list[str]] = defaultdict(list)
    for mission_id, insee in Mission.communes.through.objects.filter(mission_id__in=ids).values_list(
        "mission_id", "commune_id"
    ):
        communes[mission_id].append(insee)
    counts = {
        row["mission_id"]: row
        for row in Engagement.objects.filter(mission_id__in=ids)
        .values("mission_id")
        .annotate(
            active=Count("pk", filter=Q(state=EngagementState.ACTIVE)),
            applied=Count("pk", filter=Q(state=EngagementState.APPLIED)),
        )
    }
    records = []
    for r in rows:
        mask, flexible = mission_schedule(r["schedule_kind"], r["starts_at"], r["ends_at"], r["weekly_slots"])
        places = list(communes[r["pk"]])
        if r["place__commune_id"] and r["place__commune_id"] not in places:
            places.insert(0, r["place__commune_id"])
        count = counts.get(r["pk"], {})
        published = r["published_at"] or now
        records.append(
            MissionRecord(
                id=r["pk"],
                title=r["title"],
                text=r["description"],
                skills=r["skills"],
                themes=frozenset(themes[r["pk"]]),
                places=tuple(places),
                is_remote=r["is_remote"],
                schedule=mask,
                flexible=flexible,
                min_age=r["min_age"],
                accessible=r["accessible_prm"],
                car_needed=r["car_needed"],
                remaining=r["volunteers_wanted"] - count.get("active", 0),
                load=count.get("applied", 0),
                days_open=max(0.0, (now - published).total_seconds() / 86400),
                published_rank=published.timestamp(),
            )
        )
    return records


def engine(now: datetime | None = None) -> Engine:
    """The engine over today's open missions, cached in the process (see the module)."""
    version = data_version(MISSIONS_DATA_VERSION)
    with _lock:
        cached = _cached.get("engine")
        if cached and cached[0] == version and time.monotonic() - cached[1] < ENGINE_SECONDS:
            return cached[2]
    now = now or timezone.now()
    built = Engine(load_missions(now), load_places(now), taxonomy())
    with _lock:
        _cached["engine"] = (version, time.monotonic(), built)
    return built


def forget_engine() -> None:
    with _lock:
        _cached.clear()


# -- people --------------------------------------------------------------------------------


def _offer_parts(offer: VolunteerOffer) -> dict[str, Any]:
    return {
        "themes": {t.slug for t in offer.themes.all()},
        "skills": split_skills(offer.skills),
        "text": f"{offer.title} {offer.description}",
        "availability": schedule.availability_mask(offer.weekdays or [], offer.day_parts or []),
        "named": {c.insee for c in offer.communes.all()},
    }


def offers_of(user: Any) -> list[VolunteerOffer]:
    return list(VolunteerOffer.objects.visible().filter(person=user).prefetch_related("themes", "communes"))


def volunteer_for_user(
    user: Any, *, now: datetime | None = None, offers: list[VolunteerOffer] | None = None
) -> VolunteerRecord | None:
    """What the person told about themselves (profile) and in their visible offers, merged;
    None when there is nothing to match on (no commune, no theme, no offer)."""
    profile = getattr(user, "profile", None)
    offers = offers_of(user) if offers is None else offers
    themes: set[str] = set()
    skills: list[str] = []
    texts: list[str] = []
    availability, named, remote_ok = 0, set(), False
    place = None
    age = None
    modes: frozenset[str] = frozenset()
    if profile is not None:
        place = profile.commune_id
        themes |= {t.slug for t in profile.interests.all()}
        skills += [s for s in profile.skills if isinstance(s, str)]
        availability |= schedule.profile_mask(
            profile.availability if isinstance(profile.availability, dict) else {}
        )
        modes = frozenset(m for m in profile.mobility if isinstance(m, str))
        if profile.birth_year:
            age = (now or timezone.now()).year - profile.birth_year
    for offer in offers:
        parts = _offer_parts(offer)
        themes |= parts["themes"]
        skills += parts["skills"]
        texts.append(parts["text"])
        availability |= parts["availability"]
        named |= parts["named"]
        remote_ok |= offer.is_remote_ok
        place = place or offer.home_commune_id
    if not (place or themes or offers):
        return None
    return VolunteerRecord(
        id=user.pk,
        place=place,
        named_places=frozenset(named),
        modes=modes,
        themes=frozenset(themes),
        skills=tuple(dict.fromkeys(skills)),
        text=" ".join(texts + skills),
        availability=availability,
        age=age,
        remote_ok=remote_ok,
    )


def offer_record(offer: VolunteerOffer) -> VolunteerRecord:
    """A published offer alone (what the person chose to show), for associations."""
    parts = _offer_parts(offer)
    return VolunteerRecord(
        id=offer.pk,
        place=offer.home_commune_id,
        named_places=frozenset(parts["named"]),
        themes=frozenset(parts["themes"]),
        skills=tuple(parts["skills"]),
        text=parts["text"],
        availability=parts["availability"],
        remote_ok=offer.is_remote_ok,
    )


# -- uses ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissionChoice:
    mission: Mission
    recommendation: Recommendation


@dataclass(frozen=True)
class OfferChoice:
    offer: VolunteerOffer
    recommendation: Recommendation


def missions_for_user(user: Any, *, k: int = 5) -> list[MissionChoice]:
    """ "Missions pour vous": the best open missions for this person, with reasons, leaving
    out those they already applied to or took part in."""
    record = volunteer_for_user(user)
    if record is None:
        return []
    answered = Engagement.objects.filter(volunteer=user).values_list("mission_id", flat=True)
    posted = Mission.objects.filter(Q(posted_by=user) | Q(contact=user)).values_list("pk", flat=True)
    found = engine().recommend(record, k, exclude=[*answered, *posted])
    missions = Mission.objects.in_bulk([r.mission_id for r in found])
    return [MissionChoice(missions[r.mission_id], r) for r in found if r.mission_id in missions]


def volunteers_for_mission(mission: Mission, *, k: int = 5) -> list[OfferChoice]:
    """ "Bénévoles qui pourraient aider": visible volunteer offers whose person fits the
    mission, best first, with reasons; never the mission's own people."""
    offers = list(
        VolunteerOffer.objects.visible()
        .exclude(person_id__in=[mission.posted_by_id or 0, mission.contact_id or 0])
        .exclude(person__engagements__mission=mission)
        .select_related("person")
        .prefetch_related("themes", "communes")
    )
    by_id = {o.pk: o for o in offers}
    found = engine().volunteers_for(mission.pk, [offer_record(o) for o in offers], k)
    return [OfferChoice(by_id[r.volunteer_id], r) for r in found]


def associations_records(queryset: Iterable[Association]) -> list[AssociationRecord]:
    return [
        AssociationRecord(
            a.pk, a.name, frozenset(t.slug for t in a.themes.all()), a.head_office_commune_id or ""
        )
        for a in queryset
    ]
