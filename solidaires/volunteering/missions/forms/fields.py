"""Fields and helpers shared by the missions' forms; service errors shown on a form."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.associations.models import Association, Membership, MembershipRole
from solidaires.core.models import Theme
from solidaires.territory.models import Commune
from solidaires.volunteering.missions.schedule import WEEKDAYS

AGGLO = "agglo"
GROUP = "groupe"
SLOTS = 3
WEEKDAY_CHOICES = [(str(i), name.capitalize()) for i, name in enumerate(WEEKDAYS)]


def _max_length_message(limit: int) -> str:
    return str(
        _("%(limit)s caractères au plus (vous en avez écrit %%(show_value)s).")
        % {"limit": f"{limit:,}".replace(",", " ")}
    )


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CommunesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CommuneField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlaceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.commune.name})"


def _themes_field(help_text: Any = "") -> ThemesField:
    return ThemesField(
        label=_("Thèmes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins un thème."),
            "invalid_choice": _("Ce thème n'existe pas."),
        },
        help_text=help_text,
    )


def _communes_field(label: Any, help_text: Any, *, required: bool = False) -> CommunesField:
    return CommunesField(
        label=label,
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("Cette commune est inconnue : choisissez-la dans la liste."),
            "invalid_pk_value": _("Cette commune est inconnue : choisissez-la dans la liste."),
            "required": _("Choisissez au moins une commune."),
        },
    )


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Date inconnue : utilisez le format jj/mm/aaaa.")},
    )


def _time_field(label: Any, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%Hh%M", "%H h %M", "%Hh", "%H"],
        error_messages={"invalid": _("Heure inconnue : écrivez par exemple 14:30.")},
    )


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    aliases = {"starts_at": "start_date", "ends_at": "end_date", "weekly_slots": "slot1_day"}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = aliases.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def manages(user: Any, association: Association) -> bool:
    return Membership.objects.filter(user=user, association=association, role=MembershipRole.MANAGER).exists()
