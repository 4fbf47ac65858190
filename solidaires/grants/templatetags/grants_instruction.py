"""Template filters of the instruction pages: amounts in euros, French scores."""

from __future__ import annotations

from typing import Any

from django import template

from solidaires.grants.applications.budget import euros as _euros

register = template.Library()


@register.filter
def euros(cents: Any) -> str:
    if cents is None or cents == "":
        return "—"
    return _euros(int(cents))


@register.filter
def score_fr(value: Any) -> str:
    if value is None:
        return "—"
    return str(value).replace(".", ",")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
