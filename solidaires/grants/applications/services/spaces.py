"""Writes of applicant spaces: a person's own space, an association's, informal groups; spaces
started by an agent for someone met at a permanence and their hand-over (decision 1001)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.accounts.rules import is_agent
from solidaires.associations.models import Association, Membership, MembershipRole
from solidaires.core import audit
from solidaires.core.handover import hash_code
from solidaires.grants.applications.models import Applicant, ApplicantKind, Application, Call, Scheme
from solidaires.grants.applications.rules import forget_acts_for
from solidaires.grants.applications.services.common import application_event_record, require_perm
from solidaires.grants.applications.services.files import application_create

HANDOVER_VALIDITY = timedelta(days=30)


def _commune_of(user: Any) -> Any:
    profile = getattr(user, "profile", None)
    return getattr(profile, "commune", None) if profile is not None else None


@transaction.atomic
def applicant_person_space(*, user: Any) -> Applicant:
    """The person's own applicant space, created on first use."""
    require_perm("grants.add_applicant", user)
    space = Applicant.objects.filter(kind=ApplicantKind.PERSON, person=user).first()
    if space is not None:
        return space
    space = Applicant(
        kind=ApplicantKind.PERSON,
        name=user.public_name,
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
    if not (is_manager or is_agent(by)):
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
    require_perm("grants.add_applicant", by)
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
    require_perm("grants.change_applicant", by, applicant)
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
    require_perm("grants.act_on_behalf", by)
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
    require_perm("grants.hand_over", by, applicant)
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
