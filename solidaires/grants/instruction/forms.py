"""Forms of the instruction side (French labels and errors; nothing typed is lost on error)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from solidaires.core.forms import CleanForm
from solidaires.grants.applications.budget import parse_euros
from solidaires.grants.applications.models import ApplicationState, DocumentKind, Scheme
from solidaires.grants.instruction.models import CommitteeSession, DecisionOutcome

MAX_PHOTOS = 6
MAX_PHOTO_SIZE = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InboxFilterForm(CleanForm):
    scheme = forms.ChoiceField(label="Dispositif", required=False)
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label="État", required=False)
    commune = forms.ChoiceField(label="Commune", required=False)
    assigned = forms.ChoiceField(
        label="Suivi",
        required=False,
        choices=[("", "Tous les dossiers"), ("me", "Mes dossiers"), ("none", "Sans agent référent")],
    )
    older_than = forms.IntegerField(
        label="Déposés depuis plus de (jours)", required=False, min_value=1, max_value=3650
    )

    def __init__(self, *args: Any, communes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "scheme").choices = [("", "Tous les dispositifs")] + [
            (s.code, s.name) for s in Scheme.objects.order_by("position", "name")
        ]
        _choice(self, "state").choices = [
            ("", "À traiter par un agent"),
            ("open", "En cours (y compris en attente du porteur)"),
            ("all", "Tous les états"),
        ] + [
            (value, label)
            for value, label in ApplicationState.choices
            if value not in {ApplicationState.DRAFT, ApplicationState.WITHDRAWN}
        ]
        _choice(self, "commune").choices = [("", "Toutes les communes"), *(communes or [])]


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AssignForm(CleanForm):
    agent = AgentChoiceField(
        label="Agent référent", queryset=None, required=False, empty_label="Personne (retirer le référent)"
    )

    def __init__(self, *args: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]


class BulkAssignForm(AssignForm):
    applications = forms.TypedMultipleChoiceField(label="Dossiers", coerce=int, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.data.getlist("applications") if hasattr(self.data, "getlist") else []
        _choice(self, "applications").choices = [(v, v) for v in data]
        self.fields["applications"].error_messages["required"] = "Cochez au moins un dossier."


class NoteForm(CleanForm):
    body = forms.CharField(
        label="Note interne",
        help_text="Visible des seuls agents : jamais montrée au porteur de projet.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Écrivez la note avant de l'enregistrer."},
    )


class PieceRequestForm(CleanForm):
    message = forms.CharField(
        label="Ce qui manque",
        help_text="Écrivez simplement : le porteur de projet reçoit ce texte par e-mail.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Dites au porteur de projet ce qui manque."},
    )
    document_kinds = forms.ModelMultipleChoiceField(
        label="Pièces demandées",
        queryset=DocumentKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(
        label="À fournir avant le",
        widget=DateInput(),
        error_messages={"required": "Choisissez une date.", "invalid": "Saisissez une date valide."},
    )

    def clean_due_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["due_on"]
        if value <= timezone.localdate():
            raise ValidationError("Choisissez une date après aujourd'hui.")
        return value


class ReasonForm(CleanForm):
    reason = forms.CharField(
        label="Motif",
        help_text="Il est envoyé au porteur de projet : écrivez-le simplement.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Indiquez le motif."},
    )


class AnswerForm(CleanForm):
    answer = forms.CharField(
        label="Votre réponse",
        help_text="Dites ce que vous avez ajouté (les pièces se déposent dans votre coffre-fort de documents).",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class SendToCommitteeForm(CleanForm):
    session = forms.ModelChoiceField(
        label="Séance du comité",
        queryset=CommitteeSession.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choisissez une séance.",
            "invalid_choice": "Choisissez une séance de la liste.",
        },
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        role = "élu·e" if getattr(obj, "is_elected", False) else "agent"
        return f"{obj} ({role})"


class SessionForm(CleanForm):
    scheme = forms.ModelChoiceField(
        label="Dispositif",
        queryset=Scheme.objects.all(),
        error_messages={"required": "Choisissez le dispositif."},
    )
    name = forms.CharField(label="Nom de la séance", max_length=160, required=False, help_text="Facultatif.")
    meets_on = forms.DateField(
        label="Date du comité",
        widget=DateInput(),
        error_messages={"required": "Choisissez la date.", "invalid": "Saisissez une date valide."},
    )
    year = forms.IntegerField(
        label="Année de l'enveloppe",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Indiquez l'année de l'enveloppe."},
    )
    members = MemberChoiceField(
        label="Membres du comité",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un membre."},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates  # type: ignore[attr-defined]


SCORE_CHOICES = [(str(i), str(i)) for i in range(6)]


class ScoreForm(CleanForm):
    """One 0–5 radio group per criterion of the scheme's grid."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c_{criterion.key}"] = forms.TypedChoiceField(
                label=f"{criterion.label} (poids {criterion.weight})",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Donnez une note entre 0 et 5."},
            )

    def values(self) -> dict[str, int]:
        return {name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("c_")}


