"""Writes of applications: draft, autosave, budget, documents, submission, withdrawal,
answers to requests for pieces and the file's conversation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.accounts.rules import is_agent
from solidaires.grants.applications import budget as budget_rules
from solidaires.grants.applications.models import (
    Applicant,
    ApplicantKind,
    Application,
    ApplicationDocument,
    ApplicationState,
    BudgetLine,
    BudgetLineKind,
    CalendarKind,
    Call,
    DocumentKind,
    FileNumberSequence,
    Scheme,
    VaultDocument,
)
from solidaires.grants.applications.rules import acts_for
from solidaires.grants.applications.services.common import (
    application_event_record,
    application_move,
    require_perm,
)
from solidaires.grants.applications.services.vault import vault_upload
from solidaires.grants.instruction.services import pieces_answer

PROJECT_FIELDS = ("title", "summary", "public_description", "audience", "starts_on", "ends_on")


def _check_can_apply(applicant: Applicant, scheme: Scheme, call: Call | None) -> None:
    if not scheme.is_active:
        raise ValidationError({"scheme": _("Ce dispositif n'accepte pas de dossier en ce moment.")})
    if not scheme.accepts(applicant.kind):
        raise ValidationError(
            {
                "applicant": _("Ce dispositif n'est pas ouvert aux porteurs de type « %(kind)s ».")
                % {"kind": ApplicantKind(applicant.kind).label}
            }
        )
    if scheme.calendar_kind == CalendarKind.SESSIONS:
        if call is None:
            raise ValidationError({"call": _("Choisissez l'appel à projets.")})
        if call.scheme_id != scheme.pk:
            raise ValidationError({"call": _("Cet appel ne correspond pas au dispositif.")})


@transaction.atomic
def application_create(
    *, by: Any, applicant: Applicant, scheme: Scheme, title: str, call: Call | None = None
) -> Application:
    require_perm("grants.add_application", by, applicant)
    _check_can_apply(applicant, scheme, call)
    if call is not None and not call.is_open():
        raise ValidationError({"call": _("Cet appel à projets n'est pas ouvert.")})
    application = Application(
        applicant=applicant,
        scheme=scheme,
        call=call,
        title=title.strip(),
        created_by=by,
        last_saved_at=timezone.now(),
    )
    if is_agent(by) and not acts_for(by, applicant):
        application.created_by_agent = by
    application.full_clean()
    application.save()
    if applicant.commune_id:
        application.communes.add(applicant.commune)  # type: ignore[arg-type]
    application_event_record(application=application, actor=by, action="created", to_state="draft")
    return application


def _require_editable(application: Application, by: Any) -> None:
    if not rules.has_perm("grants.view_application", by, application):
        raise PermissionDenied
    if application.state != ApplicationState.DRAFT:
        raise ValidationError(_("Ce dossier est déposé : il ne peut plus être modifié."))
    require_perm("grants.change_application", by, application)


@transaction.atomic
def application_update_project(*, application: Application, by: Any, data: dict[str, Any]) -> Application:
    """Step 1: the project. Saved as typed; the draft autosave of this step is cleared."""
    _require_editable(application, by)
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.last_saved_at = timezone.now()
    application.draft_data = {k: v for k, v in (application.draft_data or {}).items() if k != "projet"}
    application.full_clean()
    application.save()
    if "communes" in data:
        application.communes.set(data["communes"])
    if "themes" in data:
        application.themes.set(data["themes"])
    return application


def budget_lines_of(application: Application) -> list[budget_rules.Line]:
    return [
        budget_rules.Line(
            kind=line.kind,
            label=line.label,
            amount_cents=line.amount_cents,
            is_requested_grant=line.is_requested_grant,
        )
        for line in application.budget_lines.all()
    ]


def budget_errors(application: Application) -> list[str]:
    scheme = application.scheme
    return budget_rules.check(
        budget_lines_of(application),
        budget_rules.Rules(ceiling_cents=scheme.ceiling_cents, max_share_percent=scheme.max_share_percent),
    )


@transaction.atomic
def application_set_budget(
    *, application: Application, by: Any, lines: Sequence[budget_rules.Line]
) -> list[str]:
    """Step 2: replace the budget lines (kept even when the rules are not met yet: a draft is
    never lost) and return the rules broken, in French, for the page to show."""
    _require_editable(application, by)
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=application,
                kind=line.kind,
                label=line.label[:160],
                amount_cents=line.amount_cents,
                is_requested_grant=line.is_requested_grant,
                position=i,
            )
            for i, line in enumerate(lines)
        ]
    )
    application.amount_requested_cents = budget_rules.totals(lines).requested_cents
    application.last_saved_at = timezone.now()
    application.draft_data = {k: v for k, v in (application.draft_data or {}).items() if k != "budget"}
    application.save(update_fields=["amount_requested_cents", "last_saved_at", "draft_data", "updated_at"])
    return budget_errors(application)


@transaction.atomic
def application_attach(*, application: Application, by: Any, document: VaultDocument) -> ApplicationDocument:
    """Attach a vault document (replacing another one of the same kind, for a draft)."""
    if document.applicant_id != application.applicant_id:
        raise PermissionDenied
    if application.state == ApplicationState.DRAFT:
        _require_editable(application, by)
        application.attachments.filter(kind=document.kind).exclude(vault_document=document).delete()
    else:
        require_perm("grants.supply_piece", by, application)
    attachment, _created = ApplicationDocument.objects.get_or_create(
        application=application,
        vault_document=document,
        defaults={"kind": document.kind, "attached_by": by},
    )
    Application.objects.filter(pk=application.pk).update(last_saved_at=timezone.now())
    return attachment


@transaction.atomic
def application_upload_piece(
    *,
    application: Application,
    by: Any,
    kind: DocumentKind,
    uploaded_file: UploadedFile,
    valid_until: date | None = None,
) -> VaultDocument:
    """Upload a document from the pieces step of a draft: it goes to the applicant's vault
    and is joined to the draft at once, replacing the document of the same kind (issue 11:
    a piece uploaded for a required kind still read "Manquant" until it was also joined)."""
    _require_editable(application, by)
    document = vault_upload(
        applicant=application.applicant,
        by=by,
        kind=kind,
        uploaded_file=uploaded_file,
        valid_until=valid_until,
    )
    application_attach(application=application, by=by, document=document)
    return document


@transaction.atomic
def application_detach(*, application: Application, by: Any, document: VaultDocument) -> None:
    _require_editable(application, by)
    application.attachments.filter(vault_document=document).delete()


AUTOSAVE_STEPS = ("projet", "budget")


AUTOSAVE_MAX_CHARS = 50_000


@transaction.atomic
def application_autosave(
    *, application: Application, by: Any, step: str, data: dict[str, Any]
) -> Application:
    """Keep what is being typed in a step (not validated) so nothing is lost; the step's
    page shows it again until the step is saved for real."""
    _require_editable(application, by)
    if step not in AUTOSAVE_STEPS:
        raise ValidationError(_("Étape inconnue."))
    cleaned = {
        str(k)[:80]: (v if isinstance(v, list) else str(v))
        for k, v in data.items()
        if k != "csrfmiddlewaretoken"
    }
    if len(str(cleaned)) > AUTOSAVE_MAX_CHARS:
        raise ValidationError(_("Le brouillon est trop long pour être enregistré automatiquement."))
    draft = dict(application.draft_data or {})
    draft[step] = cleaned
    application.draft_data = draft
    application.last_saved_at = timezone.now()
    application.save(update_fields=["draft_data", "last_saved_at", "updated_at"])
    return application


def next_file_number(*, prefix: str, year: int) -> str:
    """``IC-2026-0042``: sequential per prefix and year. The sequence row is locked until the
    surrounding transaction ends, so two submissions never get the same number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_file_number must run inside a transaction")
    FileNumberSequence.objects.get_or_create(prefix=prefix, year=year)
    sequence = FileNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:04d}"


