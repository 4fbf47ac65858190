"""Background work of permanences: booking e-mails (with the .ics). Tasks take ids, are
idempotent enough (a missing or changed booking sends nothing) and are enqueued on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from solidaires.core.links import absolute_url

from .models import Booking, BookingState


def _booking(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_related(
            "user",
            "office_hours",
            "office_hours__place",
            "office_hours__place__commune",
            "office_hours__association",
        )
        .filter(pk=booking_id)
        .first()
    )


def _context(booking: Booking) -> dict[str, object]:
    return {
        "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
        "booking": booking,
        "office_hours": booking.office_hours,
        "place": booking.office_hours.place,
        "slot_start": timezone.localtime(booking.slot_start),
        "slot_end": timezone.localtime(booking.slot_end),
        "link": absolute_url(reverse("events:booking_list")),
        "page": absolute_url(booking.office_hours.get_absolute_url()),
    }


@task()
def send_booking_confirmation(booking_id: int) -> None:
    """Confirm an appointment to the person, with the .ics attached."""
    from .ical import booking_ics

    booking = _booking(booking_id)
    if booking is None or booking.state != BookingState.BOOKED or not booking.user.email:
        return
    body = render_to_string("events/officehours/emails/booking_confirmed.txt", _context(booking))
    message = EmailMessage(
        f"[Solidaires] Rendez-vous confirmé : {booking.office_hours.title}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [booking.user.email],
    )
    message.attach("rendez-vous.ics", booking_ics(booking), "text/calendar")
    message.send()


@task()
def send_booking_cancelled(booking_id: int) -> None:
    """Tell the person that their appointment was cancelled by the organiser (or the date)."""
    booking = _booking(booking_id)
    if booking is None or booking.state != BookingState.CANCELLED or not booking.user.email:
        return
    body = render_to_string("events/officehours/emails/booking_cancelled.txt", _context(booking))
    EmailMessage(
        f"[Solidaires] Rendez-vous annulé : {booking.office_hours.title}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [booking.user.email],
    ).send()
