"""Forms of the agenda: they parse and show errors; the rules live in the model and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from solidaires.associations.models import Association
from solidaires.core.forms import CleanForm, CleanModelForm
from solidaires.territory.models import Commune, Place, PlaceStatus

from .models import Event, EventCategory

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.commune.name})"


class EventForm(CleanModelForm):
    association = NamedChoiceField(
        label=_("Association organisatrice"),
        queryset=Association.objects.none(),
        required=False,
        error_messages={"required": _("Choisissez l'association qui organise l'événement.")},
    )
    place = PlaceChoiceField(
        label=_("Lieu"),
        queryset=Place.objects.filter(status=PlaceStatus.VERIFIED)
        .select_related("commune")
        .order_by("sort_name"),
        required=False,
        empty_label=_("— Aucun lieu de la liste —"),
        help_text=_("Un lieu déjà connu de la plateforme (Maison citoyenne, salle…). Facultatif."),
    )
    commune = NamedChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        required=False,
        empty_label=_("— Choisissez une commune —"),
        help_text=_("Si le lieu n'est pas dans la liste. Déduite du lieu quand il y en a un."),
    )

    online_url = forms.URLField(
        label=_("Lien de la visioconférence"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Facultatif. Adresse complète, par exemple https://visio.exemple.fr/salle"),
        error_messages={"invalid": _("Indiquez une adresse web complète, par exemple https://exemple.fr.")},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "category",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "commune",
            "online_url",
            "capacity",
            "registration_open",
            "registration_deadline",
            "audience",
            "accessibility",
            "is_free",
            "price_note",
        ]
        labels = {
            "title": _("Titre"),
            "starts_at": _("Début"),
            "ends_at": _("Fin"),
            "online_url": _("Lien de la visioconférence"),
            "capacity": _("Nombre de places"),
            "registration_open": _("Inscriptions en ligne ouvertes"),
            "registration_deadline": _("Date limite d'inscription"),
            "accessibility": _("Accessibilité"),
            "is_free": _("Gratuit"),
            "price_note": _("Tarif"),
        }
        help_texts = {
            "starts_at": _("Jour et heure, heure de Paris. Par exemple 03/03/2026 14:00."),
            "ends_at": _("Jour et heure de fin, après le début."),
            "capacity": _(
                "Laissez vide si les places sont illimitées. Au-delà, une liste d'attente s'ouvre."
            ),
            "registration_deadline": _("Facultatif. Avant le début de l'événement."),
            "accessibility": _("Accès en fauteuil, boucle magnétique, interprète LSF… Facultatif."),
            "price_note": _("Si l'événement est payant : le prix et comment payer."),
            "online_url": _("Facultatif. Adresse complète, par exemple https://visio.exemple.fr/salle"),
        }
        error_messages = {
            "title": {"required": _("Indiquez le titre de l'événement.")},
            "description": {"required": _("Décrivez l'événement en quelques phrases.")},
            "category": {"required": _("Choisissez une catégorie.")},
            "starts_at": {
                "required": _("Indiquez le jour et l'heure du début."),
                "invalid": _("Indiquez une date et une heure valides, par exemple 03/03/2026 14:00."),
            },
            "ends_at": {
                "required": _("Indiquez le jour et l'heure de fin."),
                "invalid": _("Indiquez une date et une heure valides, par exemple 03/03/2026 17:00."),
            },
            "registration_deadline": {
                "invalid": _("Indiquez une date et une heure valides, par exemple 01/03/2026 18:00.")
            },
            "capacity": {"invalid": _("Indiquez un nombre entier de places, par exemple 20.")},
            "online_url": {
                "invalid": _("Indiquez une adresse web complète, par exemple https://exemple.fr.")
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "capacity": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.choices = [("", _("— Choisissez —")), *EventCategory.choices]
        is_agent = bool(getattr(user, "is_agent", False) or user.is_superuser)
        association: Any = self.fields["association"]
        if self.instance.pk:
            del self.fields["association"]  # organisers do not change after creation
        elif is_agent:
            association.queryset = Association.objects.verified().order_by("sort_name")
            association.empty_label = _("L'Agglo (aucune association)")
            association.help_text = _(
                "Laissez « L'Agglo » pour un événement organisé par l'intercommunalité."
            )
        else:
            association.queryset = Association.objects.filter(
                memberships__user=user, memberships__role="manager"
            ).order_by("sort_name")
            association.required = True
            association.empty_label = _("— Choisissez —")
            association.help_text = _("Une association dont vous êtes responsable.")
        for name in ("starts_at", "ends_at", "registration_deadline"):
            field: Any = self.fields[name]
            field.input_formats = [DATETIME_FORMAT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
        self.fields["capacity"].validators.append(
            MinValueValidator(1, message=_("Indiquez au moins 1 place, ou laissez vide."))
        )

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class CancelEventForm(CleanForm):
    reason = forms.CharField(
        label=_("Message aux personnes inscrites"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=1000,
        help_text=_("Facultatif. Par exemple : « Reporté à cause de la météo, nouvelle date bientôt. »"),
    )


class CheckinSearchForm(CleanForm):
    q = forms.CharField(label=_("Chercher une personne"), required=False, max_length=100)
