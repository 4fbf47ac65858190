"""Forms: they parse and show errors; the rules live in the model and the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm, CleanModelForm
from solidaires.territory.models import Commune

from .models import (
    DESCRIPTION_MAX,
    MAX_VALIDITY_DAYS,
    TITLE_MAX,
    Category,
    ConsentMethod,
    MutualAidPost,
    PostKind,
)
from .services import FIRST_NAME_MAX


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _length_error(limit: int) -> str:
    return str(_("Écrivez %(n)s caractères au plus.") % {"n": limit})


class PostForm(CleanModelForm):
    kind = forms.ChoiceField(
        label=_("Vous…"),
        choices=PostKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites si vous cherchez de l'aide ou si vous en proposez.")},
    )
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.only("insee", "name").order_by("search_name"),
        empty_label=_("— Choisissez une commune —"),
        help_text=_("Seule la commune est affichée, jamais votre adresse."),
        error_messages={
            "required": _("Choisissez votre commune."),
            "invalid_choice": _("Choisissez une commune de la liste."),
        },
    )
    expires_on = forms.DateField(
        label=_("En ligne jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("30 jours par défaut, 90 jours au plus. Format jj/mm/aaaa."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Indiquez jusqu'à quand l'annonce reste en ligne."),
            "invalid": _("Indiquez une date valide, par exemple 24/12/2026."),
        },
    )

    class Meta:
        model = MutualAidPost
        fields = ["kind", "category", "title", "description", "commune", "expires_on"]
        labels = {
            "category": _("Catégorie"),
            "title": _("Titre de l'annonce"),
            "description": _("Description"),
        }
        help_texts = {
            "title": _("En quelques mots, par exemple « Courses pour une personne âgée le mardi »."),
            "description": _(
                "Ce dont il s'agit, quand, combien de temps. N'écrivez ni adresse, ni téléphone, ni e-mail : "
                "les réponses arrivent par la messagerie de la plateforme."
            ),
        }
        error_messages = {
            "category": {"required": _("Choisissez une catégorie.")},
            "title": {
                "required": _("Donnez un titre à votre annonce."),
                "max_length": _length_error(TITLE_MAX),
            },
            "description": {
                "required": _("Décrivez en quelques phrases ce dont il s'agit."),
                "max_length": _length_error(DESCRIPTION_MAX),
            },
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.choices = [("", _("— Choisissez —")), *Category.choices]
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("expires_on", timezone.localdate() + timedelta(days=30))
        today = timezone.localdate()
        self.fields["expires_on"].widget.attrs.update(
            {"min": today.isoformat(), "max": (today + timedelta(days=MAX_VALIDITY_DAYS)).isoformat()}
        )

    def _post_clean(self) -> None:
        # The service validates the model (it knows the author); keep the form's own checks only.
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OnBehalfForm(PostForm):
    first_name = forms.CharField(
        label=_("Prénom de la personne"),
        max_length=FIRST_NAME_MAX,
        help_text=_("Le prénom seulement : il est affiché sur l'annonce, avec la commune."),
        error_messages={"required": _("Indiquez le prénom de la personne.")},
    )
    consent_method = forms.ChoiceField(
        label=_("La personne a donné son accord"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez comment la personne a donné son accord.")},
    )
    consent = forms.BooleanField(
        label=_(
            "J'ai expliqué à la personne que son prénom et sa commune seront publiés, que les réponses "
            "m'arriveront et que je la recontacterai ; elle est d'accord."
        ),
        error_messages={"required": _("Recueillez l'accord de la personne avant de publier.")},
    )


class CloseForm(CleanForm):
    outcome = forms.ChoiceField(
        label=_("Pourquoi retirez-vous l'annonce ?"),
        choices=[
            ("fulfilled", _("J'ai trouvé de l'aide (ou j'ai aidé)")),
            ("closed", _("Ce n'est plus utile")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )


class AnswerForm(CleanForm):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Présentez-vous et dites comment vous pouvez aider. Ne donnez pas encore votre adresse."),
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _length_error(5000),
        },
    )


class TakeOverForm(CleanForm):
    code = forms.CharField(
        label=_("Code de reprise"),
        max_length=30,
        help_text=_("Le code donné par l'agent, par exemple ABCD-EFGH-JKMN (majuscules ou minuscules)."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Indiquez le code reçu.")},
    )


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
