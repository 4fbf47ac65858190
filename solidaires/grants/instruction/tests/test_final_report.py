"""The applicant's final report: form, photos checked with Pillow, reminders, agent review."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import ROLES
from solidaires.grants.instruction import services
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.models import FinalReport, Payment, ReportPhoto
from solidaires.grants.tests.factories import GroupApplicantFactory, committee_session, submitted_application

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def granted(inhabitant, agent):
    applicant = GroupApplicantFactory(person=inhabitant)
    application = submitted_application(applicant=applicant, state=S.COMMITTEE)
    session = committee_session(scheme=application.scheme, members=[agent])
    session.applications.add(application)
    services.decision_record(
        application=application,
        session=session,
        outcome="granted_partial",
        amount_cents=300_001,
        reason="Réduit",
        by=agent,
    )
    first = Payment.objects.get(application=application, position=1)
    services.payment_mark_paid(payment=first, by=agent)
    application.refresh_from_db()
    return application


def test_payment_schedule_rounding(granted):
    amounts = list(
        Payment.objects.filter(application=granted)
        .order_by("position")
        .values_list("amount_cents", flat=True)
    )
    assert amounts == [240_000, 60_001]
    assert sum(amounts) == 300_001


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_report_page_permission_grid(as_role, granted):
    client, user = as_role
    response = client.get(reverse("grants:report", args=[granted.pk]))
    if user is None:
        assert response.status_code == 302
    elif user.is_agent:
        assert response.status_code == 200
    else:
        # The applicant is the inhabitant persona; members/managers/elected are strangers here.
        assert response.status_code == (200 if user.email == "camille@exemple.fr" else 404)


def test_report_submission_with_photos_and_bad_input(client, granted, inhabitant):
    client.force_login(inhabitant)
    url = reverse("grants:report", args=[granted.pk])
    fake = SimpleUploadedFile("photo.jpg", b"<html>pas une image</html>", content_type="image/jpeg")
    response = client.post(
        url,
        {
            "lines": "Bois ; 2 000\nPeinture sans montant",
            "participants": "",
            "outcomes": "Un jardin",
            "photos": [fake],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ligne 2" in html
    assert "Indiquez combien de personnes ont participé." in html
    assert "Un jardin" in html  # kept
    photo = SimpleUploadedFile("jardin.png", png_bytes(), content_type="image/png")
    response = client.post(
        url,
        {
            "lines": "Bois ; 2 000\nPeinture ; 1 000,50",
            "participants": "35",
            "outcomes": "Un jardin",
            "photos": [photo],
        },
    )
    assert response.status_code == 302
    report = FinalReport.objects.get(application=granted)
    assert report.realised_budget == [
        {"label": "Bois", "amount_cents": 200_000},
        {"label": "Peinture", "amount_cents": 100_050},
    ]
    assert ReportPhoto.objects.filter(report=report).count() == 1
    granted.refresh_from_db()
    assert granted.state == S.REPORT_RECEIVED
    # Sent: no second submission (decision 1102: the applicant sees the report, 403 says why).
    response = client.post(url, {"lines": "x ; 1", "participants": "1", "outcomes": "y"})
    assert response.status_code == 403
    assert "déjà été envoyé" in response.content.decode()


def test_disguised_photo_rejected(client, granted, inhabitant):
    client.force_login(inhabitant)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 executable", content_type="image/png")
    response = client.post(
        reverse("grants:report", args=[granted.pk]),
        {"lines": "Bois ; 10", "participants": "3", "outcomes": "ok", "photos": [fake]},
    )
    assert response.status_code == 400
    assert "JPEG ou PNG" in response.content.decode()
    assert not ReportPhoto.objects.exists()


def test_agent_review_then_balance_then_closed(client, granted, agent, inhabitant):
    report = FinalReport.objects.get(application=granted)
    services.final_report_submit(
        report=report,
        realised_budget=[{"label": "Bois", "amount_cents": 1}],
        participants=3,
        outcomes="ok",
        by=inhabitant,
    )
    client.force_login(agent)
    url = reverse("grants_agents:report_review", args=[granted.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 302
    balance = Payment.objects.get(application=granted, position=2)
    pay_url = reverse("grants_agents:payment_paid", args=[granted.pk, balance.pk])
    assert client.get(pay_url).status_code == 200
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(pay_url, {"paid_on": future})
    assert response.status_code == 400
    assert "dans le futur" in response.content.decode()
    response = client.post(pay_url, {"paid_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.state == S.CLOSED


def test_report_rejected_goes_back_to_due(granted, agent, inhabitant):
    report = FinalReport.objects.get(application=granted)
    services.final_report_submit(
        report=report,
        realised_budget=[{"label": "Bois", "amount_cents": 1}],
        participants=3,
        outcomes="ok",
        by=inhabitant,
    )
    services.final_report_reject(report=report, reason="Ajoutez les factures", by=agent)
    granted.refresh_from_db()
    assert granted.state == S.REPORT_DUE


def test_reminders_command(granted, inhabitant):
    report = FinalReport.objects.get(application=granted)
    report.due_on = timezone.localdate() + dt.timedelta(days=10)
    report.save()
    mail.outbox.clear()
    call_command("send_grant_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [inhabitant.email]
    assert "bilan" in mail.outbox[0].subject
    # Idempotent within 14 days.
    call_command("send_grant_reminders")
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.reminders_sent == 1
    # Not due for a long time: no reminder.
    report.due_on = timezone.localdate() + dt.timedelta(days=200)
    report.last_reminder_at = None
    report.save()
    call_command("send_grant_reminders")
    assert len(mail.outbox) == 1


def test_a_payment_cannot_be_dated_before_the_grant(inhabitant, agent, client):
    """Issue 11 (hours before the application, the same missing bound): a payment could be
    recorded as made on a day before the committee granted the subsidy."""
    granted = submitted_application(applicant=GroupApplicantFactory(person=inhabitant), state=S.COMMITTEE)
    session = committee_session(scheme=granted.scheme, members=[agent])
    session.applications.add(granted)
    services.decision_record(
        application=granted,
        session=session,
        outcome="granted_full",
        amount_cents=400_000,
        reason="x",
        by=agent,
    )
    granted.refresh_from_db()
    balance = Payment.objects.get(application=granted, position=1)
    granted_on = timezone.localdate(granted.decided_at)
    client.force_login(agent)
    before = (granted_on - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("grants_agents:payment_paid", args=[granted.pk, balance.pk]), {"paid_on": before}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"La subvention a été accordée le {granted_on:%d/%m/%Y}" in page
    assert f'value="{before}"' in page
    balance.refresh_from_db()
    assert balance.paid_on is None
