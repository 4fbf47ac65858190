"""The form of a volunteer offer ("Je propose mon aide")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanModelForm
from solidaires.territory.models import Commune
from solidaires.volunteering.missions.forms.fields import (
    WEEKDAY_CHOICES,
    CommuneField,
    _communes_field,
    _max_length_message,
    _themes_field,
)
from solidaires.volunteering.missions.models import (
    DESCRIPTION_MAX,
    SKILLS_MAX,
    TITLE_MAX,
    DayPart,
    VolunteerOffer,
)


class OfferForm(CleanModelForm):
    themes = _themes_field()
    home_commune = CommuneField(
        label=_("Votre commune"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        empty_label=_("— Choisissez votre commune —"),
        help_text=_("Seule la commune est affichée, jamais votre adresse."),
        error_messages={
            "required": _("Choisissez votre commune."),
            "invalid_choice": _("Cette commune est inconnue : choisissez-la dans la liste."),
        },
    )
    communes = _communes_field(
        _("Autres communes où vous pouvez vous rendre"),
        _("Cochez celles où vous pouvez aller facilement."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Les jours où vous êtes disponible"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Jour inconnu.")},
    )
    day_parts = forms.MultipleChoiceField(
        label=_("À quel moment de la journée ?"),
        choices=[(v, str(label).capitalize()) for v, label in DayPart.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Moment inconnu.")},
    )
    expires_at = forms.DateField(
        label=_("Visible jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Trois mois au plus tard conseillés. Vous pourrez la prolonger."),
        error_messages={
            "required": _("Indiquez jusqu'à quand votre proposition reste visible."),
            "invalid": _("Date inconnue : utilisez le format jj/mm/aaaa."),
        },
    )

    class Meta:
        model = VolunteerOffer
        fields = [
            "title",
            "description",
            "themes",
            "skills",
            "weekdays",
            "day_parts",
            "home_commune",
            "communes",
            "is_remote_ok",
            "expires_at",
        ]
        labels = {
            "title": _("Ce que vous proposez"),
            "description": _("En quelques mots"),
            "skills": _("Votre savoir-faire"),
            "is_remote_ok": _("Je peux aussi aider à distance (téléphone, internet)"),
        }
        help_texts = {
            "title": _("Par exemple « Aide aux devoirs en anglais » ou « Petits travaux de jardinage »."),
            "description": _(
                "Ce que vous aimez faire, votre expérience. Pas de nom, d'adresse ni de téléphone."
            ),
        }
        error_messages = {
            "title": {
                "required": _("Dites ce que vous proposez."),
                "max_length": _max_length_message(TITLE_MAX),
            },
            "description": {"max_length": _max_length_message(DESCRIPTION_MAX)},
            "skills": {"max_length": _max_length_message(SKILLS_MAX)},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "skills": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("expires_at", timezone.localdate() + timedelta(days=90))

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["themes"] = list(data["themes"] or [])
        data["communes"] = list(data["communes"] or [])
        data["weekdays"] = sorted(int(d) for d in data["weekdays"] or [])
        data["day_parts"] = list(data["day_parts"] or [])
        data["description"] = data["description"] or ""
        data["skills"] = data["skills"] or ""
        return data