def submission_problems(application: Application, *, now: Any = None) -> dict[str, list[str]]:
    """Everything that prevents submission, grouped by step ("projet", "budget", "pieces",
    "depot"), as French sentences. Empty: the file can be submitted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    problems: dict[str, list[str]] = {"projet": [], "budget": [], "pieces": [], "depot": []}
    scheme = application.scheme
    call = application.call
    if not scheme.is_active:
        problems["depot"].append(_("Ce dispositif n'accepte plus de dossier."))
    if call is not None:
        if now >= call.closes_at:
            problems["depot"].append(
                _(
                    "La date limite de l'appel « %(call)s » est passée (%(deadline)s) : le dossier ne "
                    "peut plus être déposé. Votre brouillon est conservé."
                )
                % {
                    "call": call.name,
                    "deadline": timezone.localtime(call.closes_at).strftime("%d/%m/%Y à %H h %M"),
                }
            )
        elif now < call.opens_at:
            problems["depot"].append(_("L'appel à projets n'est pas encore ouvert."))
    elif scheme.calendar_kind == CalendarKind.SESSIONS:
        problems["depot"].append(_("Choisissez l'appel à projets."))
    if not scheme.accepts(application.applicant.kind):
        problems["depot"].append(_("Ce dispositif n'est pas ouvert à ce type de porteur de projet."))
    if not application.title.strip():
        problems["projet"].append(_("Donnez un titre au projet."))
    if not application.summary.strip():
        problems["projet"].append(_("Décrivez le projet en quelques lignes."))
    if not application.audience.strip():
        problems["projet"].append(_("Indiquez le public concerné."))
    if application.starts_on is None or application.ends_on is None:
        problems["projet"].append(_("Indiquez les dates de début et de fin du projet."))
    commune_ids = set(application.communes.values_list("pk", flat=True))
    if not commune_ids:
        problems["projet"].append(_("Choisissez au moins une commune où le projet a lieu."))
    else:
        eligible = set(scheme.eligible_communes.values_list("pk", flat=True))
        if eligible and not commune_ids <= eligible:
            problems["projet"].append(_("Une des communes choisies n'est pas éligible à ce dispositif."))
    if not scheme.is_in_kind:
        problems["budget"].extend(budget_errors(application))
    attached = {
        a.kind_id: a.vault_document for a in application.attachments.select_related("vault_document", "kind")
    }
    for kind in scheme.required_documents.all():
        document = attached.get(kind.pk)
        if document is None:
            problems["pieces"].append(_("Pièce obligatoire manquante : %(kind)s.") % {"kind": kind.label})
        elif document.is_expired(today):
            problems["pieces"].append(
                _("La pièce « %(kind)s » a expiré le %(day)s : ajoutez un document à jour.")
                % {
                    "kind": kind.label,
                    "day": document.valid_until.strftime("%d/%m/%Y") if document.valid_until else "",
                }
            )
    return {k: v for k, v in problems.items() if v}


@transaction.atomic
def application_submit(*, application: Application, by: Any) -> Application:
    """Check everything, give the file its number, move it to "submitted", acknowledge it.
    On any problem: ValidationError listing them; the draft is left exactly as it was."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "call", "applicant")
        .get(pk=application.pk)
    )
    _require_editable(application, by)
    require_perm("grants.submit_application", by, application)
    problems = submission_problems(application)
    if problems:
        raise ValidationError([message for messages in problems.values() for message in messages])
    year = timezone.localdate().year
    number = next_file_number(prefix=application.scheme.file_prefix, year=year)
    application_move(application=application, by=by, transition="submit", number=number)
    from solidaires.grants.applications.tasks import send_acknowledgement

    pk = application.pk
    transaction.on_commit(lambda: send_acknowledgement.enqueue(pk))
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: Any, reason: str = "") -> Application:
    require_perm("grants.withdraw_application", by, application)
    return application_move(application=application, by=by, transition="withdraw", note=reason.strip()[:2000])


