"""Writes of a file's examination: start, assignment, notes, checklist, requests for pieces,
ineligibility, sending to the committee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationState, DocumentKind
from solidaires.grants.instruction.models import (
    ChecklistItem,
    ChecklistKind,
    CommitteeSession,
    CommitteeSessionState,
    InternalNote,
    PieceRequest,
    PieceRequestStatus,
)
from solidaires.grants.instruction.services.common import (
    actor_or_none,
    lock_application,
    move_application,
    require_perm,
    timeline_add,
)

S = ApplicationState


def _ensure_checklist(application: Application) -> None:
    """One line per required document of the scheme, then the eligibility points."""
    existing = set(application.checklist_items.values_list("key", flat=True))
    items: list[ChecklistItem] = []
    position = 0
    for kind in application.scheme.required_documents.all():
        position += 1
        key = f"doc:{kind.code}"
        if key not in existing:
            items.append(
                ChecklistItem(
                    application=application,
                    key=key,
                    label=f"Pièce : {kind.label}",
                    kind=ChecklistKind.DOCUMENT,
                    document_kind=kind,
                    position=position,
                )
            )
    for key, label in (
        ("applicant", "Le porteur de projet peut déposer sur ce dispositif"),
        ("commune", "Le projet se déroule sur une commune éligible"),
        ("budget", "Le budget est équilibré et respecte le plafond et la part maximale"),
        ("project", "Le projet répond à l'objet du dispositif"),
    ):
        position += 1
        if f"crit:{key}" not in existing:
            items.append(
                ChecklistItem(
                    application=application,
                    key=f"crit:{key}",
                    label=label,
                    kind=ChecklistKind.CRITERION,
                    position=position,
                )
            )
    ChecklistItem.objects.bulk_create(items)


@transaction.atomic
def application_start_instruction(*, application: Application, by: Any) -> Application:
    require_perm("grants.instruction_decide_eligibility", by, application)
    application = lock_application(application)
    if application.assigned_agent_id is None:
        application.assigned_agent = by
    move_application(application, "start_instruction", by=by, action="start_instruction")
    _ensure_checklist(application)
    return application


@transaction.atomic
def applications_assign(*, applications: Iterable[Application], agent: Any | None, by: Any) -> int:
    """Assign files to an agent (``None``: unassign). Returns how many changed."""
    require_perm("grants.instruction_assign", by)
    if agent is not None and not getattr(agent, "is_agent", False):
        raise ValidationError({"agent": "Choisissez un agent ou une agente de l'Agglo."})
    changed = 0
    for application in applications:
        application = lock_application(application)
        before = application.assigned_agent_id
        if before == (agent.pk if agent else None):
            continue
        application.assigned_agent = agent
        application.save(update_fields=["assigned_agent", "updated_at"])
        timeline_add(
            application,
            by=by,
            action="assigned",
            note=f"Suivi par {agent}" if agent else "Plus d'agent référent",
            visible=True,
            audit_before={"assigned_agent": before},
            audit_after={"assigned_agent": agent.pk if agent else None},
        )
        changed += 1
    return changed


@transaction.atomic
def internal_note_add(*, application: Application, body: str, by: Any) -> InternalNote:
    require_perm("grants.instruction_note", by, application)
    note = InternalNote(application=application, author=actor_or_none(by), body=(body or "").strip())
    if not note.body:
        raise ValidationError({"body": "Écrivez la note avant de l'enregistrer."})
    note.full_clean()
    note.save()
    audit.record(actor=by, action="application.internal_note_added", target=application)
    return note


@transaction.atomic
def checklist_item_set(*, item: ChecklistItem, is_ok: bool | None, by: Any) -> ChecklistItem:
    require_perm("grants.instruction_checklist", by, item.application)
    before = item.is_ok
    item.is_ok = is_ok
    item.checked_by = actor_or_none(by) if is_ok is not None else None
    item.checked_at = timezone.now() if is_ok is not None else None
    item.save(update_fields=["is_ok", "checked_by", "checked_at"])
    audit.record(
        actor=by,
        action="application.checklist_checked",
        target=item.application,
        before={item.key: before},
        after={item.key: is_ok},
    )
    return item


@transaction.atomic
def pieces_request(
    *,
    application: Application,
    message: str,
    due_on: dt.date,
    document_kinds: Sequence[DocumentKind] = (),
    by: Any,
) -> PieceRequest:
    """Ask the applicant for missing pieces: the file waits, its clock is paused, they get an e-mail."""
    require_perm("grants.instruction_request_pieces", by, application)
    application = lock_application(application)
    message = (message or "").strip()
    errors: dict[str, str] = {}
    if not message:
        errors["message"] = "Dites au porteur de projet ce qui manque."
    if due_on is None or due_on <= timezone.localdate():
        errors["due_on"] = "Choisissez une date après aujourd'hui."
    if errors:
        raise ValidationError(errors)
    if application.state == S.SUBMITTED:
        _ensure_checklist(application)
    request = PieceRequest(
        application=application, requested_by=actor_or_none(by), message=message, due_on=due_on
    )
    request.full_clean(exclude=["application"])
    move_application(application, "request_pieces", by=by, action="pieces_requested", note=message)
    request.save()
    if document_kinds:
        request.document_kinds.set(document_kinds)
    request_id = request.pk
    from solidaires.grants.instruction.tasks import send_pieces_requested_email

    transaction.on_commit(lambda: send_pieces_requested_email.enqueue(request_id))
    return request


@transaction.atomic
def pieces_answer(*, application: Application, answer: str = "", by: Any) -> Application:
    """The applicant (or an agent for them) says the pieces are there: back to instruction.

    Also called by the applicant side once their pieces are uploaded; safe to call when the
    applicant-side service already moved the file (it then only closes the waiting request).
    """
    application = lock_application(application)
    if application.state == S.WAITING_PIECES:
        require_perm("grants.supply_piece", by, application)
        move_application(
            application, "pieces_supplied", by=by, action="pieces_supplied", note=(answer or "").strip()
        )
    PieceRequest.objects.filter(application=application, status=PieceRequestStatus.WAITING).update(
        status=PieceRequestStatus.ANSWERED,
        answered_at=timezone.now(),
        answered_by=actor_or_none(by),
        answer=(answer or "").strip()[:3000],
    )
    return application


@transaction.atomic
def application_declare_ineligible(*, application: Application, reason: str, by: Any) -> Application:
    require_perm("grants.instruction_decide_eligibility", by, application)
    application = lock_application(application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Expliquez au porteur de projet pourquoi le dossier n'est pas recevable."}
        )
    move_application(application, "declare_ineligible", by=by, action="declare_ineligible", note=reason)
    PieceRequest.objects.filter(application=application, status=PieceRequestStatus.WAITING).update(
        status=PieceRequestStatus.CANCELLED
    )
    application_id = application.pk
    from solidaires.grants.instruction.tasks import send_ineligible_email

    transaction.on_commit(lambda: send_ineligible_email.enqueue(application_id))
    return application


@transaction.atomic
def application_send_to_committee(
    *, application: Application, session: CommitteeSession, by: Any
) -> Application:
    """Put an instructed (or postponed) file on a committee session's agenda."""
    require_perm("grants.committee_manage", by, session)
    application = lock_application(application)
    if session.state == CommitteeSessionState.CLOSED:
        raise ValidationError({"session": "Cette séance est clôturée : choisissez une autre séance."})
    if session.scheme_id != application.scheme_id:
        raise ValidationError({"session": "Cette séance ne concerne pas le dispositif du dossier."})
    if application.state == S.POSTPONED:
        move_application(
            application, "back_to_committee", by=by, action="back_to_committee", note=str(session)
        )
    else:
        move_application(
            application, "send_to_committee", by=by, action="send_to_committee", note=str(session)
        )
    session.applications.add(application)
    return application
