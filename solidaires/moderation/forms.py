"""Forms of moderation: they parse and show errors; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm

from .models import ReportReason
from .services import MAX_REASON_LENGTH


def _length_error(limit: int) -> str:
    return str(_("Écrivez %(n)s caractères au plus.") % {"n": limit})


class ReportForm(CleanForm):
    reason = forms.ChoiceField(
        label=_("Que se passe-t-il ?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le motif du signalement.")},
    )
    details = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qui aidera les agents à comprendre. La personne ne saura pas que c'est vous."),
        error_messages={"max_length": _length_error(MAX_REASON_LENGTH)},
    )


class ReasonForm(CleanForm):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Indiquez le motif : la personne concernée le verra."),
            "max_length": _length_error(MAX_REASON_LENGTH),
        },
    )

    def __init__(
        self, *args: Any, label: str = "", help_text: str = "", required: bool = True, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text
        self.fields["reason"].required = required


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ContestForm(CleanForm):
    text = forms.CharField(
        label=_("Pourquoi la décision vous semble-t-elle injuste ?"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Expliquez avec vos mots ; %(n)s caractères au plus. Un agent de l'Agglo le lira "
            "et vous répondra."
        )
        % {"n": MAX_REASON_LENGTH},
        error_messages={
            "required": _("Expliquez en quelques mots pourquoi la décision vous semble injuste."),
            "max_length": _length_error(MAX_REASON_LENGTH),
        },
    )


class ContestDecisionForm(CleanForm):
    outcome = forms.ChoiceField(
        label=_("Votre décision"),
        choices=[
            ("maintenir", _("Maintenir la décision")),
            ("annuler", _("Annuler la décision (le contenu masqué redevient visible)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez : maintenir ou annuler la décision.")},
    )
    reason = forms.CharField(
        label=_("Réponse à la personne"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyée par e-mail à la personne et affichée sur sa page."),
        error_messages={
            "required": _("Écrivez votre réponse : la personne la lira."),
            "max_length": _length_error(MAX_REASON_LENGTH),
        },
    )
