"""Schemes (dispositifs), their yearly envelopes and calls; kinds of supporting documents (decision 1000)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import TimeStampedModel


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Habitant·e")
    GROUP = "group", _("Groupe d'habitants (collectif informel)")
    ASSOCIATION = "association", _("Association")


class CalendarKind(models.TextChoices):
    ROLLING = "rolling", _("Au fil de l'eau")
    SESSIONS = "sessions", _("Par sessions, avec date limite")


class DocumentKind(models.Model):
    """A kind of supporting document (statuts, RIB…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    help_text = models.CharField(_("aide"), max_length=255, blank=True)
    needs_validity_date = models.BooleanField(_("a une date de validité"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]
        verbose_name = _("type de pièce")
        verbose_name_plural = _("types de pièces")

    def __str__(self) -> str:
        return self.label


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def active(self) -> SchemeQuerySet:
        return self.filter(is_active=True)


class Scheme(TimeStampedModel):
    """A support scheme (dispositif d'aide), configured by agents."""

    code = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_("Identifiant court, repris dans les données ouvertes (dispositifAide)."),
    )
    name = models.CharField(_("nom"), max_length=160)
    tagline = models.CharField(
        _("en une phrase"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : jusqu'à 5 000 € pour un projet d'habitants."),
    )
    description = models.TextField(_("présentation"), blank=True)
    applicant_kinds = models.JSONField(_("qui peut déposer"), default=list, blank=True)
    eligible_communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="grant_schemes",
        verbose_name=_("communes éligibles"),
        help_text=_("Laissez vide si toutes les communes sont éligibles."),
    )
    ceiling_cents = models.PositiveIntegerField(_("plafond (centimes)"), null=True, blank=True)
    max_share_percent = models.PositiveSmallIntegerField(
        _("part maximale du budget (%)"), null=True, blank=True
    )
    required_documents = models.ManyToManyField(
        DocumentKind, blank=True, related_name="schemes", verbose_name=_("pièces obligatoires")
    )
    criteria = models.JSONField(_("grille d'évaluation"), default=list, blank=True)
    calendar_kind = models.CharField(
        _("calendrier"), max_length=10, choices=CalendarKind.choices, default=CalendarKind.SESSIONS
    )
    file_prefix = models.CharField(_("préfixe des numéros de dossier"), max_length=6)
    is_in_kind = models.BooleanField(_("aide en nature"), default=False)
    is_active = models.BooleanField(_("ouvert aux dépôts"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("dispositif")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_share_percent__isnull=True) | models.Q(max_share_percent__lte=100),
                name="grants_scheme_share_le_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        kinds = self.applicant_kinds or []
        if not isinstance(kinds, list) or not kinds or any(k not in ApplicantKind.values for k in kinds):
            errors["applicant_kinds"] = _("Choisissez au moins un type de porteur de projet.")
        if self.file_prefix and not self.file_prefix.isalnum():
            errors["file_prefix"] = _(
                "Le préfixe ne contient que des lettres et des chiffres (par exemple IC)."
            )
        criteria = self.criteria or []
        if not isinstance(criteria, list) or any(
            not isinstance(c, dict) or not c.get("key") or not c.get("label") for c in criteria
        ):
            errors["criteria"] = _("Chaque critère a un code, un libellé et un poids.")
        if errors:
            raise ValidationError(errors)

    def accepts(self, kind: str) -> bool:
        return kind in (self.applicant_kinds or [])


class SchemeYear(models.Model):
    """The yearly envelope of a scheme (decision 1000: envelopes are per scheme and year)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("année"))
    envelope_cents = models.PositiveBigIntegerField(_("enveloppe (centimes)"))

    class Meta:
        ordering = ["scheme", "-year"]
        verbose_name = _("enveloppe annuelle")
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="grants_schemeyear_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, when: Any = None) -> CallQuerySet:
        when = when or timezone.now()
        return self.filter(opens_at__lte=when, closes_at__gt=when, scheme__is_active=True)

    def upcoming(self, when: Any = None) -> CallQuerySet:
        when = when or timezone.now()
        return self.filter(opens_at__gt=when, scheme__is_active=True)


class Call(TimeStampedModel):
    """A session of a scheme with a deadline (appel à projets)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="calls")
    name = models.CharField(_("nom"), max_length=160)
    year = models.PositiveSmallIntegerField(_("année"))
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("date limite de dépôt"))
    committee_on = models.DateField(_("date prévue du comité"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="grants_call_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La date limite doit être après l'ouverture.")})

    def is_open(self, when: Any = None) -> bool:
        when = when or timezone.now()
        return bool(self.opens_at <= when < self.closes_at)
