"""Every write on associations, memberships, invitations and claims.

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.core import audit
from solidaires.core.models import Theme
from solidaires.core.search import sort_key
from solidaires.core.slugs import french_slugify
from solidaires.territory.models import Commune

from .indexing import build_search_document
from .models import (
    Association,
    AssociationStatus,
    Claim,
    ClaimStatus,
    Invitation,
    Membership,
    MembershipRole,
)
from .rules import forget_membership_roles
from .tasks import send_association_decision_email, send_claim_decision_email, send_invitation_email
from .validators import normalize_rna, normalize_siret

INVITATION_VALIDITY = timedelta(days=14)

# Plain fields people may set through association_create / association_update.
EDITABLE_FIELDS = (
    "name",
    "acronym",
    "legal_form",
    "rna",
    "siret",
    "head_office_commune",
    "description",
    "contact_email",
    "contact_phone",
    "website",
)
AUDITED_FIELDS = (*EDITABLE_FIELDS, "status")


def _require(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _snapshot(association: Association) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in AUDITED_FIELDS:
        value = getattr(association, "head_office_commune_id" if name == "head_office_commune" else name)
        data[name] = value
    if association.pk:
        data["themes"] = sorted(association.themes.values_list("slug", flat=True))
        data["communes"] = sorted(association.communes.values_list("insee", flat=True))
    return data


# First path segments under /associations/ that are pages, not associations.
RESERVED_SLUGS = frozenset({"nouvelle", "invitations"})


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = french_slugify(name)[:200] or "association"
    slug = base if base not in RESERVED_SLUGS else f"{base}-2"
    n = 2
    qs = Association.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def refresh_search_document(association: Association) -> None:
    """Rebuild the stored search text (name, acronym, communes, themes, description) and sort key."""
    head_office = association.head_office_commune
    commune_names = [
        head_office.name,
        *(c.name for c in association.communes.all() if c.pk != head_office.pk),
    ]
    association.search_document = build_search_document(
        name=association.name,
        acronym=association.acronym,
        description=association.description,
        commune_names=commune_names,
        theme_labels=[t.label for t in association.themes.all()],
    )
    association.sort_name = sort_key(association.name)
    Association.objects.filter(pk=association.pk).update(
        search_document=association.search_document, sort_name=association.sort_name
    )


def _apply(association: Association, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            if name == "rna":
                value = normalize_rna(value or "")
            elif name == "siret":
                value = normalize_siret(value or "")
            elif isinstance(value, str):
                value = value.strip()
            setattr(association, name, value)


def _save_logo(association: Association, logo: File | bool | None) -> None:
    """``logo`` is a file already checked by validators.clean_logo, False to remove, None to keep."""
    if logo is None:
        return
    if association.logo:
        association.logo.delete(save=False)
    if logo is False:
        association.logo = ""  # type: ignore[assignment]
    else:
        association.logo.save(logo.name or "logo", logo, save=False)  # type: ignore[union-attr]


def _set_relations(association: Association, data: dict[str, Any]) -> None:
    if "themes" in data:
        association.themes.set(_as_themes(data["themes"]))
    if "communes" in data:
        association.communes.set(_as_communes(data["communes"]))


def _as_themes(values: Iterable[Any]) -> list[Theme]:
    slugs = [v.pk if isinstance(v, Theme) else str(v) for v in values]
    themes = list(Theme.objects.filter(slug__in=slugs))
    if len(themes) != len(set(slugs)):
        raise ValidationError({"themes": _("Un des thèmes choisis n'existe pas.")})
    return themes


def _as_communes(values: Iterable[Any]) -> list[Commune]:
    codes = [v.pk if isinstance(v, Commune) else str(v) for v in values]
    communes = list(Commune.objects.filter(insee__in=codes))
    if len(communes) != len(set(codes)):
        raise ValidationError({"communes": _("Une des communes choisies n'existe pas.")})
    return communes


def _full_clean(association: Association) -> None:
    association.full_clean()


@transaction.atomic
def association_create(*, by: Any, data: dict[str, Any]) -> Association:
    """A person with a verified e-mail lists an association; they become its manager.

    ``data``: the EDITABLE_FIELDS, ``themes`` (slugs or Theme), ``communes`` (INSEE codes or
    Commune) and optionally ``logo`` (a file returned by validators.clean_logo).
    """
    _require("associations.add_association", by)
    if not data.get("themes"):
        raise ValidationError({"themes": _("Choisissez au moins un thème.")})
    association = Association(status=AssociationStatus.PENDING, created_by=by)
    _apply(association, data)
    association.slug = _unique_slug(association.name)
    association.sort_name = sort_key(association.name)
    _full_clean(association)
    themes = _as_themes(data["themes"])
    communes = _as_communes(data.get("communes") or [])
    _save_logo(association, data.get("logo"))
    association.save()
    association.themes.set(themes)
    association.communes.set(communes)
    Membership.objects.create(association=association, user=by, role=MembershipRole.MANAGER)
    forget_membership_roles(association)
    refresh_search_document(association)
    audit.record(actor=by, action="association.created", target=association, after=_snapshot(association))
    return association


@transaction.atomic
def association_update(*, association: Association, by: Any, data: dict[str, Any]) -> Association:
    """Managers and agents edit an association. A refused one edited by its managers goes back
    to the verification queue."""
    _require("associations.change_association", by, association)
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = _snapshot(association)
    if "themes" in data and not data["themes"]:
        raise ValidationError({"themes": _("Choisissez au moins un thème.")})
    _apply(association, data)
    _full_clean(association)
    _save_logo(association, data.get("logo"))
    resubmitted = False
    if association.is_rejected and not rules.has_perm("associations.verify_association", by, association):
        association.transition_to(AssociationStatus.PENDING)
        resubmitted = True
    association.save()
    _set_relations(association, data)
    refresh_search_document(association)
    after = _snapshot(association)
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: after[k] for k in changed_before}
    if changed_after or data.get("logo") is not None:
        audit.record(
            actor=by,
            action="association.updated",
            target=association,
            before=changed_before,
            after=changed_after,
            note=_("logo modifié") if data.get("logo") is not None else "",
        )
    if resubmitted:
        audit.record(
            actor=by,
            action="association.resubmitted",
            target=association,
            before={"status": AssociationStatus.REJECTED},
            after={"status": AssociationStatus.PENDING},
        )
    return association


@transaction.atomic
def association_verify(*, association: Association, by: Any) -> Association:
    """An agent checks the association and gives it the verified badge."""
    _require("associations.verify_association", by, association)
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = association.status
    if association.is_verified:
        raise ValidationError(_("Cette association est déjà vérifiée."), code="already_verified")
    association.transition_to(AssociationStatus.VERIFIED)
    association.verified_at = timezone.now()
    association.verified_by = by
    association.rejection_reason = ""
    # Only the status fields change here, and transition_to() validated the move.
    association.save(update_fields=["status", "verified_at", "verified_by", "rejection_reason", "updated_at"])
    audit.record(
        actor=by,
        action="association.verified",
        target=association,
        before={"status": before},
        after={"status": association.status},
    )
    association_id = association.pk
    transaction.on_commit(lambda: send_association_decision_email.enqueue(association_id))
    return association


@transaction.atomic
def association_reject(*, association: Association, by: Any, reason: str) -> Association:
    """An agent refuses a pending association, with a reason its managers see and receive."""
    _require("associations.verify_association", by, association)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Expliquez le motif du refus : l'association le verra.")})
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = association.status
    if association.is_verified:
        raise ValidationError(
            _("Une association vérifiée ne peut pas être refusée."), code="illegal_transition"
        )
    if association.is_rejected:
        raise ValidationError(_("Cette association a déjà été refusée."), code="already_rejected")
    association.transition_to(AssociationStatus.REJECTED)
    association.rejection_reason = reason
    association.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit.record(
        actor=by,
        action="association.rejected",
        target=association,
        before={"status": before},
        after={"status": association.status, "reason": reason},
    )
    association_id = association.pk
    transaction.on_commit(lambda: send_association_decision_email.enqueue(association_id))
    return association


def associations_verify_bulk(*, associations: Iterable[Association], by: Any) -> list[Association]:
    """Verify several pending associations (each in its own transaction); others are skipped."""
    done = []
    for association in associations:
        if association.status == AssociationStatus.VERIFIED:
            continue
        try:
            done.append(association_verify(association=association, by=by))
        except ValidationError:
            continue
    return done


# Claims ------------------------------------------------------------------------------------


@transaction.atomic
def association_claim(*, association: Association, by: Any, message: str = "") -> Claim:
    """Someone says they run this association; an agent decides. One pending claim per person."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    if Membership.objects.filter(association=association, user=by).exists():
        raise ValidationError(_("Vous êtes déjà membre de cette association."), code="already_member")
    if Claim.objects.filter(association=association, user=by, status=ClaimStatus.PENDING).exists():
        raise ValidationError(
            _("Vous avez déjà une demande en cours pour cette association."), code="already_claimed"
        )
    claim = Claim(association=association, user=by, message=(message or "").strip())
    claim.full_clean()
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Vous avez déjà une demande en cours pour cette association."), code="already_claimed"
        ) from exc
    audit.record(actor=by, action="claim.created", target=claim, after={"association": association.pk})
    return claim