@transaction.atomic
def application_supply_piece(
    *, application: Application, by: Any, document: VaultDocument, note: str = ""
) -> Application:
    """Answer a request for missing pieces: attach the document; the file goes back to
    examination (clock restarts) once every open request is answered."""
    require_perm("grants.supply_piece", by, application)
    application_attach(application=application, by=by, document=document)
    application_event_record(
        application=application,
        actor=by,
        action="piece_supplied",
        note=(note.strip() or document.kind.label)[:2000],
    )
    # The instruction side closes the request and moves the file back to examination.
    pieces_answer(application=application, answer=note or document.kind.label, by=by)
    application.refresh_from_db()
    return application


def application_thread(*, application: Application, by: Any) -> Any:
    """The conversation between the applicant space's people and the agents about this file."""
    require_perm("grants.message_application", by, application)
    from solidaires.messaging.services import thread_get_or_create

    people: list[Any] = list(application.applicant.members.filter(is_active=True))
    if application.applicant.person_id and application.applicant.person not in people:
        people.append(application.applicant.person)
    if application.assigned_agent_id and application.assigned_agent not in people:
        people.append(application.assigned_agent)
    if by not in people:
        people.append(by)
    if len(people) < 2 and application.applicant.association_id is None:
        raise ValidationError(
            _(
                "Un agent sera désigné pour suivre votre dossier après son dépôt : "
                "vous pourrez alors lui écrire ici."
            )
        )
    # One conversation per file, whoever follows it: a reassigned agent or a new member of
    # the applicant's group joins the existing thread and sees its history.
    from django.contrib.contenttypes.models import ContentType

    from solidaires.messaging.models import Thread
    from solidaires.messaging.services import thread_add_people

    existing = (
        Thread.objects.filter(
            content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk)
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        # Checked above: grants.message_application for ``by``; ``people`` are the file's.
        thread_add_people(thread=existing, people=people)
        return existing
    label = application.number or application.title
    return thread_get_or_create(
        about=application,
        subject=_("Dossier %(label)s") % {"label": label},
        people=people,
        association=application.applicant.association,
        by=by,
    )


def vault_budget_lines_from_form(
    rows: Iterable[tuple[str, str, int]], requested_cents: int | None
) -> list[budget_rules.Line]:
    """(kind, label, cents) rows + the requested grant → budget lines (the grant last)."""
    lines = [budget_rules.Line(kind=k, label=label, amount_cents=c) for k, label, c in rows]
    if requested_cents:
        lines.append(
            budget_rules.Line(
                kind=BudgetLineKind.INCOME,
                label=str(_("Subvention demandée à l'Agglo")),
                amount_cents=requested_cents,
                is_requested_grant=True,
            )
        )
    return lines
