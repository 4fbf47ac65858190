"""Every write on permanences, their exceptions, appointment bookings and calendar tokens.

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry, e-mails
enqueued on commit. Raise PermissionDenied / ValidationError (French messages).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django_fsm import can_proceed

from solidaires.core import audit
from solidaires.core.slugs import french_slugify

from . import recurrence
from . import rules as officehours_rules  # registers the permissions
from .models import (
    Booking,
    BookingState,
    CalendarToken,
    OfficeHours,
    OfficeHoursException,
    OfficeHoursExceptionKind,
    OfficeHoursState,
)
from .selectors import schedule_of
from .tasks import send_booking_cancelled, send_booking_confirmation

__all__ = ["officehours_rules"]

# Fields people set through officehours_create / officehours_update.
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "association",
    "place",
    "dtstart",
    "start_time",
    "end_time",
    "rrule",
    "until",
    "count",
    "skip_public_holidays",
    "slot_minutes",
)


def _require(perm: str, user: Any, obj: Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _snapshot(office_hours: OfficeHours) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        if name in ("association", "place"):
            data[name] = getattr(office_hours, f"{name}_id")
        else:
            value = getattr(office_hours, name)
            data[name] = value.isoformat() if isinstance(value, (date, time)) else value
    data["state"] = office_hours.state
    return data


def _apply(office_hours: OfficeHours, data: dict[str, Any], by: Any) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(office_hours, name, value.strip() if isinstance(value, str) else value)
    association = office_hours.association
    if association is not None and not (
        officehours_rules.is_agent(by) or association.pk in officehours_rules.managed_association_ids(by)
    ):
        raise ValidationError(
            {"association": "Vous ne pouvez créer de permanence que pour une association que vous gérez."}
        )
    if association is None and not officehours_rules.is_agent(by):
        raise ValidationError({"association": "Choisissez l'association qui tient la permanence."})
    try:
        office_hours.rrule = recurrence.normalize_rrule(office_hours.rrule or "")
    except recurrence.RecurrenceError as exc:
        raise ValidationError({"rrule": str(exc)}) from exc
    if not office_hours.rrule:
        office_hours.until = None
        office_hours.count = None
    office_hours.slug = french_slugify(office_hours.title)[:200] or "permanence"


def _align_dtstart(office_hours: OfficeHours) -> None:
    """Store a first date that the rule itself gives (RFC 5545 counts DTSTART as an occurrence)."""
    office_hours.full_clean(exclude=["slug", "created_by"])
    first = recurrence.first_start(schedule_of_unsaved(office_hours))
    if first is None:
        raise ValidationError({"until": "Aucune date ne correspond à cette fréquence avant la date de fin."})
    office_hours.dtstart = first


def schedule_of_unsaved(office_hours: OfficeHours) -> recurrence.Schedule:
    return recurrence.Schedule(
        dtstart=office_hours.dtstart,
        start=office_hours.start_time,
        end=office_hours.end_time,
        rrule=office_hours.rrule,
        until=office_hours.until,
        count=office_hours.count,
        skip_public_holidays=office_hours.skip_public_holidays,
    )


@transaction.atomic
def officehours_create(*, by: Any, data: dict[str, Any]) -> OfficeHours:
    """An association manager (for their association) or an agent creates a permanence."""
    _require("events.officehours_add", by)
    office_hours = OfficeHours(created_by=by)
    _apply(office_hours, data, by)
    _align_dtstart(office_hours)
    office_hours.full_clean(exclude=["created_by"])
    office_hours.save()
    audit.record(actor=by, action="officehours.created", target=office_hours, after=_snapshot(office_hours))
    return office_hours


@transaction.atomic
def officehours_update(*, office_hours: OfficeHours, by: Any, data: dict[str, Any]) -> OfficeHours:
    _require("events.officehours_change", by, office_hours)
    office_hours = OfficeHours.objects.select_for_update().get(pk=office_hours.pk)
    before = _snapshot(office_hours)
    _apply(office_hours, data, by)
    _align_dtstart(office_hours)
    office_hours.full_clean(exclude=["created_by"])
    office_hours.save()
    audit.record(
        actor=by,
        action="officehours.updated",
        target=office_hours,
        before=before,
        after=_snapshot(office_hours),
    )
    return office_hours


_TRANSITIONS = {
    "suspend": (
        "officehours.suspended",
        "Cette permanence n'est pas active : elle ne peut pas être suspendue.",
    ),
    "resume": ("officehours.resumed", "Cette permanence n'est pas suspendue : elle ne peut pas reprendre."),
    "end": ("officehours.ended", "Cette permanence est déjà terminée."),
}


@transaction.atomic
def officehours_transition(*, office_hours: OfficeHours, by: Any, action: str) -> OfficeHours:
    """Move a permanence: "suspend", "resume" or "end". An illegal move raises ValidationError."""
    _require("events.officehours_change", by, office_hours)
    if action not in _TRANSITIONS:
        raise ValueError(action)
    office_hours = OfficeHours.objects.select_for_update().get(pk=office_hours.pk)
    before = office_hours.state
    method = getattr(office_hours, action)
    if not can_proceed(method):
        raise ValidationError(_TRANSITIONS[action][1], code="invalid_transition")
    method()
    office_hours.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action=_TRANSITIONS[action][0],
        target=office_hours,
        before={"state": before},
        after={"state": office_hours.state},
    )
    if office_hours.state == OfficeHoursState.ENDED:
        _cancel_bookings(office_hours, by=by, since=timezone.now())
    return office_hours


def officehours_suspend(*, office_hours: OfficeHours, by: Any) -> OfficeHours:
    return officehours_transition(office_hours=office_hours, by=by, action="suspend")


def officehours_resume(*, office_hours: OfficeHours, by: Any) -> OfficeHours:
    return officehours_transition(office_hours=office_hours, by=by, action="resume")


def officehours_end(*, office_hours: OfficeHours, by: Any) -> OfficeHours:
    return officehours_transition(office_hours=office_hours, by=by, action="end")


def _cancel_bookings(
    office_hours: OfficeHours, *, by: Any, since: datetime, until: datetime | None = None
) -> list[int]:
    """Cancel the booked appointments from ``since`` (to ``until``) and tell the people."""
    qs = Booking.objects.select_for_update().filter(
        office_hours=office_hours, state=BookingState.BOOKED, slot_start__gte=since
    )
    if until is not None:
        qs = qs.filter(slot_start__lt=until)
    cancelled: list[int] = []
    for booking in qs:
        booking.cancel()
        booking.cancelled_by = by
        booking.save(update_fields=["state", "cancelled_at", "cancelled_by", "updated_at"])
        audit.record(actor=by, action="booking.cancelled", target=booking, note="permanence annulée")
        cancelled.append(booking.pk)
    for pk in cancelled:
        transaction.on_commit(partial(send_booking_cancelled.enqueue, pk))
    return cancelled


@transaction.atomic
def officehours_exception_add(
    *,
    office_hours: OfficeHours,
    by: Any,
    day: date,
    kind: str = OfficeHoursExceptionKind.CANCELLED,
    reason: str = "",
    new_day: date | None = None,
    new_start_time: time | None = None,
    new_end_time: time | None = None,
) -> OfficeHoursException:
    """Cancel one date (with a reason) or move it; booked appointments of that date are
    cancelled and the people told."""
    _require("events.officehours_change", by, office_hours)
    office_hours = OfficeHours.objects.select_for_update().get(pk=office_hours.pk)
    schedule = schedule_of(office_hours)
    start = datetime.combine(day, office_hours.start_time).replace(tzinfo=recurrence.PARIS)
    plain = recurrence.Schedule(
        dtstart=schedule.dtstart,
        start=schedule.start,
        end=schedule.end,
        rrule=schedule.rrule,
        until=schedule.until,
        count=schedule.count,
        skip_public_holidays=False,
    )
    if recurrence.occurrence_at(plain, start) is None:
        raise ValidationError({"day": "La permanence n'a pas lieu ce jour-là."})
    if office_hours.exceptions.filter(day=day).exists():
        raise ValidationError({"day": "Cette date a déjà été annulée ou déplacée."})
    exception = OfficeHoursException(
        office_hours=office_hours,
        day=day,
        kind=kind,
        reason=reason.strip(),
        new_day=new_day if kind == OfficeHoursExceptionKind.MOVED else None,
        new_start_time=new_start_time if kind == OfficeHoursExceptionKind.MOVED else None,
        new_end_time=new_end_time if kind == OfficeHoursExceptionKind.MOVED else None,
        created_by=by,
    )
    exception.full_clean()
    exception.save()
    office_hours.save(update_fields=["updated_at"])  # feeds' ETag and cache follow updated_at
    audit.record(
        actor=by,
        action="officehours.date_cancelled"
        if kind == OfficeHoursExceptionKind.CANCELLED
        else "officehours.date_moved",
        target=office_hours,
        after={"day": day.isoformat(), "kind": kind, "reason": exception.reason},
    )
    _cancel_bookings(office_hours, by=by, since=start, until=start + schedule.duration)
    return exception


@transaction.atomic
def officehours_exception_remove(*, exception: OfficeHoursException, by: Any) -> None:
    office_hours = exception.office_hours
    _require("events.officehours_change", by, office_hours)
    day = exception.day
    exception.delete()
    office_hours.save(update_fields=["updated_at"])
    audit.record(
        actor=by, action="officehours.date_restored", target=office_hours, before={"day": day.isoformat()}
    )


# -- Bookings ----------------------------------------------------------------------------------


@transaction.atomic
def booking_create(*, office_hours: OfficeHours, slot_start: datetime, by: Any) -> Booking:
    """Book an appointment slot. Refused in French: slot taken, past, not a slot of a held
    occurrence, or a second appointment in the same occurrence. Two people racing for the same
    slot: the database's unique constraint lets one win, the other gets the "taken" error."""
    _require("events.booking_add", by, office_hours)
    assert office_hours.slot_minutes is not None
    now = timezone.now()
    if slot_start <= now:
        raise ValidationError({"slot": "Ce créneau est déjà passé. Choisissez un créneau à venir."})
    schedule = schedule_of(office_hours)
    occurrence = None
    for candidate in recurrence.occurrences(schedule, slot_start, slot_start + timedelta(seconds=1)):
        if candidate.starts_at <= slot_start < candidate.ends_at:
            occurrence = candidate
    slot = None
    if occurrence is not None:
        slot = next(
            (
                s
                for s in recurrence.split_slots(occurrence, office_hours.slot_minutes)
                if s.starts_at == slot_start
            ),
            None,
        )
    if occurrence is None or slot is None:
        raise ValidationError({"slot": "Ce créneau n'existe pas ou la permanence n'a pas lieu ce jour-là."})
    active = Booking.objects.filter(office_hours=office_hours, state=BookingState.BOOKED)
    if active.filter(occurrence_start=occurrence.starts_at, user=by).exists():
        raise ValidationError(
            {
                "slot": "Vous avez déjà un rendez-vous à cette permanence ce jour-là. Annulez-le pour en choisir un autre."
            }
        )
    if active.filter(slot_start=slot_start).exists():
        raise ValidationError(
            {"slot": "Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez-en un autre."}
        )
    booking = Booking(
        office_hours=office_hours,
        occurrence_start=occurrence.starts_at,
        slot_start=slot.starts_at,
        slot_end=slot.ends_at,
        user=by,
    )
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"slot": "Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez-en un autre."}
        ) from exc
    audit.record(
        actor=by,
        action="booking.created",
        target=booking,
        after={"slot_start": booking.slot_start.isoformat()},
    )
    transaction.on_commit(lambda: send_booking_confirmation.enqueue(booking.pk))
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: Any) -> Booking:
    _require("events.booking_cancel", by, booking)
    booking = Booking.objects.select_for_update().select_related("office_hours").get(pk=booking.pk)
    if not can_proceed(booking.cancel):
        raise ValidationError("Ce rendez-vous est déjà annulé.", code="invalid_transition")
    booking.cancel()
    booking.cancelled_by = by
    booking.save(update_fields=["state", "cancelled_at", "cancelled_by", "updated_at"])
    audit.record(
        actor=by,
        action="booking.cancelled",
        target=booking,
        before={"state": "booked"},
        after={"state": "cancelled"},
    )
    if booking.user_id != by.pk:
        transaction.on_commit(lambda: send_booking_cancelled.enqueue(booking.pk))
    return booking


# -- Personal calendar token -------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_regenerate(*, by: Any) -> str:
    """Create or replace the person's private feed token; return it (shown once, only the
    hash is stored, the previous URL stops working)."""
    _require("events.feed_personal", by)
    token = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(
        user=by,
        defaults={"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None},
    )
    audit.record(actor=by, action="calendar_token.regenerated", target=None, note=f"user {by.pk}")
    return token


@transaction.atomic
def calendar_token_revoke(*, by: Any) -> None:
    _require("events.feed_personal", by)
    deleted, _ = CalendarToken.objects.filter(user=by).delete()
    if deleted:
        audit.record(actor=by, action="calendar_token.revoked", target=None, note=f"user {by.pk}")


def calendar_token_user(token: str) -> Any:
    """The user of a personal feed token, or None. Marks the token used (at most hourly)."""
    if not token or len(token) > 100:
        return None
    found = CalendarToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 3600:
        CalendarToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
