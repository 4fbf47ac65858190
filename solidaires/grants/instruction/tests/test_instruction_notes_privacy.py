"""Internal notes and agents-only timeline lines never reach applicants (pages, PDFs, API, e-mails)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from solidaires.grants.instruction import services
from solidaires.grants.models import FinalReport
from solidaires.grants.tests.factories import GroupApplicantFactory, committee_session, submitted_application

pytestmark = pytest.mark.django_db

SECRET = "NOTE-SECRETE-7731"


def applicant_urls(application):
    urls = []
    candidates = [
        ("grants:index", {}),
        ("grants:desk", {}),
        ("grants:funded", {}),
        ("grants:applicant_detail", {"pk": application.applicant_id}),
        ("grants:application_detail", {"ref": application.number}),
        ("grants:application_ack_pdf", {"ref": application.number}),
        ("grants:report", {"pk": application.pk}),
    ]
    for name, kwargs in candidates:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    for decision in application.decisions.all():
        urls.append(reverse("grants:letter", args=[application.pk, decision.pk]))
    urls += ["/api/v1/projets/dispositifs", "/donnees/subventions.csv", "/donnees/subventions.json"]
    return urls


def test_notes_never_reach_the_applicant(client, inhabitant, agent, django_capture_on_commit_callbacks):
    applicant = GroupApplicantFactory(person=inhabitant, name="Collectif du Lavoir")
    application = submitted_application(applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.internal_note_add(application=application, body=SECRET, by=agent)
        services.application_start_instruction(application=application, by=agent)
        services.pieces_request(
            application=application,
            message="Le devis",
            due_on=timezone.localdate() + dt.timedelta(days=9),
            by=agent,
        )
        services.pieces_answer(application=application, answer="ok", by=inhabitant)
        session = committee_session(scheme=application.scheme, members=[agent])
        services.application_send_to_committee(application=application, session=session, by=agent)
        services.decision_record(
            application=application,
            session=session,
            outcome="granted_partial",
            amount_cents=1000,
            reason="Réduit",
            by=agent,
        )
    application.refresh_from_db()
    assert FinalReport.objects.filter(application=application).exists()
    # The note is there for agents.
    client.force_login(agent)
    assert SECRET in client.get(reverse("grants_agents:file", args=[application.pk])).content.decode()
    # Never for the applicant.
    client.force_login(inhabitant)
    checked = 0
    for url in applicant_urls(application):
        response = client.get(url)
        body = response.content
        assert SECRET.encode() not in body, url
        checked += response.status_code == 200
    assert checked >= 4
    for message in mail.outbox:
        assert SECRET not in message.body
        for _name, content, _type in message.attachments:
            assert SECRET.encode() not in (content if isinstance(content, bytes) else content.encode())
