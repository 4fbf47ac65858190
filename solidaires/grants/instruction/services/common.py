"""Shared by the instruction side's services: permission checks, the timeline, moving a file."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed

from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationEvent, ApplicationState
from solidaires.grants.instruction import rules as instruction_rules  # noqa: F401  (registers the permissions)
from solidaires.grants.instruction.models import DecisionOutcome

S = ApplicationState


GRANTED_OUTCOMES = (DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL)


def require_perm(perm: str, user: Any, obj: Any = None) -> None:
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def actor_or_none(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def timeline_add(
    application: Application,
    *,
    by: Any,
    action: str,
    from_state: str = "",
    note: str = "",
    visible: bool = True,
    audit_before: dict[str, Any] | None = None,
    audit_after: dict[str, Any] | None = None,
) -> ApplicationEvent:
    event = ApplicationEvent(
        application=application,
        actor=actor_or_none(by),
        action=action,
        from_state=from_state,
        to_state=application.state if from_state else "",
        note=note,
        visible_to_applicant=visible,
    )
    event.save()
    audit.record(
        actor=by,
        action=f"application.{action}",
        target=application,
        before=audit_before if audit_before is not None else ({"state": from_state} if from_state else {}),
        after=audit_after
        if audit_after is not None
        else ({"state": application.state} if from_state else {}),
    )
    return event


def move_application(
    application: Application,
    transition: str,
    *args: Any,
    by: Any,
    action: str,
    note: str = "",
    visible: bool = True,
) -> Application:
    """Move the file through one transition of its state machine (illegal moves raise)."""
    method = getattr(application, transition)
    if not can_proceed(method):
        raise ValidationError(
            f"Cette action n'est pas possible pour un dossier « {application.get_state_display()} »."
        )
    before = application.state
    method(*args)
    application.full_clean()
    application.save()
    timeline_add(application, by=by, action=action, from_state=before, note=note, visible=visible)
    return application


def lock_application(application: Application) -> Application:
    """Reload the file under a row lock (two agents acting at once)."""
    return Application.objects.select_for_update().get(pk=application.pk)
