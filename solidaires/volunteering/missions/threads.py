"""What messaging needs to know of a thread about a mission (registered in apps.py, decision 1101)."""

from __future__ import annotations

from typing import Any

from solidaires.messaging.about import ThreadAbout
from solidaires.volunteering.missions.models import Mission


def mission_thread_subject(mission: Mission) -> str:
    return f"Mission : {mission.title}"[:200]


def demo_missions(association_ids: list[int]) -> list[tuple[Any, int]]:
    """The demo missions of these associations, by id (what the demo's conversations are about)."""
    missions = (
        Mission.objects.filter(is_demo=True, association_id__in=association_ids)
        .order_by("pk")
        .only("pk", "title", "association_id")
    )
    return [(mission, mission.association_id) for mission in missions if mission.association_id is not None]


def first_mission_of(association: Any) -> Mission | None:
    return Mission.objects.filter(association=association).order_by("pk").first()


MISSION_ABOUT = ThreadAbout(
    model=Mission,
    subject=mission_thread_subject,
    demo_objects=demo_missions,
    first_of_association=first_mission_of,
)
