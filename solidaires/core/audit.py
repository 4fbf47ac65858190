"""Write to the append-only audit journal."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Record one action. ``actor`` may be None (system) or an anonymous user."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        before=before or {},
        after=after or {},
        note=note,
    )
    entry.save()
    return entry
