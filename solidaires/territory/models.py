"""Communes of the territory, the commune-to-commune distance table, and places."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, TransitionNotAllowed, transition

from solidaires.core.models import TimeStampedModel
from solidaires.core.search import sort_key
from solidaires.core.states import available_targets, move_to
from solidaires.core.text import DESCRIPTION_MAX, REASON_MAX


class Epci(models.Model):
    """An intercommunality (EPCI) loaded into this deployment."""

    siren = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=4, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intercommunalité")

    def __str__(self) -> str:
        return self.name


class UrbanClass(models.TextChoices):
    URBAN = "urbain", _("Urbain")
    PERI_URBAN = "periurbain", _("Périurbain")
    RURAL = "rural", _("Rural")


class Commune(models.Model):
    insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    department = models.CharField(_("département"), max_length=3)
    epci = models.ForeignKey(Epci, on_delete=models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    postal_codes = models.CharField(_("codes postaux"), max_length=120, blank=True)
    lat = models.FloatField(_("latitude de la mairie"), null=True, blank=True)
    lon = models.FloatField(_("longitude de la mairie"), null=True, blank=True)
    town_hall_address = models.CharField(_("adresse de la mairie"), max_length=255, blank=True)
    town_hall_phone = models.CharField(_("téléphone de la mairie"), max_length=30, blank=True)
    town_hall_email = models.EmailField(_("e-mail de la mairie"), blank=True)
    outline = models.JSONField(_("contour (GeoJSON)"), null=True, blank=True)
    area_km2 = models.FloatField(_("superficie (km²)"), null=True, blank=True)
    density = models.FloatField(_("densité (hab./km²)"), null=True, blank=True)
    urban_class = models.CharField(_("classe"), max_length=12, choices=UrbanClass.choices, blank=True)
    # The name folded for French order and search ("Étoile-sur-Rhône" → "etoile-sur-rhone"):
    # lists of communes are sorted on it, never on the raw name (É would come after Z).
    search_name = models.CharField(max_length=140, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["search_name", "insee"]
        verbose_name = _("commune")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territory:commune", kwargs={"slug": self.slug})

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()


class CommuneDistance(models.Model):
    """Straight-line distance in km between two communes' town halls (both directions stored)."""

    origin = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="distances_from")
    destination = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="distances_to")
    km = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="commune_distance_unique_pair"),
            models.CheckConstraint(condition=models.Q(km__gte=0), name="commune_distance_km_positive"),
        ]
        indexes = [models.Index(fields=["origin", "km"], name="commune_distance_radius_idx")]

    def __str__(self) -> str:
        return f"{self.origin_id} → {self.destination_id}: {self.km:.1f} km"


class PlaceKind(models.TextChoices):
    MAISON_CITOYENNE = "maison_citoyenne", _("Maison citoyenne")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    SALLE = "salle", _("Salle")
    MAIRIE = "mairie", _("Mairie")
    AUTRE = "autre", _("Autre lieu")


class PlaceStatus(models.TextChoices):
    PENDING = "pending", _("À vérifier")
    VERIFIED = "verified", _("Vérifié")
    ARCHIVED = "archived", _("Archivé")


class Place(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("type de lieu"), max_length=20, choices=PlaceKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    address = models.CharField(_("adresse"), max_length=255)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="places")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    accessible_pmr = models.BooleanField(_("accessible aux personnes à mobilité réduite"), default=False)
    accessibility_notes = models.TextField(
        _("informations d'accessibilité"), blank=True, max_length=REASON_MAX
    )
    opening_hours = models.TextField(_("horaires d'ouverture"), blank=True, max_length=REASON_MAX)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Moves declared once, as transitions below (decision 0203); moved only by services.
    status = FSMField(_("statut"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Accent- and case-insensitive name (core.search.sort_key), maintained by services; keyset order.
    sort_name = models.CharField(max_length=200, default="", editable=False)

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("lieu")
        indexes = [
            models.Index(fields=["status", "sort_name", "id"], name="place_status_sort_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (
                    models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180)
                    & models.Q(lat__isnull=False, lon__isnull=False)
                ),
                name="place_lat_lon_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:place", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == PlaceStatus.VERIFIED

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    # State machine: pending → verified | archived; verified → archived; archived → pending.
    @transition(field=status, source=PlaceStatus.PENDING, target=PlaceStatus.VERIFIED)
    def verify(self) -> None:
        pass

    @transition(field=status, source=[PlaceStatus.PENDING, PlaceStatus.VERIFIED], target=PlaceStatus.ARCHIVED)
    def archive(self) -> None:
        pass

    @transition(field=status, source=PlaceStatus.ARCHIVED, target=PlaceStatus.PENDING)
    def restore(self) -> None:
        pass

    def can_move_to(self, status: str) -> bool:
        return status in available_targets(self)

    def transition_to(self, status: str) -> None:
        """Move to ``status`` by its declared transition, or raise ValidationError."""
        try:
            move_to(self, status)
        except TransitionNotAllowed:
            raise ValidationError(
                _("Ce lieu est « %(current)s » : il ne peut pas passer à « %(target)s »."),
                code="invalid_transition",
                params={
                    "current": PlaceStatus(self.status).label,
                    "target": PlaceStatus(status).label,
                },
            ) from None
