"""Forms of the account pages (allauth's own forms cover sign-up, login and passwords)."""

from __future__ import annotations

from typing import Any, cast

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm, CleanTextMixin
from solidaires.core.models import Theme

from . import selectors
from .models import (
    NOTIFICATION_DEFAULTS,
    DaySlot,
    Mobility,
    NotificationPreference,
    Profile,
    SpokenLanguage,
    User,
    Weekday,
    birth_year_bounds,
)
from .naming import NEUTRAL_NAME, clean_display_name
from .services import normalize_tags

AVAILABILITY_CHOICES = [
    (f"{day}-{slot}", f"{day_label} {str(slot_label).lower()}")
    for day, day_label in Weekday.choices
    for slot, slot_label in DaySlot.choices
]
NOTIFY_PREFIX = "notify_"


DISPLAY_NAME_LABEL = _("Prénom ou nom affiché")
DISPLAY_NAME_HELP = _(
    "C'est ce que les autres personnes voient de vous (associations, entraide), par exemple "
    "votre prénom. Votre adresse e-mail, elle, n'est jamais montrée."
)
DISPLAY_NAME_REQUIRED = _("Indiquez un prénom ou un nom : c'est ce que les autres verront.")
PROFILE_DISPLAY_NAME_HELP = format_lazy(
    "{} {}", DISPLAY_NAME_HELP, format_lazy(_("Laissé vide, vous apparaissez comme « {} »."), NEUTRAL_NAME)
)


