"""Background work of the events app: e-mails and reminders. Tasks take ids, enqueued on commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from solidaires.associations.models import Membership, MembershipRole
from solidaires.core.links import absolute_url

from .models import ACTIVE_REGISTRATION_STATES, Event, Registration, RegistrationState

# A reminder goes to people whose event starts within this delay ("the day before").
REMINDER_WINDOW = timedelta(hours=24)


def _send(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    recipients = sorted({e for e in to if e})
    if not recipients:
        return
    context = {"SITE_NAME": settings.SOLIDAIRES_SITE_NAME, **context}
    body = render_to_string(template, context)
    for email in recipients:  # one message each: nobody sees the others' addresses
        send_mail(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, [email])


def organiser_emails(event: Event) -> list[str]:
    emails = set(
        Membership.objects.filter(
            association__in=event.organiser_associations.all(), role=MembershipRole.MANAGER
        ).values_list("user__email", flat=True)
    )
    if event.created_by is not None:
        emails.add(event.created_by.email)
    return sorted(e for e in emails if e)


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "event", "event__place", "event__place__commune", "event__commune", "user"
        )
        .filter(pk=registration_id)
        .first()
    )


@task()
def notify_registration_promoted(registration_id: int) -> None:
    """'Une place s'est libérée': the first person of the waiting list now has a place."""
    registration = _registration(registration_id)
    if registration is None or registration.state != RegistrationState.CONFIRMED:
        return
    event = registration.event
    _send(
        to=[registration.user.email],
        subject=f"Une place s'est libérée : {event.title}",
        template="events/emails/promoted.txt",
        context={
            "registration": registration,
            "event": event,
            "link": absolute_url(registration.get_absolute_url()),
        },
    )


@task()
def notify_organisers_of_cancellation(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration is None or registration.state != RegistrationState.CANCELLED:
        return
    event = registration.event
    _send(
        to=organiser_emails(event),
        subject=f"Désinscription : {event.title}",
        template="events/emails/organiser_cancellation.txt",
        context={
            "registration": registration,
            "event": event,
            "link": absolute_url(event.get_absolute_url()),
        },
    )


@task()
def notify_event_cancelled(event_id: int) -> None:
    """Everyone registered or waiting is told that the organiser cancelled the event."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not event.is_cancelled:
        return
    emails = Registration.objects.filter(event=event, state__in=ACTIVE_REGISTRATION_STATES).values_list(
        "user__email", flat=True
    )
    _send(
        to=list(emails),
        subject=f"Événement annulé : {event.title}",
        template="events/emails/event_cancelled.txt",
        context={"event": event, "link": absolute_url(event.get_absolute_url())},
    )


def send_due_reminders(*, now: Any = None) -> int:
    """E-mail each confirmed person whose event starts within REMINDER_WINDOW, once.

    Idempotent: ``reminder_sent_at`` is claimed with a conditional UPDATE before sending.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            state=RegistrationState.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__state="published",
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_WINDOW,
        )
        .filter(~Q(user__email=""))
        .select_related("event", "event__place", "event__place__commune", "event__commune", "user")
    )
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue
        event = registration.event
        _send(
            to=[registration.user.email],
            subject=f"Rappel : {event.title}",
            template="events/emails/reminder.txt",
            context={
                "registration": registration,
                "event": event,
                "link": absolute_url(registration.get_absolute_url()),
            },
        )
        sent += 1
    return sent


@task()
def send_event_reminders() -> int:
    return send_due_reminders()