class ConflictForm(CleanForm):
    note = forms.CharField(
        label="Nature du lien",
        max_length=300,
        required=False,
        help_text="Par exemple : membre du bureau de l'association.",
    )
    confirm = forms.BooleanField(
        label="Je déclare un lien avec ce dossier : je ne le noterai pas.",
        error_messages={"required": "Cochez la case pour confirmer."},
    )


class DecisionForm(CleanForm):
    outcome = forms.ChoiceField(
        label="Décision",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une décision."},
    )
    amount = forms.CharField(
        label="Montant accordé (en cas d'accord partiel)",
        required=False,
        help_text="En euros, par exemple 2 500 ou 2 500,50.",
        max_length=20,
    )
    reason = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text="Obligatoire pour un refus ou un accord partiel : il figure dans le courrier.",
    )

    def clean_amount(self) -> int | None:
        raw = self.cleaned_data.get("amount") or ""
        if not raw.strip():
            return None
        cents = parse_euros(raw)
        if cents is None:
            raise ValidationError("Saisissez un montant en euros, par exemple 2 500 ou 2 500,50.")
        return cents


class PaidForm(CleanForm):
    paid_on = forms.DateField(
        label="Versé le",
        widget=DateInput(),
        error_messages={
            "required": "Indiquez la date du versement.",
            "invalid": "Saisissez une date valide.",
        },
    )

    def clean_paid_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise ValidationError("La date de versement ne peut pas être dans le futur.")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


def check_photo(upload: UploadedFile) -> None:
    """A real JPEG or PNG image (opened and verified with Pillow), at most 5 MB."""
    from PIL import Image, UnidentifiedImageError

    if upload.size and upload.size > MAX_PHOTO_SIZE:
        raise ValidationError(f"« {upload.name} » dépasse 5 Mo : réduisez la photo.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(f"« {upload.name} » n'est pas une photo JPEG ou PNG lisible.") from exc
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(f"« {upload.name} » n'est pas une photo JPEG ou PNG.")
    upload.seek(0)


class FinalReportForm(CleanForm):
    lines = forms.CharField(
        label="Dépenses réalisées",
        help_text="Une ligne par dépense : le libellé, un point-virgule, le montant en euros. "
        "Par exemple : Location de la salle ; 300",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Indiquez au moins une dépense réalisée."},
    )
    participants = forms.IntegerField(
        label="Nombre de participants",
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "required": "Indiquez combien de personnes ont participé.",
            "invalid": "Saisissez un nombre.",
        },
    )
    outcomes = forms.CharField(
        label="Ce que le projet a permis",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Racontez en quelques lignes ce que le projet a permis."},
    )
    photos = MultiplePhotoField(
        label="Photos",
        required=False,
        help_text="Jusqu'à 6 photos JPEG ou PNG, 5 Mo chacune. Ne montrez des personnes qu'avec leur accord.",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def clean_lines(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not raw.strip():
                continue
            label, sep, amount = raw.rpartition(";")
            cents = parse_euros(amount) if sep else None
            if not sep or not label.strip() or cents is None:
                raise ValidationError(
                    f"Ligne {number} : écrivez le libellé, un point-virgule, puis le montant (par exemple : Affiches ; 120)."
                )
            rows.append({"label": label.strip()[:160], "amount_cents": cents})
        if not rows:
            raise ValidationError("Indiquez au moins une dépense réalisée.")
        return rows

    def clean_photos(self) -> list[UploadedFile]:
        photos: list[UploadedFile] = self.cleaned_data.get("photos") or []
        if len(photos) > MAX_PHOTOS:
            raise ValidationError("Six photos au plus.")
        for photo in photos:
            check_photo(photo)
        return photos


class FundedFilterForm(CleanForm):
    scheme = forms.ChoiceField(label="Dispositif", required=False)
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    commune = forms.ChoiceField(label="Commune", required=False)

    def __init__(self, *args: Any, communes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "scheme").choices = [("", "Tous les dispositifs")] + [
            (s.code, s.name) for s in Scheme.objects.order_by("position", "name")
        ]
        _choice(self, "commune").choices = [("", "Toutes les communes"), *(communes or [])]
