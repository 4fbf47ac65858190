"""Every write on missions, volunteer offers and saved searches.

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (French).
State moves go through the django-fsm transitions of the models, called only from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from solidaires.core import audit, handover
from solidaires.core.caching import bump_data_version
from solidaires.core.handover import hash_code as handover_hash
from solidaires.core.models import Theme
from solidaires.core.search import sort_key
from solidaires.moderation import services as moderation
from solidaires.territory.models import Commune
from solidaires.volunteering.missions import schedule
from solidaires.volunteering.missions.indexing import mission_search_document
from solidaires.volunteering.missions.models import (
    ConsentMethod,
    Mission,
    MissionState,
    ScheduleKind,
)

MISSION_FIELDS = (
    "title",
    "description",
    "skills",
    "group_name",
    "place",
    "is_remote",
    "schedule_kind",
    "starts_at",
    "ends_at",
    "weekly_slots",
    "volunteers_wanted",
    "min_age",
    "parental_consent_below_18",
    "youth_friendly",
    "accessible_prm",
    "car_needed",
)
# Engagement states that take a place on a mission (the engagements helper's model).
TAKING_A_PLACE = ("active", "accepted")


# The anonymous /missions/ pages are cached under this data version (decision 0827).
MISSIONS_DATA_VERSION = "missions"


def _record(**kwargs: Any) -> None:
    """Audit the action; a change to a mission also makes the cached public lists stale: a new
    version of the "missions" data, now and on commit (solidaires.core.caching)."""
    audit.record(**kwargs)
    if str(kwargs.get("action", "")).startswith("mission."):
        bump_data_version(MISSIONS_DATA_VERSION)


def _require(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _move(obj: Any, method_name: str, message: str) -> None:
    """Call a django-fsm transition, or raise a French ValidationError for an illegal move."""
    method = getattr(obj, method_name)
    if not can_proceed(method):
        raise ValidationError(message, code="illegal_transition")
    try:
        method()
    except TransitionNotAllowed as exc:  # pragma: no cover - can_proceed said yes
        raise ValidationError(message, code="illegal_transition") from exc


def _value(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def mission_snapshot(mission: Mission) -> dict[str, Any]:
    data = {name: _value(getattr(mission, name)) for name in MISSION_FIELDS}
    data["state"] = mission.state
    data["hidden"] = mission.hidden_at is not None
    if mission.pk:
        data["themes"] = sorted(mission.themes.values_list("slug", flat=True))
        data["communes"] = sorted(mission.communes.values_list("insee", flat=True))
    return data


def refresh_mission_index(mission: Mission) -> None:
    organiser = (
        mission.association.name if mission.association_id and mission.association else mission.group_name
    )
    mission.search_document = mission_search_document(
        title=mission.title,
        organiser=organiser,
        skills=mission.skills,
        description=mission.description,
        commune_names=[c.name for c in mission.communes.all()],
        theme_labels=[t.label for t in mission.themes.all()],
    )
    mission.sort_title = sort_key(mission.title)
    Mission.objects.filter(pk=mission.pk).update(
        search_document=mission.search_document, sort_title=mission.sort_title
    )


def _themes(values: Iterable[Any]) -> list[Theme]:
    slugs = [v.pk if isinstance(v, Theme) else str(v) for v in values]
    found = list(Theme.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ValidationError({"themes": _("Un des thèmes choisis n'existe pas.")})
    return found


def _communes(values: Iterable[Any]) -> list[Commune]:
    codes = [v.pk if isinstance(v, Commune) else str(v) for v in values]
    found = list(Commune.objects.filter(insee__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"communes": _("Une des communes choisies est inconnue.")})
    return found


def _check_schedule(mission: Mission, *, now: datetime, check_past: bool) -> dict[str, Any]:
    """Errors on dates and slots (field name → French message)."""
    errors: dict[str, Any] = {}
    kind = mission.schedule_kind
    if kind == ScheduleKind.ONE_OFF:
        if mission.starts_at is None:
            errors["starts_at"] = _("Indiquez la date et l'heure de début.")
        elif check_past and mission.starts_at <= now:
            errors["starts_at"] = _("Cette date est passée : indiquez une date à venir.")
        mission.weekly_slots = []
    elif kind == ScheduleKind.RECURRING:
        slots = mission.weekly_slots or []
        if not slots:
            errors["weekly_slots"] = _("Indiquez au moins un créneau dans la semaine.")
        elif not all(isinstance(s, dict) and schedule.slot_is_valid(s) for s in slots):
            errors["weekly_slots"] = _("Un créneau est incomplet, ou finit avant de commencer.")
    else:
        mission.weekly_slots = []
    if mission.starts_at and mission.ends_at and mission.ends_at <= mission.starts_at:
        errors["ends_at"] = _("La fin doit être après le début.")
    elif check_past and mission.ends_at is not None and mission.ends_at <= now and "ends_at" not in errors:
        errors["ends_at"] = _("Cette date est passée : indiquez une date à venir.")
    return errors


def _check_location(mission: Mission, communes: list[Commune] | None) -> dict[str, Any]:
    has_communes = bool(communes) if communes is not None else mission.communes.exists()
    if not mission.is_remote and not has_communes and mission.place_id is None:
        return {"communes": _("Indiquez au moins une commune ou un lieu, ou cochez « à distance ».")}
    return {}


def _apply_mission(mission: Mission, data: dict[str, Any]) -> None:
    for name in MISSION_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(mission, name, value)


def _validate_mission(
    mission: Mission, data: dict[str, Any], *, check_past: bool, communes: list[Commune] | None
) -> None:
    errors: dict[str, Any] = {}
    try:
        mission.full_clean(exclude=["weekly_slots", "starts_at", "ends_at"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for key, message in _check_schedule(mission, now=timezone.now(), check_past=check_past).items():
        errors.setdefault(key, message)
    for key, message in _check_location(mission, communes).items():
        errors.setdefault(key, message)
    if "themes" in data and not data["themes"]:
        errors.setdefault("themes", _("Choisissez au moins un thème."))
    if errors:
        raise ValidationError(errors)


def _set_mission_relations(
    mission: Mission, themes: list[Theme] | None, communes: list[Commune] | None
) -> None:
    if themes is not None:
        mission.themes.set(themes)
    if communes is not None:
        all_communes = list(communes)
        place = mission.place if mission.place_id is not None else None
        if place is not None and place.commune_id not in {c.pk for c in all_communes}:
            all_communes.append(place.commune)
        mission.communes.set(all_communes)
    elif mission.place_id is not None and mission.place is not None:
        mission.communes.add(mission.place.commune)


@transaction.atomic
def mission_create(
    *,
    by: Any,
    data: dict[str, Any],
    association: Any = None,
    publish: bool = False,
) -> Mission:
    """A new mission (draft, or published at once) by a manager, an agent or an informal group."""
    if association is not None:
        _require("volunteering.post_for_association", by, association)
        data = {**data, "group_name": ""}
    else:
        _require("volunteering.add_mission", by)
        if (
            not rules.has_perm("volunteering.post_on_behalf", by)
            and not str(data.get("group_name", "")).strip()
        ):
            raise ValidationError(
                {"group_name": _("Indiquez le nom de votre collectif (ou choisissez votre association).")}
            )
    mission = Mission(association=association, posted_by=by, contact=by)
    return _create(mission=mission, by=by, data=data, publish=publish)


def _create(*, mission: Mission, by: Any, data: dict[str, Any], publish: bool) -> Mission:
    _apply_mission(mission, data)
    themes = _themes(data.get("themes", []))
    communes = _communes(data.get("communes", []))
    _validate_mission(mission, {"themes": themes, **data}, check_past=True, communes=communes)
    mission.save()
    _set_mission_relations(mission, themes, communes)
    refresh_mission_index(mission)
    _record(actor=by, action="mission.created", target=mission, after=mission_snapshot(mission))
    if publish:
        _publish(mission=mission, by=by)
    return mission


def make_handover_code() -> str:
    return handover.new_code(10, group=5)


@transaction.atomic
def mission_create_on_behalf(
    *,
    by: Any,
    data: dict[str, Any],
    on_behalf_name: str,
    consent_method: str,
    publish: bool = False,
) -> tuple[Mission, str]:
    """An agent posts for an inhabitant who is not online. Returns the mission and the one-time
    handover code to give to the inhabitant (only its hash is stored)."""
    _require("volunteering.post_on_behalf", by)
    errors: dict[str, Any] = {}
    name = on_behalf_name.strip()
    if not name:
        errors["on_behalf_name"] = _("Indiquez le prénom de la personne (le prénom seulement).")
    elif len(name) > 60 or " " in name.strip():
        errors["on_behalf_name"] = _("Le prénom seulement, sans nom de famille (60 caractères au plus).")
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = _("Indiquez comment la personne a donné son accord.")
    if errors:
        raise ValidationError(errors)
    code = make_handover_code()
    mission = Mission(
        posted_by=by,
        contact=by,
        on_behalf_name=name,
        consent_method=consent_method,
        consent_recorded_at=timezone.now(),
        handover_code_hash=handover_hash(code),
    )
    mission = _create(mission=mission, by=by, data={**data, "group_name": ""}, publish=publish)
    _record(
        actor=by,
        action="mission.consent_recorded",
        target=mission,
        after={"consent_method": consent_method, "on_behalf_name": name},
    )
    return mission, code


@transaction.atomic
def mission_take_over(*, code: str, by: Any) -> Mission:
    """The inhabitant, now with an account, takes over the mission an agent posted for them."""
    _require("volunteering.take_over_mission", by)
    digest = handover_hash(code)
    mission = (
        Mission.objects.select_for_update()
        .filter(handover_code_hash=digest)
        .exclude(handover_code_hash="")
        .first()
    )
    if mission is None or not code.strip():
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond à aucune mission. Vérifiez-le, ou demandez-en un nouveau à l'agent."
                )
            }
        )
    before = {"posted_by": mission.posted_by_id, "contact": mission.contact_id}
    mission.posted_by = by
    mission.contact = by
    mission.group_name = mission.on_behalf_name
    mission.handover_code_hash = ""
    mission.handed_over_at = timezone.now()
    mission.save(
        update_fields=[
            "posted_by",
            "contact",
            "group_name",
            "handover_code_hash",
            "handed_over_at",
            "updated_at",
        ]
    )
    _record(
        actor=by,
        action="mission.taken_over",
        target=mission,
        before=before,
        after={"posted_by": by.pk, "contact": by.pk},
    )
    return mission


@transaction.atomic
def mission_update(*, mission: Mission, by: Any, data: dict[str, Any]) -> Mission:
    _require("volunteering.change_mission", by, mission)
    if mission.state in (MissionState.CLOSED, MissionState.EXPIRED):
        raise ValidationError(_("Cette mission est terminée : elle ne peut plus être modifiée."))
    before = mission_snapshot(mission)
    old_start, old_end = mission.starts_at, mission.ends_at
    _apply_mission(mission, data)
    themes = _themes(data["themes"]) if "themes" in data else None
    communes = _communes(data["communes"]) if "communes" in data else None
    dates_changed = (mission.starts_at, mission.ends_at) != (old_start, old_end)
    _validate_mission(mission, data, check_past=dates_changed, communes=communes)
    mission.save()
    _set_mission_relations(mission, themes, communes)
    refresh_mission_index(mission)
    after = mission_snapshot(mission)
    _record(actor=by, action="mission.updated", target=mission, before=before, after=after)
    if before.get("volunteers_wanted") != after.get("volunteers_wanted"):
        mission_refresh_fullness(mission)
    return mission


def _publish(*, mission: Mission, by: Any) -> None:
    before = {"state": mission.state}
    errors = _check_schedule(mission, now=timezone.now(), check_past=True)
    if errors:
        raise ValidationError(errors)
    _move(mission, "publish", _("Seul un brouillon peut être publié."))
    mission.save(update_fields=["state", "published_at", "weekly_slots", "updated_at"])
    _record(
        actor=by, action="mission.published", target=mission, before=before, after={"state": mission.state}
    )


@transaction.atomic
def mission_publish(*, mission: Mission, by: Any) -> Mission:
    _require("volunteering.change_mission", by, mission)
    _publish(mission=mission, by=by)
    mission_refresh_fullness(mission)
    return mission


@transaction.atomic
def mission_close(*, mission: Mission, by: Any) -> Mission:
    _require("volunteering.change_mission", by, mission)
    before = {"state": mission.state}
    _move(mission, "close", _("Cette mission est déjà terminée."))
    mission.save(update_fields=["state", "closed_at", "updated_at"])
    _record(actor=by, action="mission.closed", target=mission, before=before, after={"state": mission.state})
    return mission


@transaction.atomic
def mission_expire(*, mission: Mission) -> Mission:
    """Background: a published or full mission whose end has passed (actor: the system)."""
    before = {"state": mission.state}
    _move(mission, "expire", _("Seule une mission publiée ou complète peut expirer."))
    mission.save(update_fields=["state", "closed_at", "updated_at"])
    _record(
        actor=None, action="mission.expired", target=mission, before=before, after={"state": mission.state}
    )
    return mission


def expire_due_missions(*, now: datetime | None = None) -> int:
    """Expire every published or full mission whose end is past. Idempotent; returns the count."""
    now = now or timezone.now()
    ids = list(
        Mission.objects.filter(
            state__in=[MissionState.PUBLISHED, MissionState.FULL], ends_at__isnull=False, ends_at__lt=now
        ).values_list("pk", flat=True)
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            mission = Mission.objects.select_for_update().filter(pk=pk).first()
            if mission is None or mission.state not in (MissionState.PUBLISHED, MissionState.FULL):
                continue
            mission_expire(mission=mission)
            done += 1
    return done


def places_taken(mission: Mission) -> int:
    """Active engagements on the mission (0 until the engagements model exists)."""
    if not hasattr(mission, "engagements"):
        return 0
    return int(mission.engagements.filter(state__in=TAKING_A_PLACE).count())


@transaction.atomic
def mission_refresh_fullness(mission: Mission) -> Mission:
    """Full when the active engagements reach ``volunteers_wanted``; published again when a
    place frees up. Called by the engagements services after every accept / withdraw / end."""
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    taken = places_taken(locked)
    before = {"state": locked.state}
    if locked.state == MissionState.PUBLISHED and taken >= locked.volunteers_wanted:
        locked.mark_full()
        action = "mission.full"
    elif locked.state == MissionState.FULL and taken < locked.volunteers_wanted:
        locked.reopen()
        action = "mission.reopened"
    else:
        return locked
    locked.save(update_fields=["state", "updated_at"])
    _record(actor=None, action=action, target=locked, before=before, after={"state": locked.state})
    mission.state = locked.state
    return locked


MAX_HIDDEN_REASON = 1000


def mission_hide(*, mission: Mission, by: Any, reason: str) -> Mission:
    """Hide a mission from the public lists: the platform's moderation service (decision 0828)
    records the ModerationAction, resolves every open report about it, e-mails the poster and
    makes the cached lists stale."""
    if len((reason or "").strip()) > MAX_HIDDEN_REASON:
        raise ValidationError({"reason": _("1 000 caractères au plus.")})
    moderation.content_hide(target=mission, by=by, reason=reason)
    return mission


def mission_unhide(*, mission: Mission, by: Any, reason: str = "") -> Mission:
    """Put a hidden mission back (the platform's moderation service, decision 0828)."""
    moderation.content_unhide(target=mission, by=by, reason=reason)
    return mission
