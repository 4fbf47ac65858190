"""Forms of engagements, hours, attestations and proposals: they parse and show errors;
the rules live in the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from solidaires.associations.forms import apply_service_errors
from solidaires.core.forms import CleanForm
from solidaires.volunteering.engagement.hours_summary import AGE_CONFIRM, AGE_CONSENT
from solidaires.volunteering.engagement.models import ENGAGEMENT_MESSAGE_MAX, HOURS_NOTE_MAX, REASON_MAX
from solidaires.volunteering.missions.models import Mission

__all__ = [
    "ApplyForm",
    "AttestationForm",
    "DeclineForm",
    "HoursForm",
    "ProposalForm",
    "ReasonForm",
    "apply_service_errors",
]


class ApplyForm(CleanForm):
    message = forms.CharField(
        label="Votre message à l'association",
        required=False,
        max_length=ENGAGEMENT_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Présentez-vous en quelques mots, dites quand vous êtes disponible. "
        "Ne donnez pas d'informations sur votre santé.",
        error_messages={
            "max_length": "Votre message fait plus de %(limit_value)d caractères : raccourcissez-le."
        },
    )

    def __init__(
        self, *args: Any, requirement: str = "", mission: Mission | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if requirement == AGE_CONSENT:
            self.fields["parental_consent"] = forms.BooleanField(
                label="J'ai l'accord de mes parents",
                required=True,
                help_text="Cette mission accueille les mineurs avec l'accord d'un parent.",
                error_messages={"required": "Cochez la case pour confirmer que vos parents sont d'accord."},
            )
        if requirement == AGE_CONFIRM and mission is not None and mission.min_age:
            self.fields["age_confirmed"] = forms.BooleanField(
                label=f"J'ai au moins {mission.min_age} ans",
                required=True,
                help_text="Vous pouvez indiquer votre année de naissance dans votre profil.",
                error_messages={
                    "required": f"Cochez la case pour confirmer que vous avez au moins {mission.min_age} ans."
                },
            )


class ReasonForm(CleanForm):
    reason = forms.CharField(
        label="Motif",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La personne le verra. Restez bref et bienveillant.",
        error_messages={
            "required": "Indiquez le motif : la personne le verra.",
            "max_length": "Le motif fait plus de %(limit_value)d caractères : raccourcissez-le.",
        },
    )


DeclineForm = ReasonForm


class HoursForm(CleanForm):
    day = forms.DateField(
        label="Jour",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="Par exemple 14/03/2026.",
        error_messages={
            "required": "Indiquez le jour.",
            "invalid": "Indiquez une date, par exemple 14/03/2026.",
        },
    )
    hours = forms.IntegerField(
        label="Heures",
        min_value=0,
        max_value=24,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Indiquez le nombre d'heures (0 si moins d'une heure).",
            "invalid": "Indiquez un nombre entier d'heures.",
            "min_value": "Indiquez un nombre d'heures positif.",
            "max_value": "Une journée compte 24 heures au plus.",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=0,
        max_value=59,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        error_messages={
            "invalid": "Indiquez un nombre entier de minutes.",
            "min_value": "Indiquez entre 0 et 59 minutes.",
            "max_value": "Indiquez entre 0 et 59 minutes.",
        },
    )
    note = forms.CharField(
        label="Ce que vous avez fait",
        required=False,
        max_length=HOURS_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Le texte fait plus de %(limit_value)d caractères : raccourcissez-le."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "hours" in data and "minutes" not in self.errors:
            total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
            if total <= 0:
                self.add_error("hours", "Indiquez une durée d'au moins une minute.")
            data["total_minutes"] = total
        return data


class AttestationForm(CleanForm):
    """GET parameters of /missions/attestation/: ?association=<slug>&du=…&au=…"""

    association = forms.SlugField(label="Association")
    du = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Indiquez une date, par exemple 01/01/2026."},
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Indiquez une date, par exemple 31/12/2026."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("du")
        end: date | None = data.get("au")
        if start and end and end < start:
            raise ValidationError("La date de fin doit être après la date de début.")
        return data


def _mission_label(mission: Any) -> str:
    return f"{mission.title} — {mission.association.name if mission.association else ''}"


class ProposalForm(CleanForm):
    mission = forms.ModelChoiceField(
        label="Mission à proposer",
        queryset=Mission.objects.none(),
        empty_label="— Choisissez une mission —",
        error_messages={
            "required": "Choisissez une mission.",
            "invalid_choice": "Choisissez une mission de la liste.",
        },
    )
    message = forms.CharField(
        label="Votre message",
        required=False,
        max_length=ENGAGEMENT_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La personne le lira avant d'accepter ou de décliner.",
        error_messages={
            "max_length": "Votre message fait plus de %(limit_value)d caractères : raccourcissez-le."
        },
    )

    def __init__(self, *args: Any, missions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mission"]
        assert isinstance(field, forms.ModelChoiceField)
        if missions is not None:
            field.queryset = missions
        field.label_from_instance = _mission_label  # type: ignore[method-assign,assignment]
