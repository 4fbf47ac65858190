"""Forms of the applicant side of grants: they parse and show errors; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from solidaires.associations.forms import CommuneChoiceField, CommunesField, ThemeChoiceField
from solidaires.core.forms import CleanForm, CleanModelForm
from solidaires.core.models import Theme
from solidaires.grants.applications.budget import euros, parse_euros
from solidaires.grants.applications.documents import ACCEPT_ATTR
from solidaires.grants.applications.models import (
    Applicant,
    ApplicantKind,
    CalendarKind,
    Call,
    DocumentKind,
    Scheme,
)
from solidaires.territory.models import Commune

__all__ = ["apply_service_errors"]


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service ValidationError to the form (fields it knows, else non-field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class EuroField(forms.CharField):
    """An amount typed in euros ("1 250", "1250,50") → integer cents."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", "20")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        cents = parse_euros(str(text))
        if cents is None:
            raise ValidationError(
                _("Indiquez un montant en euros, par exemple 1 250 ou 1 250,50."), code="invalid"
            )
        return cents

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return euros(value).replace("\u00a0€", "").replace("\u202f", " ")
        return value


def _cents_initial(cents: int | None) -> str:
    return "" if cents is None else euros(cents).replace("\u00a0€", "").replace("\u202f", " ")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# --- agents: schemes, calls, envelopes ------------------------------------------------------


