"""Template filters of engagements: durations and step labels."""

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
