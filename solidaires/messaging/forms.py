"""Forms of the messaging app: they parse and show errors; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm
from solidaires.core.models import Theme

from .digest import digest_texts
from .models import MAX_BODY_LENGTH


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class MessageForm(CleanForm):
    body = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_BODY_LENGTH,
        help_text=_(
            "N'écrivez ni votre adresse, ni votre téléphone, ni d'information sur votre santé. "
            "5 000 caractères au plus."
        ),
        error_messages={
            "required": _("Écrivez votre message avant de l'envoyer."),
            "max_length": _(
                "Votre message fait %(show_value)s caractères : raccourcissez-le à %(limit_value)s au plus."
            ),
        },
    )


class PreferencesForm(CleanForm):
    email_messages = forms.BooleanField(
        label=_("M'envoyer un e-mail quand quelqu'un m'écrit sur la plateforme"),
        required=False,
        help_text=_("L'e-mail contient seulement un lien, jamais le contenu du message."),
    )
    weekly_digest = forms.BooleanField(required=False)  # label: the digest's content (digest_texts)
    use_profile_interests = forms.TypedChoiceField(
        label=_("Thèmes du résumé"),
        choices=[
            ("1", _("Les centres d'intérêt de mon profil")),
            ("0", _("Les thèmes que je coche ci-dessous")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    themes = ThemeChoiceField(
        label=_("Thèmes qui m'intéressent"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts = digest_texts()
        self.fields["weekly_digest"].label = texts.checkbox_label
        self.fields["themes"].help_text = texts.no_theme_help
