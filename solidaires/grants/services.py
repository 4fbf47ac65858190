"""Every write of the applicant side of grants: schemes, calls, applicant spaces, the vault,
applications (draft, autosave, budget, documents, submission, withdrawal), on-behalf files
and their hand-over.

Keyword-only arguments, one transaction, ``full_clean()``, PermissionDenied / ValidationError
(French), an audit entry and a timeline event for each state change, e-mails on commit.
The instruction side moves files with :func:`application_move` after its own checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.associations.models import Association, Membership, MembershipRole
from solidaires.core import audit
from solidaires.core.handover import hash_code

from . import budget as budget_rules
from .documents import UploadRejected, check_upload
from .models import (
    TRANSITIONS,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationState,
    BudgetLine,
    BudgetLineKind,
    CalendarKind,
    Call,
    DocumentKind,
    FileNumberSequence,
    Scheme,
    SchemeYear,
    VaultDocument,
)
from .rules import acts_for, forget_acts_for

HANDOVER_VALIDITY = timedelta(days=30)
PROJECT_FIELDS = ("title", "summary", "public_description", "audience", "starts_on", "ends_on")
SCHEME_FIELDS = (
    "code",
    "name",
    "tagline",
    "description",
    "applicant_kinds",
    "ceiling_cents",
    "max_share_percent",
    "criteria",
    "calendar_kind",
    "file_prefix",
    "is_in_kind",
    "is_active",
    "position",
)
CALL_FIELDS = ("name", "year", "opens_at", "closes_at", "committee_on")


def _require(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _is_agent(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_agent or user.is_superuser))


# --- timeline -----------------------------------------------------------------------------


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
    on_behalf = _is_agent(actor) and not acts_for(actor, application.applicant)
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
    """Move a file through one named transition of the state machine (models.TRANSITIONS).

    Raises ValidationError (French) for an illegal move. Permission checks are the caller's
    (the applicant services below, or the instruction services). Must run inside a transaction.
    """
    if transition not in TRANSITIONS:
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


# --- schemes and calls (agents) -----------------------------------------------------------


def _scheme_snapshot(scheme: Scheme) -> dict[str, Any]:
    data = {name: getattr(scheme, name) for name in SCHEME_FIELDS}
    if scheme.pk:
        data["required_documents"] = sorted(scheme.required_documents.values_list("code", flat=True))
        data["eligible_communes"] = sorted(scheme.eligible_communes.values_list("insee", flat=True))
    return data


def _scheme_apply(scheme: Scheme, data: dict[str, Any]) -> None:
    for name in SCHEME_FIELDS:
        if name in data:
            setattr(scheme, name, data[name])
    if scheme.file_prefix:
        scheme.file_prefix = scheme.file_prefix.upper()


@transaction.atomic
def scheme_create(*, by: Any, data: dict[str, Any]) -> Scheme:
    _require("grants.manage_schemes", by)
    scheme = Scheme()
    _scheme_apply(scheme, data)
    scheme.full_clean()
    scheme.save()
    if "required_documents" in data:
        scheme.required_documents.set(data["required_documents"])
    if "eligible_communes" in data:
        scheme.eligible_communes.set(data["eligible_communes"])
    audit.record(actor=by, action="grant_scheme.created", target=scheme, after=_scheme_snapshot(scheme))
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, by: Any, data: dict[str, Any]) -> Scheme:
    _require("grants.manage_schemes", by)
    before = _scheme_snapshot(scheme)
    _scheme_apply(scheme, data)
    scheme.full_clean()
    scheme.save()
    if "required_documents" in data:
        scheme.required_documents.set(data["required_documents"])
    if "eligible_communes" in data:
        scheme.eligible_communes.set(data["eligible_communes"])
    audit.record(
        actor=by, action="grant_scheme.updated", target=scheme, before=before, after=_scheme_snapshot(scheme)
    )
    return scheme


@transaction.atomic
def scheme_year_set(*, scheme: Scheme, by: Any, year: int, envelope_cents: int) -> SchemeYear:
    _require("grants.manage_schemes", by)
    row = SchemeYear.objects.filter(scheme=scheme, year=year).first()
    before = {"envelope_cents": row.envelope_cents} if row else {}
    if row is None:
        row = SchemeYear(scheme=scheme, year=year, envelope_cents=envelope_cents)
    row.envelope_cents = envelope_cents
    row.full_clean()
    row.save()
    audit.record(
        actor=by,
        action="grant_scheme.envelope_set",
        target=scheme,
        before=before,
        after={"year": year, "envelope_cents": envelope_cents},
    )
    return row


@transaction.atomic
def call_create(*, scheme: Scheme, by: Any, data: dict[str, Any]) -> Call:
    _require("grants.manage_schemes", by)
    call = Call(scheme=scheme, **{k: data[k] for k in CALL_FIELDS if k in data})
    call.full_clean()
    call.save()
    audit.record(actor=by, action="grant_call.created", target=call, after={"closes_at": str(call.closes_at)})
    return call


@transaction.atomic
def call_update(*, call: Call, by: Any, data: dict[str, Any]) -> Call:
    _require("grants.manage_schemes", by)
    before = {k: str(getattr(call, k)) for k in CALL_FIELDS}
    for name in CALL_FIELDS:
        if name in data:
            setattr(call, name, data[name])
    call.full_clean()
    call.save()
    audit.record(
        actor=by,
        action="grant_call.updated",
        target=call,
        before=before,
        after={k: str(getattr(call, k)) for k in CALL_FIELDS},
    )
    return call


# --- applicant spaces ---------------------------------------------------------------------


def _commune_of(user: Any) -> Any:
    profile = getattr(user, "profile", None)
    return getattr(profile, "commune", None) if profile is not None else None


@transaction.atomic
def applicant_person_space(*, user: Any) -> Applicant:
    """The person's own applicant space, created on first use."""
    _require("grants.add_applicant", user)
    space = Applicant.objects.filter(kind=ApplicantKind.PERSON, person=user).first()
    if space is not None:
        return space
    space = Applicant(
        kind=ApplicantKind.PERSON,
        name=user.display_name or str(user),
        person=user,
        email=user.email,
        commune=_commune_of(user),
        created_by=user,
    )
    space.full_clean()
    space.save()
    space.members.add(user)
    audit.record(actor=user, action="grant_applicant.created", target=space, after={"kind": space.kind})
    return space


