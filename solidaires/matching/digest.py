"""The weekly digest's choice of missions, by the engine (volunteering's ``digest_rankers``).

Messaging's machinery hands one batch of recipients and the week's missions; here, one
engine over those missions (still open), each recipient's record (profile and visible
offers; the themes they follow for the digest, when they chose some, replace their
interests), and for each the best missions with their reasons. Spreading runs within the
batch. A fixed number of queries per batch, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from solidaires.matching import adapter
from solidaires.matching.engine.model import VolunteerRecord
from solidaires.matching.engine.recommend import Engine
from solidaires.matching.taxonomy import taxonomy
from solidaires.volunteering.missions.digest_matching import MAX_MISSIONS_PER_DIGEST
from solidaires.volunteering.missions.models import VolunteerOffer


def rank(people: list[Any], missions: list[Any], *, now: datetime) -> dict[int, list[Any]]:
    by_id = {m.id: m for m in missions}
    open_missions = [r for r in adapter.engine(now).missions if r.id in by_id]
    engine = Engine(open_missions, adapter.engine(now).index.places, taxonomy())
    users = (
        get_user_model()
        .objects.filter(pk__in=[p.id for p in people])
        .select_related("profile")
        .prefetch_related("profile__interests")
    )
    offers: dict[int, list[VolunteerOffer]] = defaultdict(list)
    for offer in (
        VolunteerOffer.objects.visible()
        .filter(person_id__in=[p.id for p in people])
        .prefetch_related("themes", "communes")
    ):
        offers[offer.person_id].append(offer)
    user_by_id = {u.pk: u for u in users}
    chosen: dict[int, list[Any]] = {}
    for person in people:
        user = user_by_id.get(person.id)
        record = adapter.volunteer_for_user(user, now=now, offers=offers[person.id]) if user else None
        if record is None:
            record = VolunteerRecord(id=person.id, place=person.commune)
        if person.themes:
            record = replace(record, themes=frozenset(person.themes))
        if person.commune and not record.place:
            record = replace(record, place=person.commune)
        found = engine.recommend(record, MAX_MISSIONS_PER_DIGEST, spread=True)
        if found:
            chosen[person.id] = [
                replace(by_id[r.mission_id], reasons=tuple(reason.text for reason in r.reasons))
                for r in found
            ]
    return chosen
