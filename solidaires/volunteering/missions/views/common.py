"""Helpers shared by the missions' views."""

from __future__ import annotations

from typing import Any

import rules
from django.http import HttpRequest
from django.utils import timezone

from solidaires.core.fragments import choices_with
from solidaires.volunteering.missions import schedule, selectors
from solidaires.volunteering.missions.models import (
    Mission,
    ScheduleKind,
)


def _radius_label(km: int) -> str:
    return "cette commune seulement" if km == 0 else f"{km} km"


RADIUS_LABELS = tuple((str(km), _radius_label(km)) for km in selectors.RADIUS_CHOICES)


def radius_options(rayon: int) -> tuple[tuple[str, str], ...]:
    """The distances offered, with the one in force among them (``?rayon=40`` filters at
    40 km: the select shows "40 km", and applying the filters keeps it, issue 11)."""
    return choices_with(RADIUS_LABELS, str(rayon), _radius_label(rayon), order=lambda c: int(c[0]))


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def schedule_lines(mission: Mission) -> list[str]:
    """The mission's schedule in plain French, one line each."""
    this_year = timezone.localdate().year
    start = timezone.localtime(mission.starts_at) if mission.starts_at else None
    end = timezone.localtime(mission.ends_at) if mission.ends_at else None
    if mission.schedule_kind == ScheduleKind.ONE_OFF and start:
        return [schedule.one_off(start, end, this_year=this_year).capitalize()]
    lines: list[str] = []
    if mission.schedule_kind == ScheduleKind.RECURRING:
        slots = schedule.weekly_slots(mission.weekly_slots or [])
        if slots:
            lines.append(("Chaque semaine, " + schedule.join_fr(slots)).strip())
        if start and start.date() > timezone.localdate():
            lines.append(f"À partir du {schedule.day(start, year=this_year)}")
    else:
        lines.append("Horaires libres, à convenir ensemble")
    if end:
        lines.append(f"Jusqu'au {schedule.day(end, year=this_year)}")
    return lines


def _section_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "can_post": request.user.is_authenticated,
        "can_browse_offers": _can(request, "volunteering.browse_offers"),
    }
