"""Template helpers of engagements: durations, step labels, the association page's box."""

from __future__ import annotations

from typing import Any

from django import template

from solidaires.volunteering.engagement.hours_summary import format_minutes

register = template.Library()

STEP_LABELS = {
    "applied": "candidature envoyée",
    "active": "candidature acceptée",
    "declined": "candidature non retenue",
    "withdrawn": "candidature retirée",
    "ended": "engagement terminé",
}


@register.filter
def duration(minutes: Any) -> str:
    """``210`` → ``3 h 30``."""
    try:
        return format_minutes(int(minutes or 0))
    except (TypeError, ValueError):
        return ""


@register.filter
def step_label(state: str) -> str:
    return STEP_LABELS.get(state, state)


@register.inclusion_tag("volunteering/engagements/association_box.html", takes_context=True)
def association_volunteering(context: Any, association: Any) -> dict[str, Any]:
    """On an association's page: its usual response time, its open missions, and for its
    managers a link to their volunteers' dashboard."""
    import rules

    from solidaires.volunteering.engagement import rules as engagement_rules  # noqa: F401  (registers the permissions)
    from solidaires.volunteering.engagement.selectors import association_response_time, open_missions_of

    if association is None or not getattr(association, "pk", None):
        return {"association": None}
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "association": association,
        "response_time": association_response_time(association),
        "missions": open_missions_of(association),
        "can_manage": user is not None
        and rules.has_perm("volunteering.engagement_association_dashboard", user, association),
    }
