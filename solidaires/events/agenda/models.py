"""Data and invariants of the agenda: events, registrations (waiting lists, check-in) and
café bénévolat sign-up attribution. App label ``events`` (tables and migrations unchanged)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import TimeStampedModel
from solidaires.core.text import DESCRIPTION_MAX, REASON_MAX


def new_checkin_token() -> str:
    return secrets.token_urlsafe(24)


class EventCategory(models.TextChoices):
    ATELIER_PARTICIPATIF = "atelier_participatif", _("Atelier participatif")
    CHANTIER_PARTICIPATIF = "chantier_participatif", _("Chantier participatif")
    FETE_DE_QUARTIER = "fete_de_quartier", _("Fête de quartier")
    FORMATION_CROISEE = "formation_croisee", _("Formation croisée")
    CAFE_BENEVOLAT = "cafe_benevolat", _("Café bénévolat itinérant")
    REUNION_PUBLIQUE = "reunion_publique", _("Réunion publique")
    FORUM = "forum", _("Forum")
    AUTRE = "autre", _("Autre")


class EventAudience(models.TextChoices):
    TOUS = "tous", _("Tous publics")
    JEUNES = "jeunes", _("Jeunes")
    FAMILLES = "familles", _("Familles")
    SENIORS = "seniors", _("Seniors")
    PROFESSIONNELS = "professionnels", _("Professionnels")


class EventState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    CANCELLED = "cancelled", _("Annulé")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        """What the public sees: published events (cancelled ones stay reachable by their URL)."""
        return self.filter(state=EventState.PUBLISHED)

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())

    def cafes(self) -> EventQuerySet:
        return self.filter(category=EventCategory.CAFE_BENEVOLAT)


class Event(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=220)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    category = models.CharField(_("catégorie"), max_length=24, choices=EventCategory.choices)
    organiser_associations = models.ManyToManyField(
        "associations.Association",
        related_name="events",
        blank=True,
        verbose_name=_("associations organisatrices"),
    )
    organised_by_agglo = models.BooleanField(_("organisé par l'Agglo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.ForeignKey(
        "territory.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("lieu"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("commune"),
    )
    online_url = models.URLField(_("lien de la visioconférence"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si les places sont illimitées."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    registration_deadline = models.DateTimeField(_("date limite d'inscription"), null=True, blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True, max_length=REASON_MAX)
    audience = models.CharField(
        _("public"), max_length=16, choices=EventAudience.choices, default=EventAudience.TOUS
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price_note = models.CharField(_("tarif"), max_length=200, blank=True)
    state = FSMField(_("état"), max_length=12, choices=EventState.choices, default=EventState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(_("motif de l'annulation"), blank=True, max_length=REASON_MAX)
    # Cafés bénévolat: the short code used in the café's link and QR code (/agenda/cafe/<code>/).
    signup_code = models.CharField(max_length=16, blank=True, default="", editable=False)
    is_demo = models.BooleanField(default=False, editable=False)
    search_document = models.TextField(default="", editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("événement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["signup_code"], condition=~models.Q(signup_code=""), name="event_signup_code_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "starts_at", "id"], name="event_state_start_idx"),
            models.Index(fields=["commune", "starts_at"], name="event_commune_start_idx"),
            models.Index(fields=["category", "starts_at"], name="event_category_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk, "slug": self.slug or "evenement"})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit être après le début.")
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = _("La date limite d'inscription doit être avant le début.")
        if not self.place_id and not self.online_url and not self.commune_id:
            errors["place"] = _("Indiquez un lieu, une commune ou un lien de visioconférence.")
        if self.capacity is not None and self.pk:
            confirmed = self.registrations.filter(state=RegistrationState.CONFIRMED).count()
            if self.capacity < confirmed:
                errors["capacity"] = _(
                    "%(count)s personnes sont déjà inscrites : le nombre de places ne peut pas être "
                    "inférieur."
                ) % {"count": confirmed}
        if errors:
            raise ValidationError(errors)

    # State machine (moved only through services).
    @transition(field=state, source=EventState.DRAFT, target=EventState.PUBLISHED)
    def publish(self) -> None:
        self.published_at = timezone.now()

    @transition(field=state, source=[EventState.DRAFT, EventState.PUBLISHED], target=EventState.CANCELLED)
    def cancel(self, reason: str = "") -> None:
        self.cancelled_at = timezone.now()
        self.cancelled_reason = reason

    @property
    def is_published(self) -> bool:
        return self.state == EventState.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.state == EventState.CANCELLED

    @property
    def is_past(self) -> bool:
        """'Past' is computed, not a state."""
        return self.ends_at < timezone.now()

    @property
    def is_cafe(self) -> bool:
        return self.category == EventCategory.CAFE_BENEVOLAT

    @property
    def lat(self) -> float | None:
        if self.place is not None and self.place.lat is not None:
            return self.place.lat
        return self.commune.lat if self.commune is not None else None

    @property
    def lon(self) -> float | None:
        if self.place is not None and self.place.lon is not None:
            return self.place.lon
        return self.commune.lon if self.commune is not None else None


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscription confirmée")
    WAITING = "waiting", _("Sur liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


ACTIVE_REGISTRATION_STATES = (RegistrationState.CONFIRMED, RegistrationState.WAITING)


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    state = FSMField(max_length=12, choices=RegistrationState.choices, default=RegistrationState.CONFIRMED)
    # Order of the waiting list (first come, first promoted).
    waiting_since = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checkin_token = models.CharField(max_length=64, unique=True, default=new_checkin_token, editable=False)
    attended_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("inscription")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(state__in=["confirmed", "waiting"]),
                name="registration_one_active_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state", "waiting_since"], name="registration_event_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"pk": self.pk})

    @transition(field=state, source=RegistrationState.WAITING, target=RegistrationState.CONFIRMED)
    def promote(self) -> None:
        self.promoted_at = timezone.now()

    @transition(
        field=state,
        source=[RegistrationState.CONFIRMED, RegistrationState.WAITING],
        target=RegistrationState.CANCELLED,
    )
    def cancel(self) -> None:
        self.cancelled_at = timezone.now()

    @property
    def is_confirmed(self) -> bool:
        return self.state == RegistrationState.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.state == RegistrationState.WAITING

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_REGISTRATION_STATES


class CafeSignup(models.Model):
    """An account created after visiting a café bénévolat's link or QR code (attribution)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="cafe_signups")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cafe_signup"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inscription via un café bénévolat")

    def __str__(self) -> str:
        return f"{self.user} ← {self.event}"
