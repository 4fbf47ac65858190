"""Reads of one file's instruction view: eligibility checks and the file with its relations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from solidaires.grants.applications.budget import Line, Rules, check, euros
from solidaires.grants.applications.models import Application


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def eligibility(application: Application, *, today: dt.date | None = None) -> list[Check]:
    """The eligibility points, computed from the file (the agent still decides)."""
    today = today or timezone.localdate()
    scheme = application.scheme
    checks: list[Check] = []
    kind_ok = scheme.accepts(application.applicant.kind)
    checks.append(
        Check(
            "Type de porteur de projet",
            kind_ok,
            f"{application.applicant.get_kind_display()} : "
            + ("accepté par ce dispositif" if kind_ok else "non prévu par ce dispositif"),
        )
    )
    eligible = {c.pk for c in scheme.eligible_communes.all()}
    communes = list(application.communes.all())
    if not communes and application.applicant.commune_id:
        communes = [application.applicant.commune]  # type: ignore[list-item]
    if not eligible:
        checks.append(Check("Commune", True, "Toutes les communes sont éligibles."))
    else:
        names = ", ".join(c.name for c in communes) or "aucune commune indiquée"
        ok = bool(communes) and all(c.pk in eligible for c in communes)
        checks.append(Check("Commune", ok, names))
    lines = [
        Line(line.kind, line.label, line.amount_cents, line.is_requested_grant)
        for line in application.budget_lines.all()
    ]
    errors = check(lines, Rules(scheme.ceiling_cents, scheme.max_share_percent))
    requested = application.amount_requested_cents
    ceiling_ok = scheme.ceiling_cents is None or requested <= scheme.ceiling_cents
    checks.append(
        Check(
            "Plafond",
            ceiling_ok,
            f"{euros(requested)} demandés"
            + (f" pour un plafond de {euros(scheme.ceiling_cents)}" if scheme.ceiling_cents else ""),
        )
    )
    expenses = sum(line.amount_cents for line in lines if line.kind == "expense")
    if scheme.max_share_percent:
        limit = expenses * scheme.max_share_percent // 100
        checks.append(
            Check(
                f"Règle des {scheme.max_share_percent} %",
                requested <= limit,
                f"au plus {euros(limit)} pour {euros(expenses)} de dépenses",
            )
        )
    balance_errors = [e for e in errors if "équilibré" in e or ("dépense" in e.lower() and "Ajoutez" in e)]
    checks.append(
        Check(
            "Budget équilibré",
            not balance_errors,
            balance_errors[0] if balance_errors else "Dépenses = recettes",
        )
    )
    attached: dict[int, bool] = {}
    for attachment in application.attachments.all():
        doc = attachment.vault_document
        valid = doc.valid_until is None or doc.valid_until >= today
        attached[attachment.kind_id] = attached.get(attachment.kind_id, False) or valid
    for kind in scheme.required_documents.all():
        if kind.pk not in attached:
            checks.append(Check(f"Pièce : {kind.label}", False, "manquante"))
        elif not attached[kind.pk]:
            checks.append(Check(f"Pièce : {kind.label}", False, "périmée"))
        else:
            checks.append(Check(f"Pièce : {kind.label}", True, "fournie et valable"))
    return checks


def instruction_file(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "applicant", "applicant__commune", "applicant__association", "scheme", "call", "assigned_agent"
        )
        .prefetch_related(
            "communes",
            "themes",
            "budget_lines",
            "attachments__vault_document",
            "attachments__kind",
            "scheme__required_documents",
            "scheme__eligible_communes",
            "checklist_items",
            "piece_requests__document_kinds",
            "payments",
            "decisions__session",
            "committee_sessions",
        )
        .get(pk=pk)
    )
