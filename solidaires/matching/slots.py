"""What matching shows on other apps' pages (slots filled from apps.py, decision 1101)."""

from __future__ import annotations

from typing import Any

import rules
from django.template.loader import render_to_string

from solidaires.matching import selectors


def dashboard_missions(*, user: Any = None, request: Any = None, **_kwargs: Any) -> str:
    """ "Missions pour vous" on the volunteer's dashboard."""
    if user is None or not user.is_authenticated:
        return ""
    return render_to_string(
        "matching/dashboard_missions.html", {"choices": selectors.missions_for_user(user)}, request=request
    )


def mission_volunteers(*, mission: Any = None, request: Any = None, **_kwargs: Any) -> str:
    """ "Bénévoles qui pourraient aider" on a mission's page, for the people who run it and
    may browse volunteer offers (members of its association, its poster, agents)."""
    user = getattr(request, "user", None)
    if mission is None or user is None or not user.is_authenticated or mission.state != "published":
        return ""
    if not (
        rules.has_perm("volunteering.change_mission", user, mission)
        and rules.has_perm("volunteering.browse_offers", user)
    ):
        return ""
    return render_to_string(
        "matching/mission_volunteers.html",
        {"mission": mission, "choices": selectors.volunteers_for_mission(mission)},
        request=request,
    )


def association_neighbours(*, association: Any = None, request: Any = None, **_kwargs: Any) -> str:
    """ "Associations proches" on an association's page."""
    if association is None or not getattr(association, "pk", None):
        return ""
    user = getattr(request, "user", None)
    return render_to_string(
        "matching/association_neighbours.html",
        {
            "association": association,
            "neighbours": selectors.close_associations(association, user=user),
            "is_agent": bool(user is not None and getattr(user, "is_agent", False)),
        },
        request=request,
    )
