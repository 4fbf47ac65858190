"""Introductions between associations that an agent made, and how they turned out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import TimeStampedModel


class IntroductionOutcome(models.TextChoices):
    PENDING = "pending", _("En attente de nouvelles")
    PARTNERSHIP = "partnership", _("Elles travaillent ensemble")
    MET = "met", _("Rencontre sans suite")
    DECLINED = "declined", _("Pas d'intérêt")


class Introduction(TimeStampedModel):
    """An agent put two associations in touch (the pair is stored in id order, once)."""

    first = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    second = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    reason = models.CharField(_("raison"), max_length=300)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    outcome = models.CharField(
        _("suite donnée"),
        max_length=12,
        choices=IntroductionOutcome.choices,
        default=IntroductionOutcome.PENDING,
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mise en relation")
        verbose_name_plural = _("mises en relation")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="introduction_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="introduction_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ↔ {self.second_id}"
