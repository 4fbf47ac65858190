"""Reads of matching: recommendations for pages, pairs of associations, campaign proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.matching import adapter
from solidaires.matching.adapter import MissionChoice, OfferChoice
from solidaires.matching.engine.associations import Pair, close_pairs
from solidaires.matching.engine.model import Recommendation
from solidaires.matching.models import Introduction
from solidaires.matching.taxonomy import taxonomy
from solidaires.volunteering.missions.models import Mission, VolunteerOffer

NEIGHBOURS_SECONDS = 3600
NEIGHBOURS_SHOWN = 3
NEIGHBOURS_KEY = "matching:neighbours"
NEIGHBOURS_PAIRS_MAX = 100_000
PAIRS_SHOWN = 30
CAMPAIGN_PEOPLE_MAX = 300


def missions_for_user(user: Any, *, k: int = 5) -> list[MissionChoice]:
    return adapter.missions_for_user(user, k=k)


def volunteers_for_mission(mission: Mission, *, k: int = 5) -> list[OfferChoice]:
    return adapter.volunteers_for_mission(mission, k=k)


def _pairs(*, only: int | None, limit: int) -> list[Pair]:
    associations = Association.objects.verified().prefetch_related("themes")
    places = {p.key: p for p in adapter.load_places(timezone.now(), with_fill_rates=False)}
    return close_pairs(adapter.associations_records(associations), places, taxonomy(), only=only, limit=limit)


@dataclass(frozen=True)
class Neighbour:
    name: str
    url: str
    reason: str


def close_associations(association: Association, *, user: Any = None) -> list[Neighbour]:
    """ "Associations proches" of a verified association: the closest pairs of every verified
    association are computed together (three queries) and cached an hour, so that an
    association's page costs no query for them most of the time."""
    if not association.is_verified:
        return []
    table = cache.get(NEIGHBOURS_KEY)
    if table is None:
        by_id = {a.pk: a for a in Association.objects.verified().prefetch_related("themes")}
        places = {p.key: p for p in adapter.load_places(timezone.now(), with_fill_rates=False)}
        records = adapter.associations_records(by_id.values())
        table = {}
        for pair in close_pairs(records, places, taxonomy(), limit=NEIGHBOURS_PAIRS_MAX):
            for me, other in ((pair.first, pair.second), (pair.second, pair.first)):
                shown = table.setdefault(me, [])
                if len(shown) < NEIGHBOURS_SHOWN:
                    shown.append((by_id[other].name, by_id[other].get_absolute_url(), pair.reason))
        cache.set(NEIGHBOURS_KEY, table, NEIGHBOURS_SECONDS)
    return [Neighbour(*item) for item in table.get(association.pk, [])]


@dataclass(frozen=True)
class PairRow:
    first: Association
    second: Association
    reason: str


def proposed_pairs(*, limit: int = PAIRS_SHOWN) -> list[PairRow]:
    """For the agents: the closest pairs not introduced yet."""
    done = set(Introduction.objects.values_list("first_id", "second_id"))
    pairs = [p for p in _pairs(only=None, limit=limit + len(done)) if (p.first, p.second) not in done][:limit]
    by_id = Association.objects.in_bulk({i for p in pairs for i in (p.first, p.second)})
    return [
        PairRow(by_id[p.first], by_id[p.second], p.reason)
        for p in pairs
        if p.first in by_id and p.second in by_id
    ]


def introductions() -> list[Introduction]:
    return list(Introduction.objects.select_related("first", "second", "introduced_by")[:200])


@dataclass(frozen=True)
class CampaignRow:
    offer: VolunteerOffer
    mission: Mission
    recommendation: Recommendation


def campaign_proposal(*, since: date) -> tuple[list[CampaignRow], int]:
    """People who published a volunteer offer since ``since`` (the recruiting event), placed
    on open missions by the assignment that maximises the total fit under each mission's
    places left. Returns the rows and the number of people considered."""
    offers = list(
        VolunteerOffer.objects.visible()
        .filter(Q(created_at__date__gte=since))
        .order_by("created_at", "pk")
        .prefetch_related("themes", "communes")[:CAMPAIGN_PEOPLE_MAX]
    )
    records = [adapter.offer_record(o) for o in offers]
    placed = adapter.engine().campaign(records)
    by_offer = {o.pk: o for o in offers}
    missions = Mission.objects.select_related("association").in_bulk([r.mission_id for r in placed])
    rows = [
        CampaignRow(by_offer[r.volunteer_id], missions[r.mission_id], r)
        for r in placed
        if r.mission_id in missions
    ]
    return rows, len(offers)
