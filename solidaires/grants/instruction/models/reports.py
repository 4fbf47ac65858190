"""The applicant's final report (bilan) and its photos (decision 1020)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import TimeStampedModel
from solidaires.grants.applications.models.files import Application


class FinalReport(TimeStampedModel):
    """The applicant's final report (bilan): realised budget, participants, outcomes, photos."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="final_report")
    due_on = models.DateField(_("à rendre avant le"))
    realised_budget = models.JSONField(_("budget réalisé"), default=list, blank=True)
    participants = models.PositiveIntegerField(_("nombre de participants"), null=True, blank=True)
    outcomes = models.TextField(_("ce que le projet a permis"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bilan final")
        verbose_name_plural = _("bilans finaux")
        indexes = [models.Index(fields=["submitted_at", "due_on"], name="grants_report_due")]

    def __str__(self) -> str:
        return f"Bilan {self.application_id}"


def report_photo_upload_to(instance: ReportPhoto, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=report_photo_upload_to, max_length=200)
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("photo du bilan")

    def __str__(self) -> str:
        return self.caption or f"Photo {self.pk}"
