"""Applicants (a person, an informal group or an association) and their document vault (decision 1000)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import TimeStampedModel
from solidaires.grants.applications.models.schemes import ApplicantKind, DocumentKind


class ApplicantQuerySet(models.QuerySet["Applicant"]):
    def for_user(self, user: Any) -> ApplicantQuerySet:
        """The applicant spaces a user may act for: own space, groups, associations they manage."""
        if user is None or not user.is_authenticated:
            return self.none()
        from solidaires.associations.models import Membership, MembershipRole

        managed = Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")
        return self.filter(
            models.Q(person=user) | models.Q(members=user) | models.Q(association_id__in=managed)
        ).distinct()


class Applicant(TimeStampedModel):
    """Who applies: a person, an informal group or an association (the applicant's space)."""

    kind = models.CharField(_("type"), max_length=12, choices=ApplicantKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    # SET_NULL: the space (with the name, SIRET and RNA copied here) outlives the directory
    # entry; its submitted files are archives (decision 1000).
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applicants",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applicant_spaces",
        verbose_name=_("personne (ou contact du groupe)"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="grant_applicant_memberships"
    )
    email = models.EmailField(_("e-mail (personne sans compte)"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hand-over of a space created by an agent for someone met at a permanence (decision 1001).
    handover_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    handover_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("porteur de projet")
        verbose_name_plural = _("porteurs de projet")
        constraints = [
            models.UniqueConstraint(
                fields=["association"],
                condition=models.Q(association__isnull=False),
                name="grants_applicant_one_per_association",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(kind="person", person__isnull=False),
                name="grants_applicant_one_person_space",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:applicant_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.kind == ApplicantKind.ASSOCIATION and self.association_id is None and self.pk is None:
            raise ValidationError({"association": _("Choisissez l'association.")})

    @staticmethod
    def new_handover_code() -> str:
        """A short code an agent can read aloud or print (8 characters, no ambiguous ones)."""
        from solidaires.core.handover import new_code

        return new_code(8)


def vault_upload_to(instance: VaultDocument, filename: str) -> str:
    """Random stored name outside any public path: grants/vault/<applicant>/<uuid><ext>."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/vault/{instance.applicant_id}/{uuid.uuid4().hex}{suffix}"


class VaultDocumentQuerySet(models.QuerySet["VaultDocument"]):
    def valid_on(self, day: Any) -> VaultDocumentQuerySet:
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))


class VaultDocument(models.Model):
    """A supporting document kept once in the applicant's vault and reused across files."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="documents")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    file = models.FileField(_("fichier"), upload_to=vault_upload_to, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VaultDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind__position", "-uploaded_at"]
        verbose_name = _("pièce du coffre-fort")
        verbose_name_plural = _("pièces du coffre-fort")

    def __str__(self) -> str:
        return f"{self.kind} — {self.original_name}"

    def is_expired(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def expires_soon(self, today: Any = None, days: int = 30) -> bool:
        today = today or timezone.localdate()
        return (
            self.valid_until is not None
            and not self.is_expired(today)
            and (self.valid_until - today).days <= days
        )
