"""Writes of matching: the agents' introductions between associations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from solidaires.associations.models import Association
from solidaires.associations.rules import is_agent
from solidaires.core import audit
from solidaires.matching.models import Introduction, IntroductionOutcome


@transaction.atomic
def introduction_record(*, first: Association, second: Association, reason: str, by: Any) -> Introduction:
    """An agent says they put these two associations in touch (once per pair)."""
    if not is_agent(by):
        raise PermissionDenied
    if first.pk == second.pk:
        raise ValidationError("Choisissez deux associations différentes.")
    low, high = sorted((first, second), key=lambda a: a.pk)
    introduction, created = Introduction.objects.get_or_create(
        first=low, second=high, defaults={"reason": reason[:300], "introduced_by": by}
    )
    if created:
        audit.record(
            actor=by,
            action="introduction.recorded",
            target=introduction,
            after={"first": low.pk, "second": high.pk, "reason": introduction.reason},
        )
    return introduction


@transaction.atomic
def introduction_outcome(*, introduction: Introduction, outcome: str, note: str, by: Any) -> Introduction:
    if not is_agent(by):
        raise PermissionDenied
    if outcome not in IntroductionOutcome.values:
        raise ValidationError({"outcome": "Choisissez une suite dans la liste."})
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    before = introduction.outcome
    introduction.outcome, introduction.note = outcome, note[:1000]
    introduction.full_clean()
    introduction.save(update_fields=["outcome", "note", "updated_at"])
    audit.record(
        actor=by,
        action="introduction.outcome",
        target=introduction,
        before={"outcome": before},
        after={"outcome": outcome},
    )
    return introduction