@transaction.atomic
def claim_approve(*, claim: Claim, by: Any) -> Claim:
    """An agent accepts a claim: the person becomes a manager of the association."""
    _require("associations.decide_claim", by, claim.association)
    claim = Claim.objects.select_for_update().select_related("association", "user").get(pk=claim.pk)
    if not can_proceed(claim.approve):
        raise ValidationError(_("Cette demande a déjà été traitée."), code="already_decided")
    claim.approve(by=by)
    claim.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    membership, created = Membership.objects.get_or_create(
        association=claim.association, user=claim.user, defaults={"role": MembershipRole.MANAGER}
    )
    previous_role = None if created else membership.role
    if membership.role != MembershipRole.MANAGER:
        membership.role = MembershipRole.MANAGER
        membership.save(update_fields=["role", "updated_at"])
    _clear_managerless(claim.association)
    audit.record(
        actor=by,
        action="claim.approved",
        target=claim,
        before={"status": ClaimStatus.PENDING},
        after={"status": claim.status},
    )
    audit.record(
        actor=by,
        action="membership.role_changed",
        target=claim.association,
        before={"user": claim.user_id, "role": previous_role},
        after={"user": claim.user_id, "role": MembershipRole.MANAGER},
        note=_("revendication acceptée"),
    )
    claim_id = claim.pk
    transaction.on_commit(lambda: send_claim_decision_email.enqueue(claim_id))
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, by: Any, reason: str = "") -> Claim:
    _require("associations.decide_claim", by, claim.association)
    claim = Claim.objects.select_for_update().select_related("association").get(pk=claim.pk)
    if not can_proceed(claim.reject):
        raise ValidationError(_("Cette demande a déjà été traitée."), code="already_decided")
    claim.reject(by=by)
    claim.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=by,
        action="claim.rejected",
        target=claim,
        before={"status": ClaimStatus.PENDING},
        after={"status": claim.status},
        note=(reason or "").strip(),
    )
    claim_id = claim.pk
    transaction.on_commit(lambda: send_claim_decision_email.enqueue(claim_id))
    return claim