class ProfileForm(CleanForm):
    display_name = forms.CharField(
        label=DISPLAY_NAME_LABEL,
        max_length=80,
        required=False,
        help_text=PROFILE_DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    commune = forms.ChoiceField(
        label=_("Votre commune"),
        required=False,
        help_text=_("Pour vous montrer d'abord ce qui se passe près de chez vous."),
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance"),
        required=False,
        help_text=_(
            "Elle sert seulement à compter les bénévoles par tranche d'âge, "
            "sans jamais vous identifier. Format : 4 chiffres, par exemple 1987."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    skills = forms.CharField(
        label=_("Vos savoir-faire"),
        required=False,
        max_length=1000,
        help_text=_("Séparés par des virgules, par exemple : cuisine, bricolage, aide aux devoirs."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Les thèmes qui vous intéressent"),
        queryset=Theme.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("Vos disponibilités habituelles"),
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobility = forms.MultipleChoiceField(
        label=_("Comment vous déplacez-vous ?"),
        choices=Mobility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Les langues que vous parlez"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Autres langues"),
        required=False,
        max_length=300,
        help_text=_("Séparées par des virgules, par exemple : wolof, roumain."),
    )
    notify_email_messages = forms.BooleanField(
        label=NotificationPreference.EMAIL_MESSAGES.label, required=False
    )
    notify_weekly_digest = forms.BooleanField(
        label=NotificationPreference.WEEKLY_DIGEST.label, required=False
    )
    notify_association_news = forms.BooleanField(
        label=NotificationPreference.ASSOCIATION_NEWS.label, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = cast(forms.ChoiceField, self.fields["commune"])
        commune.choices = [("", _("— Choisir votre commune —")), *selectors.commune_options()]
        low, high = birth_year_bounds()
        birth_year = cast(forms.IntegerField, self.fields["birth_year"])
        birth_year.min_value, birth_year.max_value = low, high
        birth_year.widget.attrs.update(min=low, max=high)
        for name in ("skills", "other_languages"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    @classmethod
    def initial_for(cls, *, user: User, profile: Profile) -> dict[str, Any]:
        saved = not profile._state.adding
        initial: dict[str, Any] = {
            "display_name": user.display_name,
            "commune": profile.commune_id or "",
            "birth_year": profile.birth_year,
            "skills": ", ".join(profile.skills),
            "interests": list(profile.interests.all()) if saved else [],
            "availability": sorted(profile.availability_slots),
            "mobility": profile.mobility,
            "languages": profile.known_languages,
            "other_languages": ", ".join(profile.other_languages),
        }
        for key in NOTIFICATION_DEFAULTS:
            initial[f"{NOTIFY_PREFIX}{key}"] = profile.wants(key)
        return initial

    def clean_commune(self) -> Any:
        value = self.cleaned_data.get("commune")
        if not value:
            return None
        commune = selectors.commune_by_insee(value)
        if commune is None:
            raise forms.ValidationError(_("Choisissez une commune de la liste."))
        return commune

    def clean_birth_year(self) -> int | None:
        value = self.cleaned_data.get("birth_year")
        low, high = birth_year_bounds()
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(
                _("Indiquez une année entre %(low)s et %(high)s (il faut avoir au moins 15 ans).")
                % {"low": low, "high": high}
            )
        return value

    def clean_skills(self) -> list[str]:
        tags = normalize_tags(self.cleaned_data.get("skills") or "")
        if len(tags) > 20:
            raise forms.ValidationError(_("Indiquez au plus 20 savoir-faire."))
        too_long = [tag for tag in tags if len(tag) > 40]
        if too_long:
            raise forms.ValidationError(
                _("« %(tag)s » est trop long : 40 caractères au plus par savoir-faire.")
                % {"tag": too_long[0]}
            )
        return tags

    def to_service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "display_name",
                "commune",
                "birth_year",
                "skills",
                "interests",
                "availability",
                "mobility",
                "languages",
                "other_languages",
            )
        }
        data["notification_preferences"] = {
            key: self.cleaned_data[f"{NOTIFY_PREFIX}{key}"] for key in NOTIFICATION_DEFAULTS
        }
        return data

    # Helpers for the template's availability grid.
    def availability_grid(self) -> list[dict[str, Any]]:
        """Rows of the grid: one per day, with (cell value, label, checked) per slot."""
        field = self["availability"]
        value = field.value() or []
        checked = {str(v) for v in value}
        rows = []
        for day, day_label in Weekday.choices:
            cells = [
                {
                    "value": f"{day}-{slot}",
                    "id": f"{field.auto_id}_{day}_{slot}",
                    "label": f"{day_label} {str(slot_label).lower()}",
                    "checked": f"{day}-{slot}" in checked,
                }
                for slot, slot_label in DaySlot.choices
            ]
            rows.append({"day": day, "label": day_label, "cells": cells})
        return rows

    def slot_labels(self) -> list[str]:
        return [str(label) for _value, label in DaySlot.choices]


class DeleteAccountForm(CleanForm):
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour vérifier que c'est bien vous."),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."),
        error_messages={"required": _("Cochez cette case pour confirmer.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password


# allauth's forms with our labels and help (ACCOUNT_FORMS in settings). Labels are always
# visible (no placeholder standing in for a label).

NEW_PASSWORD_HELP = _(
    "Au moins 12 caractères. Pas besoin de chiffres ni de signes : une phrase de quatre ou "
    "cinq mots que vous seul·e connaissez est solide et facile à retenir, par exemple "
    "« le vélo bleu dort au jardin ». Évitez les mots de passe très courants."
)


def _relabel(form: forms.Form, labels: dict[str, Any], help_texts: dict[str, Any] | None = None) -> None:
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if help_texts and name in help_texts:
            field.help_text = help_texts[name]


class LoginForm(CleanTextMixin, allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "login": _("Adresse e-mail"),
                "password": _("Mot de passe"),
                "remember": _("Rester connecté·e sur cet appareil"),
            },
        )
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class SignupForm(CleanTextMixin, allauth_forms.SignupForm):
    # Asked at sign-up so that nobody is shown by a neutral label (decision 1110).
    display_name = forms.CharField(
        label=DISPLAY_NAME_LABEL,
        max_length=80,
        help_text=DISPLAY_NAME_HELP,
        error_messages={"required": DISPLAY_NAME_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "email": _("Adresse e-mail"),
                "password1": _("Mot de passe"),
                "password2": _("Confirmez le mot de passe"),
            },
            {
                "email": _("Nous vous enverrons un lien pour vérifier cette adresse."),
                "password1": NEW_PASSWORD_HELP,
            },
        )

    def clean_display_name(self) -> str:
        name = clean_display_name(self.cleaned_data.get("display_name"))
        if not name:
            raise forms.ValidationError(DISPLAY_NAME_REQUIRED)
        return name


class ResetPasswordForm(CleanTextMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("Adresse e-mail de votre compte")})


class ResetPasswordKeyForm(CleanTextMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {"password1": _("Nouveau mot de passe"), "password2": _("Confirmez le nouveau mot de passe")},
            {"password1": NEW_PASSWORD_HELP},
        )


class ChangePasswordForm(CleanTextMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Mot de passe actuel"),
                "password1": _("Nouveau mot de passe"),
                "password2": _("Confirmez le nouveau mot de passe"),
            },
            {"oldpassword": "", "password1": NEW_PASSWORD_HELP},
        )


class SetPasswordForm(CleanTextMixin, allauth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {"password1": _("Mot de passe"), "password2": _("Confirmez le mot de passe")},
            {"password1": NEW_PASSWORD_HELP},
        )


class ReauthenticateForm(CleanTextMixin, allauth_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password": _("Votre mot de passe")})


class AddEmailForm(CleanTextMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {"email": _("Nouvelle adresse e-mail")},
            {"email": _("Nous vous enverrons un lien pour la confirmer.")},
        )


# allauth.mfa forms (MFA_FORMS in settings).

CODE_HELP = _("Le code à 6 chiffres affiché par votre application, ou un code de récupération.")


def _code_field(form: forms.Form, label: Any, help_text: Any = "") -> None:
    _relabel(form, {"code": label}, {"code": help_text})
    form.fields["code"].widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class MFAAuthenticateForm(CleanTextMixin, mfa_base_forms.AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code"), CODE_HELP)


class MFAReauthenticateForm(CleanTextMixin, mfa_base_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code"), CODE_HELP)


class ActivateTOTPForm(CleanTextMixin, mfa_totp_forms.ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code à 6 chiffres affiché par l'application"))
