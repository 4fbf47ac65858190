"""Permissions of the territory app (django-rules predicates)."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.core.guards import is_agent

from .models import PlaceStatus


@rules.predicate
def is_public_place(user: Any, place: Any) -> bool:
    return place is not None and place.status == PlaceStatus.VERIFIED


# Agents (and administrators) create, correct, verify and archive places.
rules.add_perm("territory.manage_place", is_agent)
# Everybody sees verified places; agents also see pending and archived ones.
rules.add_perm("territory.view_place", is_public_place | is_agent)
