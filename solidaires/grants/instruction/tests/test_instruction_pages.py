"""Agents' instruction pages: permission grid, rendering, bad input, query counts, escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import ROLES
from solidaires.grants.instruction import services
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.models import InternalNote, PieceRequest
from solidaires.grants.tests.factories import GroupApplicantFactory, envelope, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(inhabitant):
    applicant = GroupApplicantFactory(person=inhabitant, name="Collectif <b>Jardins</b>")
    return submitted_application(applicant=applicant, title="Jardin <script>alert(1)</script>")


def agent_urls(application):
    return [
        reverse("grants_agents:inbox"),
        reverse("grants_agents:file", args=[application.pk]),
        reverse("grants_agents:pieces_request", args=[application.pk]),
        reverse("grants_agents:declare_ineligible", args=[application.pk]),
        reverse("grants_agents:file_history", args=[application.pk]),
        reverse("grants_agents:sessions"),
        reverse("grants_agents:session_create"),
        reverse("grants_agents:budget"),
        reverse("grants_agents:budget_csv"),
        reverse("grants_agents:budget_xlsx"),
    ]


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_pages_permission_grid(as_role, file):
    client, user = as_role
    for url in agent_urls(file):
        response = client.get(url)
        if user is None:
            assert response.status_code == 302, url
            assert "/comptes/" in response["Location"] or "login" in response["Location"]
        elif user.is_agent:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_posts_permission_grid(as_role, file):
    client, user = as_role
    response = client.post(reverse("grants_agents:file_note", args=[file.pk]), {"body": "Secret"})
    if user is not None and user.is_agent:
        assert response.status_code == 302
        assert InternalNote.objects.filter(application=file).count() == 1
    else:
        assert response.status_code == (302 if user is None else 403)
        assert not InternalNote.objects.exists()


def test_file_page_escapes_and_shows_everything(client, agent, file):
    client.force_login(agent)
    html = client.get(reverse("grants_agents:file", args=[file.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Collectif &lt;b&gt;Jardins&lt;/b&gt;" in html
    assert "Recevabilité" in html
    assert "Notes internes" in html
    assert html.count("<h1") == 1


def test_start_and_request_pieces_through_pages(client, agent, file, inhabitant):
    client.force_login(agent)
    response = client.post(reverse("grants_agents:file_start", args=[file.pk]))
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == S.INSTRUCTION
    # Bad input: French errors, text kept.
    url = reverse("grants_agents:pieces_request", args=[file.pk])
    response = client.post(url, {"message": "Le devis signé", "due_on": "2001-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez une date après aujourd&#x27;hui." in html
    assert "Le devis signé" in html
    assert "aria-describedby" in html
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(url, {"message": "Le devis signé", "due_on": due})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == S.WAITING_PIECES
    assert PieceRequest.objects.get(application=file).status == "waiting"


def test_ineligible_needs_reason(client, agent, file):
    client.force_login(agent)
    url = reverse("grants_agents:declare_ineligible", args=[file.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif." in response.content.decode()
    response = client.post(url, {"reason": "Hors du territoire"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == S.INELIGIBLE


def test_bulk_assign(client, agent, file):
    other = submitted_application()
    client.force_login(agent)
    response = client.post(
        reverse("grants_agents:bulk_assign"), {"applications": [file.pk, other.pk], "agent": agent.pk}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    other.refresh_from_db()
    assert file.assigned_agent == agent and other.assigned_agent == agent
    # Filter "mes dossiers".
    html = client.get(reverse("grants_agents:inbox") + "?assigned=me").content.decode()
    assert file.number in html and other.number in html
    html = client.get(reverse("grants_agents:inbox") + "?assigned=none").content.decode()
    assert file.number not in html
    assert "Aucun dossier ne correspond" in html


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("https://evil.example/phish", "/espace-agents/subventions/"),
        ("//evil.example/phish", "/espace-agents/subventions/"),
        ("/espace-agents/subventions/?assigned=me", "/espace-agents/subventions/?assigned=me"),
    ],
)
def test_bulk_assign_never_redirects_off_site(client, agent, file, next_url, expected):
    """Issue 11: the ``next`` of the bulk assignment was followed to any site."""
    client.force_login(agent)
    response = client.post(
        reverse("grants_agents:bulk_assign"), {"applications": [file.pk], "agent": agent.pk, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == expected


def test_inbox_filters_and_empty_state(client, agent, file):
    client.force_login(agent)
    html = client.get(reverse("grants_agents:inbox")).content.decode()
    assert file.number in html
    assert "Âge" in html
    html = client.get(reverse("grants_agents:inbox") + "?state=closed").content.decode()
    assert file.number not in html
    html = client.get(reverse("grants_agents:inbox") + "?older_than=30").content.decode()
    assert file.number not in html
    html = client.get(
        reverse("grants_agents:inbox") + f"?scheme={file.scheme.code}&older_than=5"
    ).content.decode()
    assert file.number in html


def test_inbox_query_count_constant(client, agent, django_assert_max_num_queries):
    from solidaires.grants.models import Application

    client.force_login(agent)
    first = submitted_application()
    for _ in range(2):
        submitted_application(call=first.call)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("grants_agents:inbox"))
    for _ in range(27):
        submitted_application(call=first.call)
    assert Application.objects.count() == 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("grants_agents:inbox"))
    assert response.content.decode().count("choix-") == 30


def test_session_creation_and_decision_pages(client, agent, elected, file):
    envelope(file.scheme, 1_000_000)
    client.force_login(agent)
    response = client.post(
        reverse("grants_agents:session_create"),
        {"scheme": file.scheme.pk, "meets_on": "", "year": "", "members": []},
    )
    assert response.status_code == 400
    assert "Choisissez la date." in response.content.decode()
    response = client.post(
        reverse("grants_agents:session_create"),
        {
            "scheme": file.scheme.pk,
            "meets_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "year": timezone.localdate().year,
            "members": [agent.pk, elected.pk],
        },
    )
    assert response.status_code == 302
    session = file.scheme.committee_sessions.get()
    services.application_start_instruction(application=file, by=agent)
    response = client.post(
        reverse("grants_agents:send_to_committee", args=[file.pk]), {"session": session.pk}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == S.COMMITTEE
    assert client.get(reverse("grants_agents:session", args=[session.pk])).status_code == 200
    pdf = client.get(reverse("grants_agents:session_summary", args=[session.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    url = reverse("grants_agents:decision_create", args=[session.pk, file.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": "granted_partial", "amount": "9 999 999", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "inférieur au montant demandé" in html
    assert "9 999 999" in html
    response = client.post(url, {"outcome": "granted_partial", "amount": "2 500", "reason": "Budget réduit"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == S.GRANTED and file.amount_granted_cents == 250_000
    decision = file.decisions.get()
    letter = client.get(reverse("grants_agents:letter", args=[file.pk, decision.pk]))
    assert letter["Content-Type"] == "application/pdf"
    page = client.get(reverse("grants_agents:file", args=[file.pk])).content.decode()
    assert "Acompte 80" in page and "2\u202f000" in page


def test_inbox_opens_on_the_files_awaiting_an_agent(client, agent, inhabitant):
    """Issue 11: the inbox opened on files granted in 2023 ("oldest first" of what awaits the
    agents); by default it shows only the files on which an agent has the next move."""
    client.force_login(agent)
    waiting_agent = {
        state: submitted_application(state=state, applicant=GroupApplicantFactory(person=inhabitant))
        for state in (S.SUBMITTED, S.INSTRUCTION, S.COMMITTEE, S.POSTPONED, S.REPORT_RECEIVED)
    }
    elsewhere = {
        state: submitted_application(state=state, applicant=GroupApplicantFactory(person=inhabitant))
        for state in (S.GRANTED, S.WAITING_PIECES, S.REPORT_DUE, S.CLOSED)
    }
    response = client.get(reverse("grants_agents:inbox"))
    html = response.content.decode()
    assert "attendent une action d&#x27;un agent" in html or "attendent une action d'un agent" in html
    shown = {row["number"] for row in response.context["rows"]}
    assert shown == {f.number for f in waiting_agent.values()}
    # "En cours" adds the files waiting for the applicant and the granted ones; "Tous" the rest.
    shown = {
        row["number"] for row in client.get(reverse("grants_agents:inbox") + "?state=open").context["rows"]
    }
    assert shown == {f.number for f in waiting_agent.values()} | {
        elsewhere[s].number for s in (S.GRANTED, S.WAITING_PIECES, S.REPORT_DUE)
    }
    shown = {
        row["number"] for row in client.get(reverse("grants_agents:inbox") + "?state=all").context["rows"]
    }
    assert elsewhere[S.CLOSED].number in shown


def test_inbox_empty_state_says_nothing_awaits_the_agents(client, agent, inhabitant):
    client.force_login(agent)
    submitted_application(state=S.GRANTED, applicant=GroupApplicantFactory(person=inhabitant))
    html = client.get(reverse("grants_agents:inbox")).content.decode()
    assert "Aucun dossier n&#x27;attend d&#x27;action d&#x27;un agent." in html or (
        "Aucun dossier n'attend d'action d'un agent." in html
    )
    assert "?state=open" in html