# Invitations and memberships ---------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, association: Association, email: str, role: str, by: Any) -> Invitation:
    """A manager invites someone by e-mail; the link is valid 14 days."""
    _require("associations.manage_members", by, association)
    email = (email or "").strip().lower()
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choisissez un rôle.")})
    if Membership.objects.filter(association=association, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Cette personne est déjà membre de l'association.")})
    # A new invitation replaces an unused one to the same address.
    Invitation.objects.filter(association=association, email__iexact=email, accepted_at__isnull=True).delete()
    # The token that is mailed is drawn by the e-mail task itself (invitation_issue_token), so
    # it never sits in the task queue's arguments; until then an unusable random hash is stored.
    invitation = Invitation(
        association=association,
        email=email,
        role=role,
        token=hash_token(secrets.token_urlsafe(32)),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        actor=by,
        action="invitation.created",
        target=association,
        after={"invitation": invitation.pk, "role": role},
    )
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id))
    return invitation


def invitation_issue_token(*, invitation_id: int) -> tuple[Invitation, str] | None:
    """Draw a fresh secret for an open invitation; only its hash is stored. None if not open."""
    token = secrets.token_urlsafe(32)
    updated = Invitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).update(
        token=hash_token(token)
    )
    if not updated:
        return None
    return Invitation.objects.select_related("association", "invited_by").get(pk=invitation_id), token


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    return Invitation.objects.select_related("association").filter(token=hash_token(token)).first()


