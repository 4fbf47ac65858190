"""Template tags of moderation, for the pages of the apps whose content may be hidden.

``{% contest_url target as url %}``: the page where the signed-in person contests the decision
that hid ``target`` (decision 1120), or "" when they are not the person it is about."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import latest_hide_action
from ..tasks import contest_path

register = template.Library()


@register.simple_tag(takes_context=True)
def contest_url(context: template.Context, target: Any) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return ""
    action = latest_hide_action(target, user)
    return contest_path(action) if action is not None else ""
