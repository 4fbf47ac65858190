"""Forms of the territory app: place editing (agents) and list filters."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm
from solidaires.core.text import DESCRIPTION_MAX, REASON_MAX

from .models import Commune, PlaceKind, PlaceStatus
from .selectors import commune_choices
from .services import PlaceInput

_PHONE_ALLOWED = re.compile(r"^\+?[0-9 .()\-]+$")


def _with_empty(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *[(str(value), str(text)) for value, text in choices]]


def _commune_choices_with_empty() -> list[tuple[str, str]]:
    return _with_empty(str(_("Choisissez une commune")), commune_choices())


class PlaceForm(CleanForm):
    name = forms.CharField(
        label=_("Nom du lieu"),
        max_length=200,
        help_text=_("Tel qu'il est écrit sur place, par exemple « Maison citoyenne Fontbarlettes »."),
        error_messages={"required": _("Indiquez le nom du lieu.")},
    )
    kind = forms.ChoiceField(
        label=_("Type de lieu"),
        choices=_with_empty("Choisissez un type", PlaceKind.choices),
        error_messages={
            "required": _("Choisissez le type de lieu."),
            "invalid_choice": _("Choisissez un type de lieu de la liste."),
        },
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qu'on y trouve, en quelques phrases."),
    )
    address = forms.CharField(
        label=_("Adresse"),
        max_length=255,
        help_text=_("Numéro et rue, par exemple « 12 rue Jean Jaurès »."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"required": _("Indiquez l'adresse du lieu (numéro et rue).")},
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        choices=_commune_choices_with_empty,
        error_messages={
            "required": _("Choisissez la commune du lieu."),
            "invalid_choice": _("Choisissez une commune de la liste."),
        },
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        localize=True,
        min_value=-90,
        max_value=90,
        help_text=_("En degrés décimaux, par exemple 44,9334."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        localize=True,
        min_value=-180,
        max_value=180,
        help_text=_("En degrés décimaux, par exemple 4,8924."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    accessible_pmr = forms.BooleanField(
        label=_(
            "Accessible aux personnes à mobilité réduite (entrée de plain-pied ou rampe, sanitaires adaptés)"
        ),
        required=False,
    )
    accessibility_notes = forms.CharField(
        label=_("Informations d'accessibilité"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple : boucle magnétique à l'accueil, ascenseur, place de stationnement réservée."
        ),
    )
    opening_hours = forms.CharField(
        label=_("Horaires d'ouverture"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une ligne par jour, par exemple « Mardi : 9 h – 12 h »."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        help_text=_("Par exemple 04 75 00 00 00."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse e-mail complète, par exemple accueil@mairie.fr.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lat", "lon"):
            self.fields[name].error_messages["invalid"] = _(
                "Saisissez un nombre en degrés décimaux, par exemple 44,9334."
            )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Le nom doit compter au moins 3 caractères."))
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone d'au moins 10 chiffres, par exemple 04 75 00 00 00.")
            )
        return phone

    def clean_commune(self) -> Commune:
        insee = self.cleaned_data["commune"]
        try:
            return Commune.objects.get(insee=insee)
        except Commune.DoesNotExist as exc:
            raise forms.ValidationError(_("Choisissez une commune de la liste.")) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        if "lat" not in self.errors and "lon" not in self.errors and (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            self.add_error(missing, _("Indiquez la latitude et la longitude, ou aucune des deux."))
        return data

    def to_input(self) -> PlaceInput:
        data = self.cleaned_data
        return PlaceInput(
            name=data["name"],
            kind=data["kind"],
            address=data["address"].strip(),
            commune=data["commune"],
            description=data.get("description", "").strip(),
            lat=data.get("lat"),
            lon=data.get("lon"),
            accessible_pmr=bool(data.get("accessible_pmr")),
            accessibility_notes=data.get("accessibility_notes", "").strip(),
            opening_hours=data.get("opening_hours", "").strip(),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )

    @classmethod
    def initial_from(cls, place: Any) -> dict[str, Any]:
        initial = {name: getattr(place, name) for name in cls.base_fields if name != "commune"}
        initial["commune"] = place.commune_id
        return initial


class PlaceFilterForm(CleanForm):
    """Filters of the public list of places (GET)."""

    type = forms.ChoiceField(
        label=_("Type de lieu"), required=False, choices=_with_empty("Tous", PlaceKind.choices)
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        required=False,
        choices=lambda: _with_empty(str(_("Toutes")), commune_choices()),
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {"kind": self.cleaned_data.get("type", ""), "commune": self.cleaned_data.get("commune", "")}


class AgentPlaceFilterForm(PlaceFilterForm):
    """Filters of the agents' list of places (GET)."""

    statut = forms.ChoiceField(
        label=_("Statut"), required=False, choices=_with_empty("Tous", PlaceStatus.choices)
    )
    q = forms.CharField(label=_("Nom ou adresse"), required=False, max_length=100)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {
            **super().filters(),
            "status": self.cleaned_data.get("statut", ""),
            "text": self.cleaned_data.get("q", "").strip(),
        }


class ArchiveForm(CleanForm):
    reason = forms.CharField(
        label=_("Raison (facultatif)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : lieu fermé, doublon, adresse erronée. Visible dans l'historique."),
    )
