"""Every write on volunteer offers ("Je propose mon aide")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.core.search import sort_key
from solidaires.volunteering.missions.indexing import offer_search_document
from solidaires.volunteering.missions.models import (
    DayPart,
    OfferState,
    VolunteerOffer,
)
from solidaires.volunteering.missions.services.missions import (
    _communes,
    _move,
    _record,
    _require,
    _themes,
    _value,
)

OFFER_FIELDS = (
    "title",
    "description",
    "skills",
    "weekdays",
    "day_parts",
    "home_commune",
    "is_remote_ok",
    "expires_at",
)
OFFER_MAX_DAYS = 366


def offer_snapshot(offer: VolunteerOffer) -> dict[str, Any]:
    data = {name: _value(getattr(offer, name)) for name in OFFER_FIELDS}
    data["state"] = offer.state
    return data


def refresh_offer_index(offer: VolunteerOffer) -> None:
    offer.search_document = offer_search_document(
        title=offer.title,
        skills=offer.skills,
        description=offer.description,
        commune_names=[offer.home_commune.name, *(c.name for c in offer.communes.all())],
        theme_labels=[t.label for t in offer.themes.all()],
    )
    offer.sort_title = sort_key(offer.title)
    VolunteerOffer.objects.filter(pk=offer.pk).update(
        search_document=offer.search_document, sort_title=offer.sort_title
    )


def _validate_offer(offer: VolunteerOffer, data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    try:
        offer.full_clean(exclude=["person"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    today = timezone.localdate()
    if offer.expires_at is not None and "expires_at" not in errors:
        if offer.expires_at < today:
            errors["expires_at"] = _("Cette date est passée : indiquez une date à venir.")
        elif offer.expires_at > today + timedelta(days=OFFER_MAX_DAYS):
            errors["expires_at"] = _("Un an au plus : vous pourrez la prolonger ensuite.")
    if not all(isinstance(d, int) and 0 <= d <= 6 for d in offer.weekdays or []):
        errors["weekdays"] = _("Jour inconnu.")
    if not all(p in DayPart.values for p in offer.day_parts or []):
        errors["day_parts"] = _("Moment de la journée inconnu.")
    if "themes" in data and not data["themes"]:
        errors.setdefault("themes", _("Choisissez au moins un thème."))
    if errors:
        raise ValidationError(errors)


def _apply_offer(offer: VolunteerOffer, data: dict[str, Any]) -> None:
    for name in OFFER_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(offer, name, value)


@transaction.atomic
def offer_create(*, by: Any, data: dict[str, Any]) -> VolunteerOffer:
    _require("volunteering.add_offer", by)
    offer = VolunteerOffer(person=by)
    _apply_offer(offer, data)
    themes = _themes(data.get("themes", []))
    communes = _communes(data.get("communes", []))
    _validate_offer(offer, {"themes": themes, **data})
    offer.save()
    offer.themes.set(themes)
    offer.communes.set(communes)
    refresh_offer_index(offer)
    _record(actor=by, action="offer.created", target=offer, after=offer_snapshot(offer))
    return offer


@transaction.atomic
def offer_update(*, offer: VolunteerOffer, by: Any, data: dict[str, Any]) -> VolunteerOffer:
    _require("volunteering.change_offer", by, offer)
    if offer.state == OfferState.CLOSED:
        raise ValidationError(_("Cette proposition est retirée : publiez-en une nouvelle."))
    before = offer_snapshot(offer)
    _apply_offer(offer, data)
    themes = _themes(data["themes"]) if "themes" in data else None
    communes = _communes(data["communes"]) if "communes" in data else None
    _validate_offer(offer, data)
    offer.save()
    if themes is not None:
        offer.themes.set(themes)
    if communes is not None:
        offer.communes.set(communes)
    refresh_offer_index(offer)
    _record(actor=by, action="offer.updated", target=offer, before=before, after=offer_snapshot(offer))
    return offer


_OFFER_MOVES = {
    "pause": ("offer.paused", "Seule une proposition visible peut être mise en pause."),
    "resume": ("offer.resumed", "Seule une proposition en pause peut être remise en ligne."),
    "close": ("offer.closed", "Cette proposition est déjà retirée."),
}


@transaction.atomic
def offer_transition(*, offer: VolunteerOffer, by: Any, move: str) -> VolunteerOffer:
    """``move`` is "pause", "resume" or "close"."""
    _require("volunteering.change_offer", by, offer)
    if move not in _OFFER_MOVES:
        raise ValidationError(_("Action inconnue."))
    action, message = _OFFER_MOVES[move]
    before = {"state": offer.state}
    _move(offer, move, _(message))
    offer.save(update_fields=["state", "updated_at"])
    _record(actor=by, action=action, target=offer, before=before, after={"state": offer.state})
    return offer