@transaction.atomic
def applicant_association_space(*, association: Association, by: Any) -> Applicant:
    """The association's applicant space (one per association), created on first use by a
    manager or an agent; SIRET and RNA copied for the open-data exports."""
    is_manager = Membership.objects.filter(
        association=association, user=by, role=MembershipRole.MANAGER
    ).exists()
    if not (is_manager or _is_agent(by)):
        raise PermissionDenied
    space = Applicant.objects.filter(association=association).first()
    if space is not None:
        if space.siret != association.siret or space.rna != association.rna:
            Applicant.objects.filter(pk=space.pk).update(siret=association.siret, rna=association.rna)
            space.siret, space.rna = association.siret, association.rna
        return space
    space = Applicant(
        kind=ApplicantKind.ASSOCIATION,
        name=association.name,
        association=association,
        siret=association.siret,
        rna=association.rna,
        commune=association.head_office_commune,
        created_by=by,
    )
    space.full_clean()
    space.save()
    audit.record(actor=by, action="grant_applicant.created", target=space, after={"kind": space.kind})
    return space


def _users_by_email(emails: Iterable[str]) -> tuple[list[Any], list[str]]:
    user_model = get_user_model()
    wanted = sorted({e.strip().lower() for e in emails if e.strip()})
    found = list(user_model.objects.filter(email__in=wanted, is_active=True, erased_at__isnull=True))
    known = {u.email.lower() for u in found}
    return found, [e for e in wanted if e not in known]


@transaction.atomic
def group_create(*, by: Any, name: str, commune: Any, member_emails: Sequence[str] = ()) -> Applicant:
    """An informal group of inhabitants; ``by`` is its contact; members must have an account."""
    _require("grants.add_applicant", by)
    users, unknown = _users_by_email(member_emails)
    if unknown:
        raise ValidationError(
            {
                "member_emails": _(
                    "Aucun compte n'existe pour : %(emails)s. Demandez à ces personnes de créer "
                    "un compte, puis ajoutez-les."
                )
                % {"emails": ", ".join(unknown)}
            }
        )
    group = Applicant(kind=ApplicantKind.GROUP, name=name.strip(), person=by, commune=commune, created_by=by)
    group.full_clean()
    group.save()
    group.members.add(by, *users)
    audit.record(
        actor=by,
        action="grant_applicant.created",
        target=group,
        after={"kind": group.kind, "members": sorted(u.pk for u in [by, *users])},
    )
    return group


@transaction.atomic
def group_add_members(*, applicant: Applicant, by: Any, member_emails: Sequence[str]) -> list[Any]:
    _require("grants.change_applicant", by, applicant)
    if applicant.kind != ApplicantKind.GROUP:
        raise ValidationError(_("Seuls les groupes d'habitants ont des membres à inviter."))
    users, unknown = _users_by_email(member_emails)
    if unknown:
        raise ValidationError(
            {"member_emails": _("Aucun compte n'existe pour : %(emails)s.") % {"emails": ", ".join(unknown)}}
        )
    applicant.members.add(*users)
    forget_acts_for(applicant)
    audit.record(
        actor=by,
        action="grant_applicant.members_added",
        target=applicant,
        after={"members": sorted(u.pk for u in users)},
    )
    return users


