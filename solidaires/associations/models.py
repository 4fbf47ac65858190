"""The associations directory: one record per association, shared by every module."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, TransitionNotAllowed, transition

from solidaires.core.models import Theme, TimeStampedModel
from solidaires.core.states import available_targets, move_to
from solidaires.core.text import DESCRIPTION_MAX, MESSAGE_MAX

from .validators import validate_phone, validate_rna, validate_siret


class LegalForm(models.TextChoices):
    ASSOCIATION_1901 = "association_1901", _("Association loi 1901")
    ASSOCIATION_1908 = "association_1908", _("Association de droit local (Alsace-Moselle)")
    RUP = "rup", _("Association reconnue d'utilité publique")
    FONDATION = "fondation", _("Fondation")
    COLLECTIF = "collectif_informel", _("Collectif informel")
    AUTRE = "autre", _("Autre")


class AssociationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de vérification")
    VERIFIED = "verified", _("Vérifiée")
    REJECTED = "rejected", _("Refusée")


# Legal forms that may have neither RNA nor SIRET.
LEGAL_FORMS_WITHOUT_IDENTIFIER = frozenset({LegalForm.COLLECTIF})


class AssociationQuerySet(models.QuerySet["Association"]):
    def verified(self) -> AssociationQuerySet:
        return self.filter(status=AssociationStatus.VERIFIED)

    def visible_to(self, user: Any) -> AssociationQuerySet:
        """Verified associations, plus the ones the user belongs to; agents see everything."""
        if user is not None and user.is_authenticated:
            if getattr(user, "is_agent", False) or user.is_superuser:
                return self.all()
            member_of = Membership.objects.filter(user=user).values("association_id")
            return self.filter(models.Q(status=AssociationStatus.VERIFIED) | models.Q(pk__in=member_of))
        return self.verified()


class Association(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=24, choices=LegalForm.choices)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    themes = models.ManyToManyField(Theme, related_name="associations", verbose_name=_("thèmes"))
    communes = models.ManyToManyField(
        "territory.Commune",
        related_name="associations_acting",
        blank=True,
        verbose_name=_("communes d'action"),
    )
    head_office_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="associations_based",
        verbose_name=_("commune du siège"),
    )
    description = models.TextField(_("présentation"), blank=True, max_length=DESCRIPTION_MAX)
    contact_email = models.EmailField(_("e-mail de contact public"), blank=True)
    contact_phone = models.CharField(
        _("téléphone public"), max_length=30, blank=True, validators=[validate_phone]
    )
    website = models.URLField(_("site web"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # Moves declared once, as transitions below (docs/decisions/0402); moved only by services.
    status = FSMField(
        _("statut"), max_length=10, choices=AssociationStatus.choices, default=AssociationStatus.PENDING
    )
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True, max_length=MESSAGE_MAX)
    # Set when the association lost its last manager (e.g. an account was erased): agents follow up.
    managerless_since = models.DateTimeField(_("sans responsable depuis"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    # Normalised text (lower case, no accents, French stems) maintained by services; see core.search.
    search_document = models.TextField(default="", editable=False)
    sort_name = models.CharField(max_length=200, default="", editable=False, db_index=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("association")
        constraints = [
            models.UniqueConstraint(
                fields=["rna"], condition=~models.Q(rna=""), name="association_rna_unique"
            ),
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="association_siret_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "sort_name", "id"], name="association_list_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("associations:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.status == AssociationStatus.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.status == AssociationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == AssociationStatus.REJECTED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        needs_identifier = self.legal_form and self.legal_form not in LEGAL_FORMS_WITHOUT_IDENTIFIER
        if needs_identifier and not self.rna and not self.siret:
            errors["rna"] = _(
                "Indiquez le numéro RNA ou le SIRET de l'association "
                "(un collectif informel n'en a pas besoin)."
            )
        others = Association.objects.exclude(pk=self.pk) if self.pk else Association.objects.all()
        for field, label in (("rna", _("ce numéro RNA")), ("siret", _("ce SIRET"))):
            value = getattr(self, field)
            if value and field not in errors:
                existing = others.filter(**{field: value}).only("name").first()
                if existing is not None:
                    errors[field] = _(
                        "Une association avec %(what)s est déjà inscrite : « %(name)s ». "
                        "Si c'est la vôtre, demandez à la rejoindre depuis sa page."
                    ) % {"what": label, "name": existing.name}
        if errors:
            raise ValidationError(errors)

    # State machine: pending → verified | rejected; rejected → verified | pending (resubmitted).
    @transition(
        field=status,
        source=[AssociationStatus.PENDING, AssociationStatus.REJECTED],
        target=AssociationStatus.VERIFIED,
    )
    def verify(self) -> None:
        pass

    @transition(field=status, source=AssociationStatus.PENDING, target=AssociationStatus.REJECTED)
    def reject(self) -> None:
        pass

    @transition(field=status, source=AssociationStatus.REJECTED, target=AssociationStatus.PENDING)
    def resubmit(self) -> None:
        pass

    def can_move_to(self, status: str) -> bool:
        return status in available_targets(self)

    def transition_to(self, status: str) -> None:
        """Move to ``status`` by its declared transition, or raise ValidationError."""
        try:
            move_to(self, status)
        except TransitionNotAllowed:
            raise ValidationError(
                _("Impossible de passer une association de « %(current)s » à « %(new)s ».")
                % {
                    "current": AssociationStatus(self.status).label,
                    "new": AssociationStatus(status).label,
                },
                code="illegal_transition",
            ) from None


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Membre")
    MANAGER = "manager", _("Responsable")


class Membership(TimeStampedModel):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("rôle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["association", "user"], name="membership_unique")]
        verbose_name = _("adhésion")

    def __str__(self) -> str:
        return f"{self.user} — {self.association} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("rôle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    # SHA-256 (hex) of the secret sent by e-mail: a leaked table does not leak usable links.
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"Invitation {self.email} → {self.association}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Refusée")


class Claim(TimeStampedModel):
    """A user says they run an association already listed; an agent decides."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="association_claims"
    )
    message = models.TextField(_("message"), blank=True, max_length=MESSAGE_MAX)
    status = FSMField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # State machine: a pending claim is approved or rejected, once, by an agent.
    @transition(field=status, source=ClaimStatus.PENDING, target=ClaimStatus.APPROVED)
    def approve(self, *, by: Any) -> None:
        self.decided_by, self.decided_at = by, timezone.now()

    @transition(field=status, source=ClaimStatus.PENDING, target=ClaimStatus.REJECTED)
    def reject(self, *, by: Any) -> None:
        self.decided_by, self.decided_at = by, timezone.now()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"], condition=models.Q(status="pending"), name="claim_one_pending"
            )
        ]
        verbose_name = _("revendication")

    def __str__(self) -> str:
        return f"{self.user} revendique {self.association}"
