"""Examination of a file by agents: internal notes, completeness checklist, requests for pieces (decision 1020)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import TimeStampedModel
from solidaires.grants.applications.models.files import Application
from solidaires.grants.applications.models.schemes import DocumentKind


class InternalNote(TimeStampedModel):
    """An agents' note on a file. Never shown to applicants (no applicant page or API reads it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note interne"), max_length=5000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.application_id})"


class ChecklistKind(models.TextChoices):
    DOCUMENT = "document", _("Pièce")
    CRITERION = "criterion", _("Critère")


class ChecklistItem(models.Model):
    """One line of a file's completeness checklist: a required document or an eligibility point."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist_items")
    key = models.CharField(max_length=60)
    label = models.CharField(_("point à vérifier"), max_length=200)
    kind = models.CharField(max_length=10, choices=ChecklistKind.choices)
    document_kind = models.ForeignKey(
        DocumentKind, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_ok = models.BooleanField(_("conforme"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "position", "id"]
        verbose_name = _("point de la liste de complétude")
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="grants_checklist_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class PieceRequestStatus(models.TextChoices):
    WAITING = "waiting", _("En attente de réponse")
    ANSWERED = "answered", _("Réponse reçue")
    CANCELLED = "cancelled", _("Annulée")


class PieceRequest(TimeStampedModel):
    """What an agent asks the applicant for; the file's clock is paused while it waits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="piece_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("ce qui manque"), max_length=3000)
    document_kinds = models.ManyToManyField(
        DocumentKind, blank=True, related_name="+", verbose_name=_("pièces demandées")
    )
    due_on = models.DateField(_("à fournir avant le"))
    status = models.CharField(
        max_length=10, choices=PieceRequestStatus.choices, default=PieceRequestStatus.WAITING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("réponse"), blank=True, max_length=3000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demande de pièces")
        verbose_name_plural = _("demandes de pièces")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="waiting"),
                name="grants_piecerequest_one_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de pièces {self.pk}"
