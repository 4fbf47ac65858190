"""Forms: they parse and show errors; the rules live in the model and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm, CleanModelForm
from solidaires.core.models import Theme
from solidaires.territory.models import Commune

from .models import Association, LegalForm, MembershipRole
from .validators import clean_logo, normalize_rna, normalize_siret


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.insee})"


class CommunesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AssociationForm(CleanModelForm):
    themes = ThemeChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un thème.")},
        help_text=_("Cochez un ou plusieurs thèmes."),
    )
    head_office_commune = CommuneChoiceField(
        label=_("Commune du siège"),
        queryset=Commune.objects.only("insee", "name").order_by("search_name"),
        empty_label=_("— Choisissez une commune —"),
        error_messages={"required": _("Choisissez la commune du siège.")},
    )
    communes = CommunesField(
        label=_("Communes où l'association agit"),
        queryset=Commune.objects.only("insee", "name").order_by("search_name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Cochez les communes où vous menez des actions (le siège est compté d'office)."),
    )
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Adresse complète, par exemple https://exemple.fr"),
        error_messages={"invalid": _("Indiquez une adresse web complète, par exemple https://exemple.fr.")},
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("Image PNG, JPEG ou WebP de 1 Mo au plus."),
    )

    class Meta:
        model = Association
        fields = [
            "name",
            "acronym",
            "legal_form",
            "rna",
            "siret",
            "themes",
            "head_office_commune",
            "communes",
            "description",
            "contact_email",
            "contact_phone",
            "website",
            "logo",
        ]
        labels = {
            "name": _("Nom de l'association"),
            "acronym": _("Sigle"),
            "legal_form": _("Forme juridique"),
            "rna": _("Numéro RNA"),
            "siret": _("SIRET"),
            "description": _("Présentation"),
            "contact_email": _("E-mail de contact public"),
            "contact_phone": _("Téléphone public"),
        }
        help_texts = {
            "rna": _(
                "W suivi de 9 chiffres, par exemple W261000123. Indiquez le RNA ou le SIRET "
                "(au moins l'un des deux), sauf pour un collectif informel."
            ),
            "siret": _("14 chiffres, si l'association en a un."),
            "description": _(
                "Ce que fait l'association, pour qui, où et quand. Évitez les données personnelles."
            ),
            "contact_email": _("Visible par tout le monde. Préférez une adresse de l'association."),
        }
        error_messages = {
            "name": {"required": _("Indiquez le nom de l'association.")},
            "legal_form": {"required": _("Choisissez la forme juridique.")},
            "contact_email": {
                "invalid": _("Indiquez une adresse e-mail valide, par exemple contact@exemple.fr.")
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        legal_form: Any = self.fields["legal_form"]
        legal_form.choices = [("", _("— Choisissez —")), *LegalForm.choices]
        self.checked_logo: Any = None
        # People type spaces ("W 261 000 123"): the length is checked after normalisation.
        for name in ("rna", "siret"):
            field: Any = self.fields[name]
            field.max_length = 24
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs["maxlength"] = "24"
            field.widget.attrs["spellcheck"] = "false"
        self.fields["siret"].widget.attrs["inputmode"] = "numeric"
        # Communes as checkboxes grouped by intercommunality (one query).
        groups: dict[str, list[tuple[str, str]]] = {}
        for commune in (
            Commune.objects.select_related("epci").only("insee", "name", "epci__name").order_by("search_name")
        ):
            groups.setdefault(commune.epci.name, []).append((commune.insee, commune.name))
        # Group headings only help when the deployment covers several intercommunalities.
        self.communes_grouped = len(groups) > 1
        if self.communes_grouped:
            self.fields["communes"].widget.choices = sorted(groups.items())
        else:
            self.fields["communes"].widget.choices = [c for group in groups.values() for c in group]

    def clean_rna(self) -> str:
        return normalize_rna(self.cleaned_data.get("rna", ""))

    def clean_siret(self) -> str:
        return normalize_siret(self.cleaned_data.get("siret", ""))

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if upload is False:  # "Effacer" ticked
            self.checked_logo = False
            return self.instance.logo
        if upload and upload is not self.instance.logo:
            self.checked_logo = clean_logo(upload)
        return self.instance.logo

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "logo"}
        data["logo"] = self.checked_logo
        return data


class ClaimForm(CleanForm):
    message = forms.CharField(
        label=_("Votre message aux agents"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Dites qui vous êtes dans l'association (présidence, bureau…) et comment vous joindre."),
        error_messages={"required": _("Écrivez quelques mots pour que les agents puissent vérifier.")},
    )


class RejectForm(CleanForm):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Le motif est envoyé aux responsables et affiché sur la page de l'association."),
        error_messages={"required": _("Expliquez le motif du refus : l'association le verra.")},
    )


class InvitationForm(CleanForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Indiquez l'adresse e-mail de la personne à inviter."),
            "invalid": _("Indiquez une adresse e-mail valide, par exemple prenom@exemple.fr."),
        },
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class RoleForm(CleanForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=MembershipRole.choices)


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
