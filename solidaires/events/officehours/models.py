"""Data and invariants of permanences (office hours), appointment bookings and calendar tokens.

Decisions 0920–0939. The recurrence arithmetic lives in ``officehours.recurrence`` (pure); these
models only store the rule and its exceptions. App label ``events`` (tables unchanged).
"""

from __future__ import annotations

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
from solidaires.core.text import DESCRIPTION_MAX


class OfficeHoursKind(models.TextChoices):
    LEGAL = "conseils_juridiques", _("Conseils juridiques")
    FRENCH = "cours_de_francais", _("Cours de français")
    PAPERWORK = "aide_aux_demarches", _("Aide aux démarches")
    DIGITAL = "aide_numerique", _("Aide au numérique")
    LISTENING = "ecoute", _("Écoute et orientation")
    OTHER = "autre", _("Autre")


class OfficeHoursState(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspendue")
    ENDED = "ended", _("Terminée")


class OfficeHoursQuerySet(models.QuerySet["OfficeHours"]):
    def active(self) -> OfficeHoursQuerySet:
        return self.filter(state=OfficeHoursState.ACTIVE)

    def public(self) -> OfficeHoursQuerySet:
        """What the public sees: active and suspended permanences (the page says it is suspended)."""
        return self.filter(state__in=(OfficeHoursState.ACTIVE, OfficeHoursState.SUSPENDED))


class OfficeHours(TimeStampedModel):
    """A permanence: an association's (or the Agglo's) recurring office hours at a place."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=220)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    kind = models.CharField(_("type de permanence"), max_length=24, choices=OfficeHoursKind.choices)
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_hours",
        verbose_name=_("association"),
        help_text=_("Laissez vide pour une permanence tenue par l'Agglo."),
    )
    place = models.ForeignKey(
        "territory.Place", on_delete=models.PROTECT, related_name="office_hours", verbose_name=_("lieu")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Recurrence, in Europe/Paris wall-clock time (see recurrence.Schedule).
    dtstart = models.DateField(_("première date"))
    start_time = models.TimeField(_("heure de début"))
    end_time = models.TimeField(_("heure de fin"))
    rrule = models.CharField(_("règle de répétition (RFC 5545)"), max_length=200, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("nombre de séances"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(_("pas de permanence les jours fériés"), default=True)
    # Appointments: null = walk-in only, no booking.
    slot_minutes = models.PositiveSmallIntegerField(
        _("durée d'un rendez-vous (minutes)"), null=True, blank=True
    )
    state = FSMField(
        _("état"), max_length=10, choices=OfficeHoursState.choices, default=OfficeHoursState.ACTIVE
    )
    is_demo = models.BooleanField(default=False, editable=False)

    objects = OfficeHoursQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("permanence")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="officehours_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__isnull=True) | models.Q(slot_minutes__gte=5),
                name="officehours_slot_minutes_min",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(count__isnull=True),
                name="officehours_until_or_count",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "state"], name="officehours_place_state_idx"),
            models.Index(fields=["association", "state"], name="officehours_assoc_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:officehours_detail", kwargs={"pk": self.pk, "slug": self.slug or "permanence"})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("L'heure de fin doit être après l'heure de début.")
        if self.until and self.dtstart and self.until < self.dtstart:
            errors["until"] = _("La date de fin doit être après la première date.")
        if self.until and self.count:
            errors["count"] = _("Indiquez une date de fin ou un nombre de séances, pas les deux.")
        if self.slot_minutes is not None and self.start_time and self.end_time:
            length = (self.end_time.hour * 60 + self.end_time.minute) - (
                self.start_time.hour * 60 + self.start_time.minute
            )
            if self.slot_minutes < 5:
                errors["slot_minutes"] = _("Un rendez-vous dure au moins 5 minutes.")
            elif self.slot_minutes > length:
                errors["slot_minutes"] = _("Un rendez-vous ne peut pas durer plus que la permanence.")
        if errors:
            raise ValidationError(errors)

    # State machine (moved only through services).
    @transition(field=state, source=OfficeHoursState.ACTIVE, target=OfficeHoursState.SUSPENDED)
    def suspend(self) -> None:
        pass

    @transition(field=state, source=OfficeHoursState.SUSPENDED, target=OfficeHoursState.ACTIVE)
    def resume(self) -> None:
        pass

    @transition(
        field=state,
        source=[OfficeHoursState.ACTIVE, OfficeHoursState.SUSPENDED],
        target=OfficeHoursState.ENDED,
    )
    def end(self) -> None:
        pass

    @property
    def is_active(self) -> bool:
        return self.state == OfficeHoursState.ACTIVE

    @property
    def takes_appointments(self) -> bool:
        return self.slot_minutes is not None and self.is_active


class OfficeHoursExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Annulée")
    MOVED = "moved", _("Déplacée")


class OfficeHoursException(TimeStampedModel):
    """One date of a permanence cancelled (with a reason) or moved to another day/hours."""

    office_hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("date concernée"))
    kind = models.CharField(
        _("changement"),
        max_length=10,
        choices=OfficeHoursExceptionKind.choices,
        default=OfficeHoursExceptionKind.CANCELLED,
    )
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    new_day = models.DateField(_("nouvelle date"), null=True, blank=True)
    new_start_time = models.TimeField(_("nouvelle heure de début"), null=True, blank=True)
    new_end_time = models.TimeField(_("nouvelle heure de fin"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("exception de permanence")
        constraints = [
            models.UniqueConstraint(fields=["office_hours", "day"], name="officehours_exception_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(kind="cancelled")
                | (
                    models.Q(new_day__isnull=False)
                    & models.Q(new_start_time__isnull=False)
                    & models.Q(new_end_time__isnull=False)
                ),
                name="officehours_exception_moved_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_hours} — {self.day} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.kind == OfficeHoursExceptionKind.MOVED:
            errors: dict[str, Any] = {}
            for name in ("new_day", "new_start_time", "new_end_time"):
                if getattr(self, name) is None:
                    errors[name] = _("Indiquez la nouvelle date et les nouveaux horaires.")
            if (
                not errors
                and self.new_end_time
                and self.new_start_time
                and self.new_end_time <= self.new_start_time
            ):
                errors["new_end_time"] = _("L'heure de fin doit être après l'heure de début.")
            if errors:
                raise ValidationError(errors)


class BookingState(models.TextChoices):
    BOOKED = "booked", _("Réservé")
    CANCELLED = "cancelled", _("Annulé")


class BookingQuerySet(models.QuerySet["Booking"]):
    def booked(self) -> BookingQuerySet:
        return self.filter(state=BookingState.BOOKED)

    def upcoming(self, now: datetime | None = None) -> BookingQuerySet:
        return self.filter(slot_end__gt=now or timezone.now())


class Booking(TimeStampedModel):
    """An appointment slot of one occurrence of a permanence, booked by an inhabitant."""

    office_hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="bookings")
    occurrence_start = models.DateTimeField(_("début de la permanence"))
    slot_start = models.DateTimeField(_("début du rendez-vous"))
    slot_end = models.DateTimeField(_("fin du rendez-vous"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_bookings"
    )
    state = FSMField(_("état"), max_length=10, choices=BookingState.choices, default=BookingState.BOOKED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["slot_start", "id"]
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        constraints = [
            # Two people cannot hold the same slot (the database settles races).
            models.UniqueConstraint(
                fields=["office_hours", "slot_start"],
                condition=models.Q(state="booked"),
                name="booking_one_per_slot",
            ),
            # One appointment per person and occurrence.
            models.UniqueConstraint(
                fields=["office_hours", "occurrence_start", "user"],
                condition=models.Q(state="booked"),
                name="booking_one_per_person_per_occurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_end__gt=models.F("slot_start")), name="booking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["user", "state", "slot_start"], name="booking_user_state_idx")]

    def __str__(self) -> str:
        return f"{self.user} → {self.office_hours} ({self.slot_start:%Y-%m-%d %H:%M})"

    @transition(field=state, source=BookingState.BOOKED, target=BookingState.CANCELLED)
    def cancel(self) -> None:
        self.cancelled_at = timezone.now()

    @property
    def is_booked(self) -> bool:
        return self.state == BookingState.BOOKED


class CalendarToken(models.Model):
    """The secret of a person's private calendar feed (/agenda/mon-agenda/<token>.ics).

    Only a SHA-256 of the token is stored; regenerating replaces it (the old URL stops working).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'agenda personnel")

    def __str__(self) -> str:
        return f"Agenda de {self.user}"
