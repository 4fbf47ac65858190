"""Forms of a mission (posting, on behalf, taking over, hiding): they parse and show errors in
French; the rules live in the models and the services."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.associations.models import Association, MembershipRole
from solidaires.core.forms import CleanForm
from solidaires.territory.models import Place, PlaceStatus
from solidaires.volunteering.missions.forms.fields import (
    AGGLO,
    GROUP,
    SLOTS,
    WEEKDAY_CHOICES,
    PlaceField,
    _aware,
    _communes_field,
    _date_field,
    _max_length_message,
    _themes_field,
    _time_field,
)
from solidaires.volunteering.missions.models import (
    DESCRIPTION_MAX,
    SKILLS_MAX,
    TITLE_MAX,
    ConsentMethod,
    Mission,
    ScheduleKind,
)


class MissionForm(CleanForm):
    organiser = forms.ChoiceField(
        label=_("Qui propose la mission ?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez qui propose la mission."),
            "invalid_choice": _("Vous ne pouvez pas publier au nom de cette association."),
        },
    )
    group_name = forms.CharField(
        label=_("Nom de votre collectif"),
        required=False,
        max_length=200,
        help_text=_(
            "Par exemple « Les voisins de la rue Bouffier ». Seulement si vous publiez sans association."
        ),
    )
    title = forms.CharField(
        label=_("Titre de la mission"),
        max_length=TITLE_MAX,
        help_text=_(
            "Ce que les bénévoles vont faire, en quelques mots : « Distribuer des colis alimentaires »."
        ),
        error_messages={
            "required": _("Indiquez un titre."),
            "max_length": _max_length_message(TITLE_MAX),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ce qu'il y a à faire, avec qui, comment se passe l'accueil. Pas de données personnelles."
        ),
        error_messages={
            "required": _("Décrivez la mission en quelques phrases."),
            "max_length": _max_length_message(DESCRIPTION_MAX),
        },
    )
    skills = forms.CharField(
        label=_("Compétences utiles"),
        required=False,
        max_length=SKILLS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Aucune compétence n'est requise ? Dites-le !"),
        error_messages={"max_length": _max_length_message(SKILLS_MAX)},
    )
    themes = _themes_field()
    communes = _communes_field(
        _("Communes où se passe la mission"),
        _("Cochez une ou plusieurs communes. La commune du lieu choisi est ajoutée d'office."),
    )
    place = PlaceField(
        label=_("Lieu"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("— Aucun lieu précis —"),
        error_messages={"invalid_choice": _("Ce lieu est inconnu : choisissez-le dans la liste.")},
    )
    is_remote = forms.BooleanField(label=_("La mission peut se faire à distance"), required=False)
    schedule_kind = forms.ChoiceField(
        label=_("Quand ?"),
        choices=ScheduleKind.choices,
        widget=forms.RadioSelect,
        initial=ScheduleKind.ONE_OFF,
        error_messages={"required": _("Choisissez quand se passe la mission.")},
    )
    start_date = _date_field(
        _("Date"), _("Pour une date précise : le jour. Chaque semaine : à partir de quand.")
    )
    start_time = _time_field(_("Heure de début"), _("Pour une date précise."))
    end_date = _date_field(
        _("Date de fin"), _("Si la mission dure plusieurs jours, ou jusqu'à quand elle court.")
    )
    end_time = _time_field(_("Heure de fin"))
    volunteers_wanted = forms.IntegerField(
        label=_("Nombre de bénévoles recherchés"),
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={
            "required": _("Indiquez combien de bénévoles vous cherchez."),
            "min_value": _("Indiquez au moins un bénévole."),
            "max_value": _("500 bénévoles au plus."),
            "invalid": _("Indiquez un nombre, par exemple 3."),
        },
    )
    min_age = forms.IntegerField(
        label=_("Âge minimum"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Par exemple 16. Laissez vide s'il n'y a pas d'âge minimum."),
        error_messages={
            "min_value": _("Indiquez un âge entre 1 et 99 ans."),
            "max_value": _("Indiquez un âge entre 1 et 99 ans."),
            "invalid": _("Indiquez un âge en années, par exemple 16."),
        },
    )
    parental_consent_below_18 = forms.BooleanField(
        label=_("Ouverte aux mineurs avec l'accord d'un parent"), required=False
    )
    youth_friendly = forms.BooleanField(label=_("Adaptée aux jeunes"), required=False)
    accessible_prm = forms.BooleanField(
        label=_("Accessible aux personnes à mobilité réduite"), required=False
    )
    car_needed = forms.BooleanField(label=_("Une voiture est nécessaire"), required=False)

    def __init__(self, *args: Any, user: Any, mission: Mission | None = None, **kwargs: Any) -> None:
        if mission is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_mission(mission)
        super().__init__(*args, **kwargs)
        self.user = user
        self.mission = mission
        for i in range(1, SLOTS + 1):
            self.fields[f"slot{i}_day"] = forms.ChoiceField(
                label=_("Jour du créneau %(n)s") % {"n": i},
                required=False,
                choices=[("", _("— Jour —")), *WEEKDAY_CHOICES],
                error_messages={"invalid_choice": _("Jour inconnu.")},
            )
            self.fields[f"slot{i}_start"] = _time_field(_("Début du créneau %(n)s") % {"n": i})
            self.fields[f"slot{i}_end"] = _time_field(_("Fin du créneau %(n)s") % {"n": i})
        place: Any = self.fields["place"]
        place.queryset = (
            Place.objects.filter(status=PlaceStatus.VERIFIED).select_related("commune").order_by("sort_name")
        )
        organiser: Any = self.fields["organiser"]
        if mission is not None:
            # The organiser does not change after creation.
            del self.fields["organiser"]
            if mission.association_id or mission.on_behalf_name:
                del self.fields["group_name"]
        else:
            organiser.choices = self.organiser_choices(user)
            if len(organiser.choices) == 1:
                organiser.initial = organiser.choices[0][0]

    @staticmethod
    def organiser_choices(user: Any) -> list[tuple[str, str]]:
        choices: list[tuple[str, str]] = []
        managed = Association.objects.filter(
            memberships__user=user, memberships__role=MembershipRole.MANAGER
        ).order_by("sort_name")
        for association in managed.only("pk", "name"):
            choices.append((str(association.pk), str(association.name)))
        if getattr(user, "is_agent", False):
            choices.append((AGGLO, str(_("L'Agglo (service des agents)"))))
        choices.append((GROUP, str(_("Un collectif d'habitants, sans association"))))
        return choices

    @property
    def slot_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"slot{i}_day"], self[f"slot{i}_start"], self[f"slot{i}_end"]) for i in range(1, SLOTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("schedule_kind")
        start_date, start_time = data.get("start_date"), data.get("start_time")
        end_date, end_time = data.get("end_date"), data.get("end_time")
        starts_at = ends_at = None
        if kind == ScheduleKind.ONE_OFF:
            if start_date is None and "start_date" not in self.errors:
                self.add_error("start_date", _("Indiquez le jour de la mission."))
            if start_time is None and "start_time" not in self.errors:
                self.add_error("start_time", _("Indiquez l'heure de début."))
            if start_date and start_time:
                starts_at = _aware(start_date, start_time)
                if end_time or end_date:
                    ends_at = _aware(end_date or start_date, end_time or time(23, 59))
        elif kind in (ScheduleKind.RECURRING, ScheduleKind.FLEXIBLE):
            if start_date and kind == ScheduleKind.RECURRING:
                starts_at = _aware(start_date, time.min)
            if end_date:
                ends_at = _aware(end_date, time(23, 59))
        now = timezone.now()
        if starts_at and starts_at <= now and self._dates_changed(starts_at, ends_at):
            self.add_error("start_date", _("Cette date est passée : indiquez une date à venir."))
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error(
                "end_date" if end_date else "end_time",
                _(
                    "La fin doit être après le début (si la mission finit le lendemain, indiquez la date de fin)."
                ),
            )
        elif (
            ends_at
            and ends_at <= now
            and "start_date" not in self.errors
            and self._dates_changed(starts_at, ends_at)
        ):
            self.add_error(
                "end_date" if end_date else "end_time",
                _("Cette date est passée : indiquez une date à venir."),
            )
        slots: list[dict[str, Any]] = []
        for i in range(1, SLOTS + 1):
            day, start, end = data.get(f"slot{i}_day"), data.get(f"slot{i}_start"), data.get(f"slot{i}_end")
            if not day and not start and not end:
                continue
            if not day or start is None or end is None:
                self.add_error(f"slot{i}_day", _("Indiquez le jour, l'heure de début et l'heure de fin."))
                continue
            if end <= start:
                self.add_error(f"slot{i}_end", _("La fin du créneau doit être après son début."))
                continue
            slots.append(
                {"weekday": int(day), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
            )
        if (
            kind == ScheduleKind.RECURRING
            and not slots
            and not any(k.startswith("slot") for k in self.errors)
        ):
            self.add_error("slot1_day", _("Indiquez au moins un créneau dans la semaine."))
        if (
            not data.get("is_remote")
            and not data.get("communes")
            and not data.get("place")
            and "communes" not in self.errors
        ):
            self.add_error(
                "communes", _("Cochez au moins une commune, choisissez un lieu, ou cochez « à distance ».")
            )
        if (
            "organiser" in self.fields
            and data.get("organiser") == GROUP
            and not data.get("group_name", "").strip()
        ):
            self.add_error("group_name", _("Indiquez le nom de votre collectif."))
        data["starts_at"], data["ends_at"], data["weekly_slots"] = starts_at, ends_at, slots
        return data

    def _dates_changed(self, starts_at: datetime | None, ends_at: datetime | None) -> bool:
        if self.mission is None:
            return True
        return (starts_at, ends_at) != (self.mission.starts_at, self.mission.ends_at)

    def association(self) -> Association | None:
        value = self.cleaned_data.get("organiser", "")
        if value in ("", AGGLO, GROUP, None):
            return None
        return Association.objects.filter(pk=int(value)).first()

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, Any] = {
            name: data.get(name)
            for name in (
                "title",
                "description",
                "skills",
                "place",
                "schedule_kind",
                "starts_at",
                "ends_at",
                "weekly_slots",
                "volunteers_wanted",
                "min_age",
            )
        }
        for name in (
            "is_remote",
            "parental_consent_below_18",
            "youth_friendly",
            "accessible_prm",
            "car_needed",
        ):
            result[name] = bool(data.get(name))
        result["themes"] = list(data.get("themes") or [])
        result["communes"] = list(data.get("communes") or [])
        if "group_name" in self.fields:
            organiser = data.get("organiser", GROUP) if "organiser" in self.fields else GROUP
            result["group_name"] = data.get("group_name", "") if organiser == GROUP else ""
        result["skills"] = result["skills"] or ""
        return result


def initial_from_mission(mission: Mission) -> dict[str, Any]:
    local_start = timezone.localtime(mission.starts_at) if mission.starts_at else None
    local_end = timezone.localtime(mission.ends_at) if mission.ends_at else None
    initial: dict[str, Any] = {
        "group_name": mission.group_name,
        "title": mission.title,
        "description": mission.description,
        "skills": mission.skills,
        "themes": list(mission.themes.all()),
        "communes": list(mission.communes.all()),
        "place": mission.place_id,
        "is_remote": mission.is_remote,
        "schedule_kind": mission.schedule_kind,
        "start_date": local_start.date() if local_start else None,
        "start_time": local_start.time()
        if local_start and mission.schedule_kind == ScheduleKind.ONE_OFF
        else None,
        "end_date": local_end.date() if local_end else None,
        "end_time": local_end.time() if local_end and mission.schedule_kind == ScheduleKind.ONE_OFF else None,
        "volunteers_wanted": mission.volunteers_wanted,
        "min_age": mission.min_age,
        "parental_consent_below_18": mission.parental_consent_below_18,
        "youth_friendly": mission.youth_friendly,
        "accessible_prm": mission.accessible_prm,
        "car_needed": mission.car_needed,
    }
    for i, slot in enumerate(mission.weekly_slots or [], start=1):
        if i > SLOTS:
            break
        initial[f"slot{i}_day"] = str(slot.get("weekday", ""))
        initial[f"slot{i}_start"] = slot.get("start", "")
        initial[f"slot{i}_end"] = slot.get("end", "")
    return initial


class OnBehalfForm(CleanForm):
    on_behalf_name = forms.CharField(
        label=_("Prénom de la personne"),
        max_length=60,
        help_text=_("Le prénom seulement : il sera affiché sur la mission."),
        error_messages={
            "required": _("Indiquez le prénom de la personne."),
            "max_length": _max_length_message(60),
        },
    )
    consent_method = forms.ChoiceField(
        label=_("Comment la personne a-t-elle donné son accord ?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez comment la personne a donné son accord.")},
    )
    consent_confirmed = forms.BooleanField(
        label=_(
            "La personne est d'accord pour que je publie cette mission pour elle et que les réponses me parviennent."
        ),
        error_messages={"required": _("Cochez cette case : sans l'accord de la personne, ne publiez pas.")},
    )

    def clean_on_behalf_name(self) -> str:
        name = str(self.cleaned_data["on_behalf_name"]).strip()
        if " " in name:
            raise ValidationError(_("Le prénom seulement, sans nom de famille."))
        return name


class TakeOverForm(CleanForm):
    code = forms.CharField(
        label=_("Code remis par l'agent"),
        max_length=20,
        help_text=_("Dix lettres et chiffres, par exemple ABCDE-23456."),
        error_messages={"required": _("Indiquez le code remis par l'agent.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class ReasonForm(CleanForm):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Expliquez le motif."), "max_length": _max_length_message(1000)},
    )

    def __init__(self, *args: Any, label: str = "", help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text
