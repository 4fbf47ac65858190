"""Every write on events, registrations, attendance and café sign-up attribution.

Keyword-only arguments, one transaction, ``full_clean()``, an audit entry for each state
change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (in French).
Places are taken under ``select_for_update()`` on the event row, so two people asking for the
last place at the same moment get one place and one waiting-list position (decision 0901).
"""

from __future__ import annotations

import secrets
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.associations.models import Association
from solidaires.core import audit
from solidaires.core.search import document
from solidaires.core.slugs import french_slugify
from solidaires.events.organisers import managed_association_ids

from .models import (
    ACTIVE_REGISTRATION_STATES,
    CafeSignup,
    Event,
    EventCategory,
    EventState,
    Registration,
    RegistrationState,
)
from .tasks import notify_event_cancelled, notify_organisers_of_cancellation, notify_registration_promoted

# Plain fields organisers set through event_create / event_update.
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "place",
    "commune",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_open",
    "registration_deadline",
    "accessibility",
    "audience",
    "is_free",
    "price_note",
)
SIGNUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed


def _require(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _snapshot(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in (*EDITABLE_FIELDS, "state"):
        value = getattr(event, f"{name}_id" if name in ("place", "commune") else name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def build_search_document(event: Event, organiser_names: list[str]) -> str:
    place = event.place
    return document(
        event.title,
        event.get_category_display(),
        place.name if place is not None else "",
        event.commune.name if event.commune is not None else "",
        " ".join(organiser_names),
        event.description,
    )


def new_signup_code() -> str:
    while True:
        code = "".join(secrets.choice(SIGNUP_CODE_ALPHABET) for _ in range(6))
        if not Event.objects.filter(signup_code=code).exists():
            return code


def _organiser(by: Any, association: Association | None) -> Association | None:
    """The organising association; agents may organise for the Agglo (no association)."""
    is_agent = bool(getattr(by, "is_agent", False) or getattr(by, "is_superuser", False))
    if association is None:
        if not is_agent:
            raise ValidationError({"association": _("Choisissez l'association qui organise l'événement.")})
        return None
    if not is_agent and association.pk not in managed_association_ids(by):
        raise PermissionDenied
    return association


def _apply(event: Event, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(event, name, value)
    # The commune is derived from the place when there is one.
    if event.place is not None:
        event.commune = event.place.commune
    if event.category == EventCategory.CAFE_BENEVOLAT and not event.signup_code:
        event.signup_code = new_signup_code()


def _refresh_search(event: Event) -> None:
    names = list(event.organiser_associations.values_list("name", flat=True))
    if event.organised_by_agglo:
        names.append("Agglo")
    event.search_document = build_search_document(event, names)
    Event.objects.filter(pk=event.pk).update(search_document=event.search_document)


@transaction.atomic
def event_create(*, by: Any, data: dict[str, Any], association: Association | None = None) -> Event:
    """An association manager (for their association) or an agent (for the Agglo) drafts an event."""
    _require("events.add_event", by)
    organiser = _organiser(by, association)
    event = Event(created_by=by, organised_by_agglo=organiser is None, state=EventState.DRAFT)
    _apply(event, data)
    event.slug = french_slugify(event.title)[:200] or "evenement"
    event.full_clean()
    event.save()
    if organiser is not None:
        event.organiser_associations.add(organiser)
    _refresh_search(event)
    audit.record(actor=by, action="event.created", target=event, after=_snapshot(event))
    return event


def promote_waiting_list(event: Event, *, by: Any) -> list[Registration]:
    """Give free places to the waiting list, first come first served. Caller holds the event lock."""
    if event.capacity is None:
        free = None
    else:
        confirmed = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
        free = event.capacity - confirmed
        if free <= 0:
            return []
    if event.is_past or not event.is_published:
        return []
    waiting = event.registrations.filter(state=RegistrationState.WAITING).order_by("waiting_since", "id")
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    for registration in waiting:
        registration.promote()
        registration.save(update_fields=["state", "promoted_at", "updated_at"])
        audit.record(
            actor=by,
            action="registration.promoted",
            target=registration,
            before={"state": RegistrationState.WAITING},
            after={"state": RegistrationState.CONFIRMED},
        )
        pk = registration.pk
        transaction.on_commit(lambda pk=pk: notify_registration_promoted.enqueue(pk))  # type: ignore[misc]
        promoted.append(registration)
    return promoted


@transaction.atomic
def event_update(*, event: Event, by: Any, data: dict[str, Any]) -> Event:
    """Organisers edit an event. More places promote people from the waiting list."""
    _require("events.change_event", by, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = _snapshot(event)
    _apply(event, data)
    event.full_clean(exclude=["created_by"])  # the author's account may have been erased
    event.save()
    _refresh_search(event)
    promote_waiting_list(event, by=by)
    audit.record(actor=by, action="event.updated", target=event, before=before, after=_snapshot(event))
    return event


def _illegal(event_or_registration: Any, what: str) -> ValidationError:
    return ValidationError(
        _("Impossible de %(what)s : l'élément est « %(state)s ».")
        % {"what": what, "state": event_or_registration.get_state_display()},
        code="illegal_transition",
    )


@transaction.atomic
def event_publish(*, event: Event, by: Any) -> Event:
    _require("events.change_event", by, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not can_proceed(event.publish):
        raise _illegal(event, _("publier cet événement"))
    if event.is_past:
        raise ValidationError(_("Cet événement est déjà passé : modifiez ses dates avant de le publier."))
    before = event.state
    event.publish()
    event.full_clean(exclude=["created_by"])
    event.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(
        actor=by,
        action="event.published",
        target=event,
        before={"state": before},
        after={"state": event.state},
    )
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: Any, reason: str = "") -> Event:
    """The organiser cancels: everyone registered or waiting is told by e-mail."""
    _require("events.change_event", by, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not can_proceed(event.cancel):
        raise _illegal(event, _("annuler cet événement"))
    before = event.state
    event.cancel(reason=reason.strip())
    event.save(update_fields=["state", "cancelled_at", "cancelled_reason", "updated_at"])
    audit.record(
        actor=by,
        action="event.cancelled",
        target=event,
        before={"state": before},
        after={"state": event.state, "reason": event.cancelled_reason},
    )
    if before == EventState.PUBLISHED:
        pk = event.pk
        transaction.on_commit(lambda: notify_event_cancelled.enqueue(pk))
    return event


def registration_refusal(event: Event, *, now: Any = None) -> str | None:
    """Why nobody may register now (French), or None. Shared by the page and the service."""
    now = now or timezone.now()
    if event.state != EventState.PUBLISHED:
        return (
            _("Cet événement n'accepte pas d'inscriptions.")
            if not event.is_cancelled
            else _("Cet événement est annulé.")
        )
    if event.ends_at < now:
        return _("Cet événement est terminé.")
    if not event.registration_open:
        return _("Les inscriptions en ligne ne sont pas ouvertes pour cet événement.")
    if event.registration_deadline is not None and event.registration_deadline < now:
        return _("La date limite d'inscription est passée.")
    if event.starts_at < now:
        return _("Cet événement a déjà commencé.")
    return None


@transaction.atomic
def registration_create(*, event: Event, by: Any) -> Registration:
    """Register ``by`` to the event: a confirmed place if one is left, else the waiting list."""
    _require("events.register", by)
    event = Event.objects.select_for_update().get(pk=event.pk)  # serialises the last place
    refusal = registration_refusal(event)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if Registration.objects.filter(event=event, user=by, state__in=ACTIVE_REGISTRATION_STATES).exists():
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement."), code="twice")
    confirmed = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    now = timezone.now()
    registration = Registration(
        event=event,
        user=by,
        state=RegistrationState.WAITING if full else RegistrationState.CONFIRMED,
        waiting_since=now if full else None,
    )
    registration.full_clean(exclude=["checkin_token"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the same person twice at once (other database locks)
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement."), code="twice") from exc
    audit.record(
        actor=by, action="registration.created", target=registration, after={"state": registration.state}
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Any) -> Registration:
    """The person cancels (or leaves the waiting list); a freed place goes to the first waiting."""
    _require("events.cancel_registration", by, registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not can_proceed(registration.cancel):
        raise _illegal(registration, _("annuler cette inscription"))
    before = registration.state
    registration.cancel()
    registration.save(update_fields=["state", "cancelled_at", "updated_at"])
    audit.record(
        actor=by,
        action="registration.cancelled",
        target=registration,
        before={"state": before},
        after={"state": registration.state},
    )
    if before == RegistrationState.CONFIRMED:
        promote_waiting_list(event, by=by)
        if event.is_published and not event.is_past:
            pk = registration.pk
            transaction.on_commit(lambda: notify_organisers_of_cancellation.enqueue(pk))
    return registration


@transaction.atomic
def attendance_mark(*, registration: Registration, by: Any, present: bool = True) -> Registration:
    """An organiser notes (or removes) the presence of a confirmed person, during or after the event."""
    _require("events.mark_attendance", by, registration)
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(
            _("Seules les inscriptions confirmées peuvent être pointées."), code="not_confirmed"
        )
    # One may check people in on the day of the event or afterwards, not before.
    if present and timezone.localdate(registration.event.starts_at) > timezone.localdate():
        raise ValidationError(_("L'événement n'a pas encore commencé : revenez le jour J."), code="too_early")
    before = registration.attended_at
    if present and registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.attendance_marked_by = by
    elif not present:
        registration.attended_at = None
        registration.attendance_marked_by = by
    else:
        return registration  # already marked: idempotent
    registration.save(update_fields=["attended_at", "attendance_marked_by", "updated_at"])
    audit.record(
        actor=by,
        action="registration.attended" if present else "registration.attendance_removed",
        target=registration,
        before={"attended_at": before.isoformat() if before else None},
        after={"attended_at": registration.attended_at.isoformat() if registration.attended_at else None},
    )
    return registration


def cafe_signup_record(*, event_id: int, user: Any) -> CafeSignup | None:
    """Attribute a new account to the café bénévolat whose link or QR code led to the sign-up."""
    event = Event.objects.filter(pk=event_id, category=EventCategory.CAFE_BENEVOLAT).first()
    if event is None or user is None or not user.is_authenticated:
        return None
    signup, created = CafeSignup.objects.get_or_create(user=user, defaults={"event": event})
    if created:
        audit.record(actor=user, action="cafe.signup_attributed", target=event, after={"user": user.pk})
    return signup