# --- the vault ----------------------------------------------------------------------------


@transaction.atomic
def vault_upload(
    *,
    applicant: Applicant,
    by: Any,
    kind: DocumentKind,
    uploaded_file: UploadedFile,
    valid_until: date | None = None,
) -> VaultDocument:
    """Check the file by content and size, then keep it in the applicant's vault."""
    _require("grants.upload_document", by, applicant)
    try:
        checked = check_upload(
            name=uploaded_file.name or "",
            size=uploaded_file.size or 0,
            stream=uploaded_file.file,  # type: ignore[arg-type]
        )
    except UploadRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if kind.needs_validity_date and valid_until is None:
        raise ValidationError({"valid_until": _("Indiquez jusqu'à quand ce document est valable.")})
    uploaded_file.seek(0)
    document = VaultDocument(
        applicant=applicant,
        kind=kind,
        original_name=(uploaded_file.name or "document")[:200],
        content_type=checked.content_type,
        size=checked.size,
        valid_until=valid_until,
        uploaded_by=by,
    )
    document.file.save(uploaded_file.name or "document", uploaded_file, save=False)
    document.full_clean()
    document.save()
    audit.record(
        actor=by,
        action="grant_vault.uploaded",
        target=document,
        after={"kind": kind.code, "size": checked.size, "valid_until": str(valid_until or "")},
    )
    return document


def document_is_locked(document: VaultDocument) -> bool:
    """Attached to a file that was submitted: kept as long as that file exists."""
    return document.attachments.exclude(application__state=ApplicationState.DRAFT).exists()


@transaction.atomic
def vault_delete(*, document: VaultDocument, by: Any) -> None:
    _require("grants.delete_document", by, document)
    if document_is_locked(document):
        raise ValidationError(
            _("Ce document est joint à un dossier déposé : il est conservé avec ce dossier.")
        )
    audit.record(
        actor=by,
        action="grant_vault.deleted",
        target=document,
        before={"kind": document.kind.code, "name": document.original_name},
    )
    document.attachments.all().delete()
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


# --- applications -------------------------------------------------------------------------


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
    _require("grants.add_application", by, applicant)
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
    if _is_agent(by) and not acts_for(by, applicant):
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
    _require("grants.change_application", by, application)


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
        _require("grants.supply_piece", by, application)
    attachment, _created = ApplicationDocument.objects.get_or_create(
        application=application,
        vault_document=document,
        defaults={"kind": document.kind, "attached_by": by},
    )
    Application.objects.filter(pk=application.pk).update(last_saved_at=timezone.now())
    return attachment


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
    _require("grants.submit_application", by, application)
    problems = submission_problems(application)
    if problems:
        raise ValidationError([message for messages in problems.values() for message in messages])
    year = timezone.localdate().year
    number = next_file_number(prefix=application.scheme.file_prefix, year=year)
    application_move(application=application, by=by, transition="submit", number=number)
    from .tasks import send_acknowledgement

    pk = application.pk
    transaction.on_commit(lambda: send_acknowledgement.enqueue(pk))
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: Any, reason: str = "") -> Application:
    _require("grants.withdraw_application", by, application)
    return application_move(application=application, by=by, transition="withdraw", note=reason.strip()[:2000])


@transaction.atomic
def application_supply_piece(
    *, application: Application, by: Any, document: VaultDocument, note: str = ""
) -> Application:
    """Answer a request for missing pieces: attach the document; the file goes back to
    examination (clock restarts) once every open request is answered."""
    _require("grants.supply_piece", by, application)
    application_attach(application=application, by=by, document=document)
    application_event_record(
        application=application,
        actor=by,
        action="piece_supplied",
        note=(note.strip() or document.kind.label)[:2000],
    )
    try:
        from .instruction_services import pieces_answer
    except ImportError:  # pragma: no cover - the instruction side is always installed
        application_move(application=application, by=by, transition="pieces_supplied")
    else:
        pieces_answer(application=application, answer=note or document.kind.label, by=by)
        application.refresh_from_db()
    return application


def application_thread(*, application: Application, by: Any) -> Any:
    """The conversation between the applicant space's people and the agents about this file."""
    _require("grants.message_application", by, application)
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


# --- on behalf of an applicant met at a permanence ----------------------------------------


