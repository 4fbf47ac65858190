"""Who may do what with events and registrations: named predicates registered as permissions."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent, is_authenticated
from solidaires.events.organisers import managed_association_ids, manages_an_association

from .models import Event, EventState, Registration


def _organiser_ids(event: Event) -> set[int]:
    cache = getattr(event, "_prefetched_objects_cache", {})
    if "organiser_associations" in cache:
        return {a.pk for a in cache["organiser_associations"]}
    return set(event.organiser_associations.values_list("pk", flat=True))


@rules.predicate
def is_event_organiser(user: Any, event: Event | None) -> bool:
    """A manager of one of the organising associations (agents are handled by is_agent)."""
    if event is None or event.pk is None:
        return False
    managed = managed_association_ids(user)
    return bool(managed) and bool(managed & _organiser_ids(event))


@rules.predicate
def is_public_event(user: Any, event: Event | None) -> bool:
    return event is not None and event.state in (EventState.PUBLISHED, EventState.CANCELLED)


@rules.predicate
def owns_registration(user: Any, registration: Registration | None) -> bool:
    return (
        registration is not None
        and user is not None
        and user.is_authenticated
        and registration.user_id == user.pk
    )


@rules.predicate
def organises_registration_event(user: Any, registration: Registration | None) -> bool:
    return registration is not None and (is_agent(user) or is_event_organiser(user, registration.event))


can_manage_event = is_agent | is_event_organiser

rules.add_perm("events.add_event", is_agent | manages_an_association)
rules.add_perm("events.view_event", is_public_event | can_manage_event)
rules.add_perm("events.change_event", can_manage_event)
rules.add_perm("events.register", is_authenticated)
rules.add_perm("events.checkin", can_manage_event)
rules.add_perm("events.view_registration", owns_registration | organises_registration_event)
rules.add_perm("events.cancel_registration", owns_registration | organises_registration_event)
rules.add_perm("events.mark_attendance", organises_registration_event)
rules.add_perm("events.view_cafe_stats", is_agent)
