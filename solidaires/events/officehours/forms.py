"""Forms of permanences: they parse and show errors; the rules live in the model, the
recurrence module and the services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from solidaires.associations.models import Association, AssociationStatus
from solidaires.core.forms import CleanForm
from solidaires.core.text import DESCRIPTION_MAX
from solidaires.territory.models import Place, PlaceStatus

from . import recurrence
from .models import OfficeHours, OfficeHoursExceptionKind, OfficeHoursKind
from .rules import is_agent, managed_association_ids

WEEKDAY_CHOICES = [("", "— Le jour de la première date —")] + [
    (str(i), name.capitalize()) for i, name in enumerate(recurrence.WEEKDAY_NAMES)
]
SLOT_CHOICES = [
    ("", "Sans rendez-vous (accueil libre)"),
    ("15", "Rendez-vous de 15 minutes"),
    ("20", "Rendez-vous de 20 minutes"),
    ("30", "Rendez-vous de 30 minutes"),
    ("45", "Rendez-vous de 45 minutes"),
    ("60", "Rendez-vous d'une heure"),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.commune.name})"


class OfficeHoursForm(CleanForm):
    title = forms.CharField(
        label="Titre",
        max_length=200,
        help_text="Par exemple : Conseils juridiques gratuits",
        error_messages={"required": "Donnez un titre à la permanence."},
    )
    kind = forms.ChoiceField(
        label="Type de permanence",
        choices=[("", "— Choisissez —"), *OfficeHoursKind.choices],
        error_messages={"required": "Choisissez le type de permanence."},
    )
    association = forms.ModelChoiceField(
        label="Association qui tient la permanence",
        queryset=Association.objects.none(),
        required=False,
        empty_label="— Choisissez —",
    )
    place = PlaceChoiceField(
        label="Lieu",
        queryset=Place.objects.none(),
        empty_label="— Choisissez un lieu —",
        error_messages={"required": "Choisissez le lieu de la permanence."},
        help_text="Une Maison citoyenne, un centre social, une salle… Le lieu doit être vérifié par l'Agglo.",
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que les habitants peuvent y trouver, ce qu'il faut apporter.",
    )
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=recurrence.FREQUENCIES,
        widget=forms.RadioSelect,
        initial="weekly",
        error_messages={"required": "Choisissez une fréquence."},
    )
    weekday = forms.ChoiceField(label="Jour de la semaine", choices=WEEKDAY_CHOICES, required=False)
    dtstart = forms.DateField(
        label="À partir du",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Indiquez la première date.",
            "invalid": "Écrivez une date, par exemple 03/03/2026.",
        },
    )
    start_time = forms.TimeField(
        label="Heure de début",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Indiquez l'heure de début.",
            "invalid": "Écrivez une heure, par exemple 14:00.",
        },
    )
    end_time = forms.TimeField(
        label="Heure de fin",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Indiquez l'heure de fin.",
            "invalid": "Écrivez une heure, par exemple 17:00.",
        },
    )
    until = forms.DateField(
        label="Jusqu'au",
        required=False,
        widget=DATE_WIDGET,
        help_text="Laissez vide si la permanence continue sans date de fin.",
        error_messages={"invalid": "Écrivez une date, par exemple 30/06/2026."},
    )
    skip_public_holidays = forms.BooleanField(
        label="Pas de permanence les jours fériés", required=False, initial=True
    )
    slot_minutes = forms.ChoiceField(
        label="Rendez-vous",
        choices=SLOT_CHOICES,
        required=False,
        help_text="Avec des rendez-vous, les habitants réservent un créneau en ligne.",
    )

    def __init__(self, *args: Any, user: Any, instance: OfficeHours | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.user = user
        associations = Association.objects.only("id", "name").order_by("sort_name", "id")
        association_field: Any = self.fields["association"]
        if is_agent(user):
            association_field.queryset = associations.filter(status=AssociationStatus.VERIFIED)
            association_field.empty_label = "L'Agglo (pas d'association)"
            association_field.help_text = "Laissez « L'Agglo » pour une permanence tenue par l'Agglo."
        else:
            association_field.queryset = associations.filter(pk__in=managed_association_ids(user))
            association_field.required = True
            association_field.error_messages["required"] = "Choisissez l'association."
        places = Place.objects.select_related("commune").filter(status=PlaceStatus.VERIFIED)
        if instance is not None:
            places = places | Place.objects.select_related("commune").filter(pk=instance.place_id)
        place_field: Any = self.fields["place"]
        place_field.queryset = places.order_by("sort_name", "id")

    @staticmethod
    def initial_from(instance: OfficeHours) -> dict[str, Any]:
        preset = recurrence.parse_preset(instance.rrule)
        frequency, weekday = preset if preset is not None else ("", None)
        return {
            "title": instance.title,
            "kind": instance.kind,
            "association": instance.association_id,
            "place": instance.place_id,
            "description": instance.description,
            "frequency": frequency,
            "weekday": "" if weekday is None else str(weekday),
            "dtstart": instance.dtstart,
            "start_time": instance.start_time,
            "end_time": instance.end_time,
            "until": instance.until,
            "skip_public_holidays": instance.skip_public_holidays,
            "slot_minutes": str(instance.slot_minutes or ""),
        }

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit être après l'heure de début.")
        dtstart: date | None = data.get("dtstart")
        until: date | None = data.get("until")
        if dtstart and until and until < dtstart:
            self.add_error("until", "La date de fin doit être après la première date.")
        if dtstart and self.instance is None and dtstart < timezone.localdate():
            self.add_error("dtstart", "La première date ne peut pas être passée.")
        frequency = data.get("frequency")
        if frequency and dtstart:
            weekday = int(data["weekday"]) if data.get("weekday") else dtstart.weekday()
            try:
                data["rrule"] = recurrence.build_rrule(frequency, weekday)
            except recurrence.RecurrenceError as exc:
                self.add_error("frequency", str(exc))
        minutes = data.get("slot_minutes")
        if minutes and start and end:
            length = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60
            if int(minutes) > length:
                self.add_error("slot_minutes", "Un rendez-vous ne peut pas durer plus que la permanence.")
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "association": data.get("association"),
            "place": data["place"],
            "description": data.get("description", ""),
            "dtstart": data["dtstart"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "rrule": data.get("rrule", ""),
            "until": data.get("until"),
            "count": None,
            "skip_public_holidays": bool(data.get("skip_public_holidays")),
            "slot_minutes": int(data["slot_minutes"]) if data.get("slot_minutes") else None,
        }


class ExceptionForm(CleanForm):
    day = forms.DateField(
        label="Date concernée",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Indiquez la date.",
            "invalid": "Écrivez une date, par exemple 03/03/2026.",
        },
    )
    kind = forms.ChoiceField(
        label="Changement",
        choices=OfficeHoursExceptionKind.choices,
        widget=forms.RadioSelect,
        initial=OfficeHoursExceptionKind.CANCELLED,
    )
    reason = forms.CharField(
        label="Motif",
        max_length=200,
        required=False,
        help_text="Affiché sur la page de la permanence, par exemple : fermeture pour travaux.",
    )
    new_day = forms.DateField(
        label="Nouvelle date",
        required=False,
        widget=DATE_WIDGET,
        help_text="Seulement si la permanence est déplacée.",
    )
    new_start_time = forms.TimeField(label="Nouvelle heure de début", required=False, widget=TIME_WIDGET)
    new_end_time = forms.TimeField(label="Nouvelle heure de fin", required=False, widget=TIME_WIDGET)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == OfficeHoursExceptionKind.MOVED:
            for name in ("new_day", "new_start_time", "new_end_time"):
                if not data.get(name):
                    self.add_error(name, "Indiquez la nouvelle date et les nouveaux horaires.")
            start, end = data.get("new_start_time"), data.get("new_end_time")
            if start and end and end <= start:
                self.add_error("new_end_time", "L'heure de fin doit être après l'heure de début.")
        return data


class BookingForm(CleanForm):
    """The slot chosen on a permanence's page (an ISO datetime in a hidden-free button value)."""

    slot = forms.CharField(max_length=40, error_messages={"required": "Choisissez un créneau."})

    def clean_slot(self) -> datetime:
        raw = self.cleaned_data["slot"]
        try:
            value = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise ValidationError("Ce créneau n'existe pas.") from exc
        if value.tzinfo is None:
            raise ValidationError("Ce créneau n'existe pas.")
        return value


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            if name == "rrule":
                target = "frequency"
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)