def user_has_verified_email(user: Any, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> Membership:
    """The invited person (logged in, with the invited address verified) joins the association."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("Ce lien d'invitation n'est pas valable."), code="invalid")
    invitation = Invitation.objects.select_for_update().select_related("association").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été utilisée."), code="used")
    if invitation.is_expired:
        raise ValidationError(
            _("Cette invitation a expiré. Demandez à un responsable de l'association de vous réinviter."),
            code="expired",
        )
    if not user_has_verified_email(user, invitation.email):
        raise ValidationError(
            _(
                "Cette invitation a été envoyée à une autre adresse e-mail. Connectez-vous avec "
                "le compte de cette adresse (et confirmez-la) pour l'accepter."
            ),
            code="wrong_email",
        )
    membership, created = Membership.objects.get_or_create(
        association=invitation.association, user=user, defaults={"role": invitation.role}
    )
    before_role = None if created else membership.role
    if (
        not created
        and invitation.role == MembershipRole.MANAGER
        and membership.role != MembershipRole.MANAGER
    ):
        membership.role = MembershipRole.MANAGER
        membership.save(update_fields=["role", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    if membership.role == MembershipRole.MANAGER:
        _clear_managerless(invitation.association)
    audit.record(
        actor=user,
        action="invitation.accepted",
        target=invitation.association,
        before={"user": user.pk, "role": before_role},
        after={"user": user.pk, "role": membership.role, "invitation": invitation.pk},
    )
    return membership


def _manager_count(association: Association) -> int:
    return Membership.objects.filter(association=association, role=MembershipRole.MANAGER).count()


def _clear_managerless(association: Association) -> None:
    if association.managerless_since is not None:
        association.managerless_since = None
        Association.objects.filter(pk=association.pk).update(managerless_since=None)


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: Any) -> Membership:
    """A manager changes someone's role; the association always keeps at least one manager."""
    _require("associations.manage_members", by, membership.association)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choisissez un rôle.")})
    # Lock the association's memberships so two managers cannot demote each other at once.
    locked = list(
        Membership.objects.select_for_update().filter(association_id=membership.association_id).order_by("pk")
    )
    membership = next(m for m in locked if m.pk == membership.pk)
    before = membership.role
    if before == role:
        return membership
    managers = sum(1 for m in locked if m.role == MembershipRole.MANAGER)
    if before == MembershipRole.MANAGER and managers <= 1:
        raise ValidationError(
            _("L'association doit garder au moins un ou une responsable. Nommez d'abord quelqu'un d'autre."),
            code="last_manager",
        )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    forget_membership_roles(membership.association)
    audit.record(
        actor=by,
        action="membership.role_changed",
        target=membership.association,
        before={"user": membership.user_id, "role": before},
        after={"user": membership.user_id, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Any) -> None:
    """A manager removes someone from the association (never its last manager)."""
    _require("associations.manage_members", by, membership.association)
    locked = list(
        Membership.objects.select_for_update().filter(association_id=membership.association_id).order_by("pk")
    )
    current = next((m for m in locked if m.pk == membership.pk), None)
    if current is None:
        return
    managers = sum(1 for m in locked if m.role == MembershipRole.MANAGER)
    if current.role == MembershipRole.MANAGER and managers <= 1:
        raise ValidationError(
            _("Impossible de retirer le ou la dernière responsable de l'association."), code="last_manager"
        )
    association = membership.association
    current.delete()
    forget_membership_roles(association)
    audit.record(
        actor=by,
        action="membership.removed",
        target=association,
        before={"user": current.user_id, "role": current.role},
    )
