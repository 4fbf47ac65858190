"""Shared by the applicant side's services: permission checks, the timeline and moving a file.

The instruction side moves files with :func:`application_move` after its own checks."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.accounts.rules import is_agent
from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationEvent, ApplicationState
from solidaires.grants.applications.rules import acts_for


def require_perm(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def application_event_record(
    *,
    application: Application,
    actor: Any,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    visible_to_applicant: bool = True,
    audit_note: str = "",
) -> ApplicationEvent:
    """One line of the file's timeline plus the matching audit entry. An agent who does not
    act for the applicant space is recorded as acting for the applicant ("pour vous")."""
    on_behalf = is_agent(actor) and not acts_for(actor, application.applicant)
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor if actor is not None and actor.is_authenticated else None,
        on_behalf=on_behalf,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        visible_to_applicant=visible_to_applicant,
    )
    audit.record(
        actor=actor,
        action=f"grant_application.{action}",
        target=application,
        before={"state": from_state} if from_state else {},
        after={"state": to_state} if to_state else {},
        note=audit_note,
    )
    return event


def application_move(
    *,
    application: Application,
    by: Any,
    transition: str,
    note: str = "",
    visible_to_applicant: bool = True,
    **kwargs: Any,
) -> Application:
    """Move a file through one named transition of its state machine (an ``@transition`` method).

    Raises ValidationError (French) for an illegal move. Permission checks are the caller's
    (the applicant services below, or the instruction services). Must run inside a transaction.
    """
    if not hasattr(getattr(Application, transition, None), "_django_fsm"):
        raise ValueError(f"Unknown transition {transition!r}")
    method = getattr(application, transition)
    if not can_proceed(method):
        raise ValidationError(
            _("Impossible : le dossier est à l'état « %(state)s ».")
            % {"state": ApplicationState(application.state).label},
            code="illegal_transition",
        )
    before = application.state
    method(**kwargs)
    application.full_clean()
    application.save()
    application_event_record(
        application=application,
        actor=by,
        action=transition,
        from_state=before,
        to_state=application.state,
        note=note,
        visible_to_applicant=visible_to_applicant,
    )
    return application
