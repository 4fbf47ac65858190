"""Template helpers of the agenda: French dates in Europe/Paris ("mardi 3 mars, 14 h – 17 h")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

from solidaires.events import formatting

register = template.Library()


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def event_when(event: Any, with_year: bool = False) -> str:
    """The event's day and hours in local time."""
    return formatting.span(_local(event.starts_at), _local(event.ends_at), with_year=bool(with_year))


@register.filter
def fr_day(value: date | datetime | None, with_year: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return formatting.day(value, with_year=bool(with_year))


@register.filter
def fr_hour(value: datetime | None) -> str:
    return formatting.hour(_local(value)) if value is not None else ""


@register.filter
def fr_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = _local(value)
    return f"{formatting.day(local, with_year=True)} à {formatting.hour(local)}"


@register.filter
def fr_ordinal(value: int) -> str:
    return formatting.ordinal(int(value))


@register.filter
def split_csv(value: str) -> list[int]:
    return [int(v) for v in value.split(",")]