@transaction.atomic
def on_behalf_start(
    *,
    by: Any,
    kind: str,
    name: str,
    consent_method: str,
    scheme: Scheme,
    title: str,
    call: Call | None = None,
    email: str = "",
    commune: Any = None,
    association: Association | None = None,
) -> tuple[Application, str]:
    """An agent starts a file for someone met at a permanence. Records the consent; creates
    the applicant space (a person may have no account: name and optional e-mail) with a
    one-time hand-over code, returned in clear once (only its hash is stored)."""
    _require("grants.act_on_behalf", by)
    if not consent_method.strip():
        raise ValidationError({"consent_method": _("Indiquez comment la personne a donné son accord.")})
    code = Applicant.new_handover_code()
    if kind == ApplicantKind.ASSOCIATION:
        if association is None:
            raise ValidationError({"association": _("Choisissez l'association.")})
        applicant = applicant_association_space(association=association, by=by)
    else:
        applicant = Applicant(
            kind=kind, name=name.strip(), email=email.strip().lower(), commune=commune, created_by=by
        )
        applicant.full_clean()
        applicant.save()
        audit.record(
            actor=by, action="grant_applicant.created_on_behalf", target=applicant, after={"kind": kind}
        )
    applicant.handover_code_hash = hash_code(code)
    applicant.handover_expires_at = timezone.now() + HANDOVER_VALIDITY
    applicant.save(update_fields=["handover_code_hash", "handover_expires_at", "updated_at"])
    application = application_create(by=by, applicant=applicant, scheme=scheme, title=title, call=call)
    application.created_by_agent = by
    application.consent_recorded_at = timezone.now()
    application.consent_method = consent_method.strip()[:200]
    application.save(
        update_fields=["created_by_agent", "consent_recorded_at", "consent_method", "updated_at"]
    )
    application_event_record(
        application=application,
        actor=by,
        action="consent_recorded",
        note=application.consent_method,
    )
    return application, code


@transaction.atomic
def handover_new_code(*, applicant: Applicant, by: Any) -> str:
    """A fresh code (the previous one stops working), e.g. when the paper sheet was lost."""
    _require("grants.hand_over", by, applicant)
    code = Applicant.new_handover_code()
    applicant.handover_code_hash = hash_code(code)
    applicant.handover_expires_at = timezone.now() + HANDOVER_VALIDITY
    applicant.save(update_fields=["handover_code_hash", "handover_expires_at", "updated_at"])
    audit.record(actor=by, action="grant_applicant.handover_code_issued", target=applicant)
    return code


@transaction.atomic
def handover_claim(*, code: str, by: Any) -> Applicant:
    """The applicant, logged in, types the code: the space (and its files) becomes theirs."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    digest = hash_code(code)
    applicant = (
        Applicant.objects.select_for_update(of=("self",))
        .filter(handover_code_hash=digest, handed_over_at__isnull=True)
        .first()
    )
    if applicant is None or (
        applicant.handover_expires_at is not None and applicant.handover_expires_at <= timezone.now()
    ):
        raise ValidationError(
            {
                "code": _(
                    "Ce code n'est pas valable (ou a déjà servi). Vérifiez-le ou demandez-en un nouveau à l'agent."
                )
            }
        )
    now = timezone.now()
    if applicant.kind == ApplicantKind.PERSON:
        if Applicant.objects.filter(kind=ApplicantKind.PERSON, person=by).exclude(pk=applicant.pk).exists():
            # The person already has a space: it keeps theirs; this one stays as a second space
            # they are a member of.
            pass
        else:
            applicant.person = by
    elif applicant.kind == ApplicantKind.GROUP and applicant.person_id is None:
        applicant.person = by
    applicant.members.add(by)
    applicant.handed_over_at = now
    applicant.handover_code_hash = ""
    applicant.save(update_fields=["person", "handed_over_at", "handover_code_hash", "updated_at"])
    forget_acts_for(applicant)
    for application in applicant.applications.all():
        if application.handed_over_at is None:
            Application.objects.filter(pk=application.pk).update(handed_over_at=now)
            application_event_record(application=application, actor=by, action="handed_over")
    audit.record(actor=by, action="grant_applicant.handed_over", target=applicant)
    return applicant


# --- reminders ----------------------------------------------------------------------------


def documents_to_warn(*, today: date | None = None, days: int = 30) -> list[int]:
    """Vault documents expiring within ``days`` days and not yet warned about."""
    today = today or timezone.localdate()
    return list(
        VaultDocument.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
            expiry_warned_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def mark_document_warned(document_id: int) -> bool:
    """Idempotent: True only the first time (the task sends the e-mail then)."""
    return bool(
        VaultDocument.objects.filter(pk=document_id, expiry_warned_at__isnull=True).update(
            expiry_warned_at=timezone.now()
        )
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
