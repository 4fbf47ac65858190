"""Template helpers of the grants app: amounts in euros, who did what on a file's timeline."""

from __future__ import annotations

from typing import Any

from django import template

from solidaires.core.labels import action_labels
from solidaires.grants.applications.budget import euros as _euros
from solidaires.grants.applications.models import ApplicationState

register = template.Library()


@register.filter
def euros(cents: Any) -> str:
    if cents is None or cents == "":
        return ""
    return _euros(int(cents))


@register.filter
def event_label(code: str) -> str:
    """The French label of a timeline event (``submit``) or of an entry of a file's journal
    (``grant_application.submit``, ``application.assigned``, ``decision.refused``): the one
    registry of journal labels (decision 1121), which ``GrantsConfig.ready()`` fills from the
    labels defined next to the state machine (``models/files.py``). A bare timeline code is a
    transition of the file; a code this version never writes is shown as it is."""
    label = action_labels.get(code)
    if label is None and "." not in code:
        label = action_labels.get(f"grant_application.{code}")
    return str(label) if label is not None else code


@register.filter
def state_label(state: str) -> str:
    """ "granted" → "Accordé"; "" stays ""."""
    return str(ApplicationState(state).label) if state in ApplicationState.values else state


@register.filter
def event_actor(event: Any) -> str:
    """ "Nadia (agente de l'Agglo) pour vous", "Camille", or "L'Agglo" when nobody is named."""
    actor = event.actor
    if actor is None:
        return "L'Agglo"
    if event.on_behalf:
        return f"{actor} (agent·e de l'Agglo) pour vous"
    if getattr(actor, "is_agent", False):
        return f"{actor} (agent·e de l'Agglo)"
    return str(actor)


@register.filter
def get_step(mapping: dict[str, int], key: str) -> int:
    return mapping.get(key, 1)