class SchemeForm(CleanModelForm):
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Qui peut déposer un dossier"),
        choices=ApplicantKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un type de porteur de projet.")},
    )
    eligible_communes = CommunesField(
        label=_("Communes éligibles"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ne cochez rien si toutes les communes sont éligibles."),
    )
    required_documents = forms.ModelMultipleChoiceField(
        label=_("Pièces obligatoires"),
        queryset=DocumentKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ceiling = EuroField(
        label=_("Plafond de l'aide (en euros)"),
        required=False,
        help_text=_("Par exemple 5 000. Laissez vide s'il n'y a pas de plafond."),
    )
    criteria_text = forms.CharField(
        label=_("Grille d'évaluation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Un critère par ligne : code | libellé | poids. Par exemple : utilite | Utilité sociale | 3"
        ),
    )

    class Meta:
        model = Scheme
        fields = [
            "name",
            "code",
            "tagline",
            "description",
            "applicant_kinds",
            "eligible_communes",
            "max_share_percent",
            "required_documents",
            "calendar_kind",
            "file_prefix",
            "is_in_kind",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["ceiling"].initial = _cents_initial(self.instance.ceiling_cents)
            self.fields["criteria_text"].initial = "\n".join(
                f"{c.get('key', '')} | {c.get('label', '')} | {c.get('weight', 1)}"
                for c in self.instance.criteria or []
            )

    def clean_criteria_text(self) -> list[dict[str, Any]]:
        criteria: list[dict[str, Any]] = []
        for number, raw in enumerate(self.cleaned_data.get("criteria_text", "").splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split("|")]
            if len(parts) != 3 or not parts[0] or not parts[1] or not parts[2].isdigit():
                raise ValidationError(
                    _("Ligne %(n)s : écrivez « code | libellé | poids » (le poids est un nombre entier).")
                    % {"n": number}
                )
            criteria.append({"key": parts[0], "label": parts[1], "weight": int(parts[2])})
        return criteria

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["ceiling_cents"] = self.cleaned_data.get("ceiling")
        data["criteria"] = self.cleaned_data.get("criteria_text", [])
        return data


class CallForm(CleanForm):
    name = forms.CharField(label=_("Nom de l'appel"), max_length=160)
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    opens_at = forms.DateTimeField(label=_("Ouverture"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("Date limite de dépôt"), widget=DATETIME_WIDGET)
    committee_on = forms.DateField(label=_("Date prévue du comité"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("La date limite doit être après l'ouverture."))
        return data


class EnvelopeForm(CleanForm):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    envelope = EuroField(label=_("Enveloppe de l'année (en euros)"))


# --- applicant spaces and the vault ---------------------------------------------------------


class MemberEmailsField(forms.CharField):
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        emails = [e.strip() for e in text.replace(",", "\n").replace(";", "\n").splitlines() if e.strip()]
        for email in emails:
            forms.EmailField().clean(email)
        return emails


class GroupForm(CleanForm):
    name = forms.CharField(
        label=_("Nom du groupe"),
        max_length=200,
        help_text=_("Par exemple : Les voisins du quartier Fontbarlettes."),
    )
    commune = CommuneChoiceField(
        label=_("Commune du groupe"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        empty_label=_("— Choisissez une commune —"),
    )
    member_emails = MemberEmailsField(
        label=_("Autres membres"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une adresse e-mail par ligne. Ces personnes doivent déjà avoir un compte ; elles "
            "pourront suivre et compléter les dossiers du groupe."
        ),
    )


class MembersForm(CleanForm):
    member_emails = MemberEmailsField(
        label=_("Adresses e-mail des membres à ajouter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une adresse par ligne. Ces personnes doivent déjà avoir un compte."),
    )


class VaultUploadForm(CleanForm):
    kind = forms.ModelChoiceField(
        label=_("Type de document"),
        queryset=DocumentKind.objects.all(),
        empty_label=_("— Choisissez —"),
    )
    file = forms.FileField(
        label=_("Fichier"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
        help_text=_("PDF, JPEG, PNG, ODT ou DOCX, 10 Mo au plus."),
        error_messages={"required": _("Choisissez un fichier.")},
    )
    valid_until = forms.DateField(
        label=_("Valable jusqu'au"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Pour une attestation d'assurance par exemple. Nous vous préviendrons 30 jours avant."),
    )

    def __init__(self, *args: Any, kinds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]


class ConfirmForm(CleanForm):
    """An empty form: the confirmation page only needs the CSRF token."""


class WithdrawForm(CleanForm):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous ce dossier ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverClaimForm(CleanForm):
    code = forms.CharField(
        label=_("Code remis par l'agent"),
        max_length=20,
        help_text=_("8 lettres et chiffres, par exemple K7PQ-2M9X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


# --- the application steps ------------------------------------------------------------------


def _offer_choices(now: Any = None) -> list[tuple[str, str]]:
    from solidaires.grants.applications.selectors import open_offers

    choices: list[tuple[str, str]] = []
    for offer in open_offers(now=now):
        scheme = offer.scheme
        if scheme.calendar_kind == CalendarKind.ROLLING:
            choices.append((f"{scheme.pk}:", f"{scheme.name} (toute l'année)"))
        for call in offer.open_calls:
            choices.append((f"{scheme.pk}:{call.pk}", f"{scheme.name} — {call.name}"))
    return choices


class OfferField(forms.ChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Dispositif"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choisissez un dispositif."),
                "invalid_choice": _("Ce dispositif n'est pas ouvert."),
            },
        )
        super().__init__(*args, **kwargs)

    def load_choices(self) -> None:
        """Called by the form's __init__ (never at import time: it reads the database)."""
        self.choices = [("", _("— Choisissez —")), *_offer_choices()]

    def scheme_and_call(self, value: str) -> tuple[Scheme, Call | None]:
        scheme_id, _sep, call_id = value.partition(":")
        scheme = Scheme.objects.get(pk=int(scheme_id))
        call = Call.objects.get(pk=int(call_id)) if call_id else None
        return scheme, call


class StartForm(CleanForm):
    space = forms.ChoiceField(label=_("Au nom de qui déposez-vous ce dossier ?"), widget=forms.RadioSelect)
    offer = OfferField()
    title = forms.CharField(
        label=_("Titre du projet"), max_length=160, help_text=_("Vous pourrez le changer ensuite.")
    )

    def __init__(
        self, *args: Any, spaces: list[Applicant], scheme_code: str = "", space_ref: str = "", **kwargs: Any
    ) -> None:
        """``scheme_code`` and ``space_ref`` come from the link that opened the page
        ("Déposer un dossier pour « … »" on a scheme's card, an applicant space's page): they
        preselect that scheme and that space when they are among the choices."""
        super().__init__(*args, **kwargs)
        self.fields["offer"].load_choices()  # type: ignore[attr-defined]
        choices = [(str(s.pk), f"{s.name} ({ApplicantKind(s.kind).label.lower()})") for s in spaces]
        if not any(s.kind == ApplicantKind.PERSON for s in spaces):
            choices.insert(0, ("me", str(_("Moi-même, en tant qu'habitant·e"))))
        self.fields["space"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            self.fields["space"].initial = choices[0][0]
        elif space_ref and any(value == space_ref for value, _label in choices):
            self.fields["space"].initial = space_ref
        offer = self._offer_of_scheme(scheme_code)
        if offer:
            self.fields["offer"].initial = offer

    def _offer_of_scheme(self, scheme_code: str) -> str:
        """The first open choice (the rolling calendar, or the call that is open) of the scheme
        whose code is given; "" when it has none."""
        if not scheme_code or len(scheme_code) > 60:
            return ""
        scheme_id = Scheme.objects.filter(code=scheme_code).values_list("pk", flat=True).first()
        if scheme_id is None:
            return ""
        values = [value for value, _label in self.fields["offer"].choices]  # type: ignore[attr-defined]
        return next((value for value in values if value.partition(":")[0] == str(scheme_id)), "")


class ProjectForm(CleanForm):
    title = forms.CharField(label=_("Titre du projet"), max_length=160)
    summary = forms.CharField(
        label=_("Le projet en quelques lignes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text=_("Ce que vous voulez faire, pourquoi, avec qui. À remplir avant le dépôt."),
    )
    audience = forms.CharField(
        label=_("Le public concerné"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_(
            "Par exemple : les enfants du quartier et leurs parents, environ 40 personnes. "
            "À remplir avant le dépôt."
        ),
    )
    public_description = forms.CharField(
        label=_("Présentation publique"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Quelques lignes publiées sur la page des projets soutenus si le projet est retenu."),
    )
    communes = CommunesField(
        label=_("Communes où le projet a lieu"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Au moins une, à cocher avant le dépôt."),
    )
    themes = ThemeChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Début du projet"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("À remplir avant le dépôt."),
    )
    ends_on = forms.DateField(
        label=_("Fin du projet"), required=False, widget=DATE_WIDGET, help_text=_("À remplir avant le dépôt.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La fin du projet doit être après son début."))
        return data


class BudgetRowForm(CleanForm):
    label = forms.CharField(label=_("Libellé"), max_length=160, required=False)
    amount = EuroField(label=_("Montant (€)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("label") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Indiquez le montant de cette ligne."))
        if data.get("amount") and not (data.get("label") or "").strip():
            self.add_error("label", _("Indiquez à quoi correspond ce montant."))
        return data


BudgetRowFormSet = formset_factory(BudgetRowForm, extra=0, max_num=40, absolute_max=60)


class RequestedAmountForm(CleanForm):
    requested = EuroField(
        label=_("Subvention demandée à l'Agglo (en euros)"),
        required=False,
        help_text=_("Elle compte dans les recettes."),
    )


class AttachForm(CleanForm):
    document = forms.TypedChoiceField(label=_("Document du coffre-fort"), coerce=int)

    def __init__(self, *args: Any, documents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [  # type: ignore[attr-defined]
            (
                d.pk,
                f"{d.kind.label} — {d.original_name}"
                + (f" (valable jusqu'au {d.valid_until:%d/%m/%Y})" if d.valid_until else ""),
            )
            for d in documents
        ]


class OnBehalfForm(CleanForm):
    kind = forms.ChoiceField(
        label=_("La personne dépose pour"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Nom de la personne ou du groupe"),
        max_length=200,
        required=False,
        help_text=_("Pour une association, choisissez-la plus bas."),
    )
    email = forms.EmailField(label=_("E-mail de la personne"), required=False)
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.only("insee", "name").order_by("name"),
        empty_label=_("— Choisissez une commune —"),
        required=False,
    )
    association: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Association"),
        queryset=None,
        required=False,
        empty_label=_("— Aucune —"),
    )
    offer = OfferField()
    title = forms.CharField(label=_("Titre du projet"), max_length=160)
    consent_method = forms.CharField(
        label=_("Comment la personne a-t-elle donné son accord ?"),
        max_length=200,
        help_text=_("Par exemple : accord oral à la permanence de la Maison citoyenne, formulaire signé."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].load_choices()  # type: ignore[attr-defined]
        from solidaires.associations.models import Association

        self.fields["association"].queryset = (  # type: ignore[attr-defined]
            Association.objects.verified().only("name").order_by("sort_name")
        )  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ApplicantKind.ASSOCIATION and not data.get("association"):
            self.add_error("association", _("Choisissez l'association."))
        if (
            data.get("kind") in (ApplicantKind.PERSON, ApplicantKind.GROUP)
            and not (data.get("name") or "").strip()
        ):
            self.add_error("name", _("Indiquez le nom de la personne ou du groupe."))
        return data
