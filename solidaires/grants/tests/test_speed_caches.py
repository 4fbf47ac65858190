"""The cached pieces of /projets/ and of the agents' inbox (decision 1024): a cold and a warm
page are the same, and every change a user makes shows on the next request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from solidaires.core.caching import CACHE_HEADER
from solidaires.grants.instruction import services
from solidaires.grants.models import Applicant, Application, Scheme
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.tests.factories import (
    CallFactory,
    GroupApplicantFactory,
    SchemeFactory,
    submitted_application,
)

pytestmark = pytest.mark.django_db

INBOX = "/espace-agents/subventions/"


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def _row(html: str, application: Application) -> str:
    """The table row of one file."""
    match = re.search(rf'<tr>\s*<td><input [^>]*id="choix-{application.pk}".*?</tr>', html, re.S)
    assert match, f"no row for {application.number}"
    return match.group(0)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


# --- /projets/ ----------------------------------------------------------------------------


def test_index_cold_and_warm_pages_are_the_same(client, inhabitant):
    CallFactory(name="Session d'automne")
    SchemeFactory(code="fetes", name="Fêtes de quartier", file_prefix="FQ", position=2)
    client.force_login(inhabitant)  # logged in: never the page cache, only the cards' cache
    cold = client.get(reverse("grants:index")).content.decode()
    warm = client.get(reverse("grants:index")).content.decode()
    assert _without_tokens(cold) == _without_tokens(warm)
    assert cold.count('<article class="card">') == 2
    cache.clear()
    assert _without_tokens(client.get(reverse("grants:index")).content.decode()) == _without_tokens(cold)


def test_index_warm_page_needs_one_query(client, django_assert_num_queries):
    CallFactory(name="Session d'automne")
    client.get(reverse("grants:index") + "?n=1")
    with django_assert_num_queries(1):  # the active schemes; their calls' times and cards are cached
        client.get(reverse("grants:index") + "?n=2")


def test_index_shows_a_scheme_change_at_once(client, inhabitant):
    call = CallFactory(name="Session d'automne")
    scheme = call.scheme
    client.force_login(inhabitant)
    assert "Initiatives citoyennes" in client.get(reverse("grants:index")).content.decode()
    scheme.name = "Projets d'habitants"
    scheme.save()
    html = client.get(reverse("grants:index")).content.decode()
    assert "Projets d&#x27;habitants" in html and "Initiatives citoyennes" not in html
    # A call renamed, added; a document kind relabelled; the required documents changed.
    call.name = "Session de printemps"
    call.save()
    CallFactory(
        scheme=scheme,
        name="Session d'hiver",
        opens_at=timezone.now() + dt.timedelta(days=40),
        closes_at=timezone.now() + dt.timedelta(days=90),
    )
    kind = scheme.required_documents.first()
    kind.label = "Coordonnées bancaires"
    kind.save()
    html = client.get(reverse("grants:index")).content.decode()
    assert "Session de printemps : dépôt jusqu'au" in html
    assert "Session d&#x27;hiver : ouverture le" in html
    assert "coordonnées bancaires" in html
    scheme.required_documents.set([])
    assert "Pièces à fournir" not in client.get(reverse("grants:index")).content.decode()
    scheme.is_active = False
    scheme.save()
    assert "Aucune aide n'est ouverte en ce moment." in client.get(reverse("grants:index")).content.decode()


def test_index_card_follows_the_clock(client, inhabitant):
    """A cached card is keyed on which calls are open: it changes when a call opens or closes.
    (Seconds, not hours: the clock moves within the cards' minute in the cache.)"""
    now = timezone.now()
    CallFactory(
        name="Session d'hiver",
        opens_at=now + dt.timedelta(seconds=20),
        closes_at=now + dt.timedelta(seconds=40),
    )
    client.force_login(inhabitant)
    with time_machine.travel(now, tick=False) as clock:
        html = client.get(reverse("grants:index")).content.decode()
        assert "Session d&#x27;hiver : ouverture le" in html and "Pas d'appel ouvert en ce moment." in html
        clock.move_to(now + dt.timedelta(seconds=30))
        html = client.get(reverse("grants:index")).content.decode()
        assert "Session d&#x27;hiver : dépôt jusqu'au" in html and "Pas d'appel ouvert" not in html
        clock.move_to(now + dt.timedelta(seconds=50))
        html = client.get(reverse("grants:index")).content.decode()
        assert "Session d&#x27;hiver" not in html and "Pas d'appel ouvert en ce moment." in html


def test_index_anonymous_page_cache_versioned_and_bounded(client):
    now = timezone.now()
    call = CallFactory(name="Session d'automne", closes_at=now + dt.timedelta(seconds=30))
    assert client.get(reverse("grants:index"))[CACHE_HEADER] == "miss"
    assert client.get(reverse("grants:index"))[CACHE_HEADER] == "hit"
    call.name = "Session d'été"
    call.save()  # bumps the schemes' data version: the stored page is not served again
    response = client.get(reverse("grants:index"))
    assert response[CACHE_HEADER] == "miss"
    assert "Session d&#x27;été" in response.content.decode()
    # Not stored beyond the closing of the call it shows (page_cache_timeout, honoured by core).
    from solidaires.grants.applications.views import public as views

    request_response = views.index(_anonymous_request())
    assert 0 < request_response.page_cache_timeout <= 30


def _anonymous_request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/projets/?direct=1")
    request.user = AnonymousUser()
    return request


# --- The agents' inbox --------------------------------------------------------------------


def test_inbox_cold_and_warm_pages_are_the_same(agent_client, agent):
    applicant = GroupApplicantFactory(name="Collectif <b>Jardins</b>")
    files = [submitted_application(applicant=applicant, title="Jardin <script>x</script>")]
    files += [submitted_application(call=files[0].call) for _ in range(3)]
    for url in (INBOX, INBOX + "?state=all", INBOX + "?older_than=abc", INBOX + "?assigned=me"):
        cold = agent_client.get(url).content.decode()
        warm = agent_client.get(url).content.decode()
        assert _without_tokens(cold) == _without_tokens(warm), url
    html = agent_client.get(INBOX).content.decode()
    assert "<script>x</script>" not in html and "Jardin &lt;script&gt;x&lt;/script&gt;" in html
    assert "Collectif &lt;b&gt;Jardins&lt;/b&gt;" in html
    assert html.count('name="applications"') == 4
    # The bad value is still shown with its error, from the cache too.
    html = agent_client.get(INBOX + "?older_than=abc").content.decode()
    assert "error-summary" in html and 'value="abc"' in html


def test_inbox_bulk_assignment_shows_at_once(agent_client, agent):
    first = submitted_application()
    second = submitted_application(call=first.call)
    before = agent_client.get(INBOX).content.decode()
    assert "Nadia" not in _row(before, first)
    response = agent_client.post(
        reverse("grants_agents:bulk_assign"), {"applications": [first.pk, second.pk], "agent": agent.pk}
    )
    assert response.status_code == 302
    html = agent_client.get(INBOX).content.decode()
    assert "<td>Nadia</td>" in _row(html, first) and "<td>Nadia</td>" in _row(html, second)
    html = agent_client.get(INBOX + "?assigned=me").content.decode()
    assert first.number in html and second.number in html


def test_inbox_rows_follow_writes_that_skip_updated_at(agent_client, agent):
    """QuerySet.update() does not touch updated_at: what a row shows is part of its key."""
    application = submitted_application()
    assert "<td>—</td>" in _row(agent_client.get(INBOX).content.decode(), application)
    Application.objects.filter(pk=application.pk).update(assigned_agent=agent)  # as the demo data does
    assert "<td>Nadia</td>" in _row(agent_client.get(INBOX).content.decode(), application)
    Application.objects.filter(pk=application.pk).update(title="Un autre titre")
    assert "<td>Un autre titre</td>" in _row(agent_client.get(INBOX).content.decode(), application)
    # The applicant, the scheme and the agent are other rows: renamed, they show at once too.
    application.applicant.name = "Les Voisins du Lavoir"
    application.applicant.save()
    Scheme.objects.filter(pk=application.scheme_id).update(name="Budget participatif")
    agent.display_name = "Nadia B."
    agent.save()
    row = _row(agent_client.get(INBOX).content.decode(), application)
    assert "Les Voisins du Lavoir" in row and "Budget participatif" in row and "<td>Nadia B.</td>" in row
    # The erasure of an applicant's account renames their space with update() (privacy.py).
    Applicant.objects.filter(pk=application.applicant_id).update(name="Porteur de projet (compte effacé)")
    row = _row(agent_client.get(INBOX).content.decode(), application)
    assert "Porteur de projet (compte effacé)" in row and "Les Voisins du Lavoir" not in row


def test_inbox_transitions_and_piece_requests_show_at_once(agent_client, agent):
    application = submitted_application()
    agent_client.get(INBOX)
    services.application_start_instruction(application=application, by=agent)
    row = _row(agent_client.get(INBOX).content.decode(), application)
    assert "state-instruction" in row and "<td>Nadia</td>" in row
    application.refresh_from_db()
    services.pieces_request(
        application=application,
        message="Le devis signé",
        due_on=timezone.localdate() + dt.timedelta(days=10),
        by=agent,
    )
    # Waiting for the applicant: in "En cours", not among the files awaiting an agent (decision 1125).
    row = _row(agent_client.get(INBOX + "?state=open").content.decode(), application)
    assert "state-waiting_pieces" in row and "(délai suspendu)" in row


def test_inbox_age_is_not_frozen_in_the_cache(agent_client):
    """The age changes with the time of day, not with the file: it stays out of the cached cells.
    (Submitted 11 days ago but 2 minutes: the clock moves within the cells' time in the cache.)"""
    application = submitted_application()
    submitted_at = timezone.now() - dt.timedelta(days=11) + dt.timedelta(minutes=2)
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    assert '<td class="number">10 j</td>' in _row(agent_client.get(INBOX).content.decode(), application)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3), tick=False):
        assert '<td class="number">11 j</td>' in _row(agent_client.get(INBOX).content.decode(), application)


def test_inbox_choices_follow_schemes_and_agents(agent_client, agent):
    from solidaires.accounts.tests.factories import AgentFactory

    submitted_application()
    html = agent_client.get(INBOX).content.decode()
    assert ">Initiatives citoyennes</option>" in html
    scheme = Scheme.objects.get()
    scheme.name = "Projets d'habitants"
    scheme.save()
    AgentFactory(email="alex@agglo.exemple.fr", display_name="Alex")
    html = agent_client.get(INBOX).content.decode()
    assert ">Projets d&#x27;habitants</option>" in html
    assert ">Alex</option>" in html and f'<option value="{agent.pk}" selected>Nadia</option>' in html


def test_inbox_filters_and_second_page(agent_client, agent):
    first = submitted_application()
    files = [first] + [submitted_application(call=first.call) for _ in range(52)]
    Application.objects.filter(pk__in=[f.pk for f in files[:5]]).update(state=S.COMMITTEE)
    html = agent_client.get(INBOX).content.decode()
    assert html.count('name="applications"') == 50
    next_url = re.search(r'href="\?(apres=[^"]+)"', html).group(1)
    html = agent_client.get(f"{INBOX}?{next_url}").content.decode()
    assert html.count('name="applications"') == 3
    html = agent_client.get(INBOX + "?state=committee").content.decode()
    assert html.count('name="applications"') == 5
    assert '<details class="filters" open>' in html
    assert '<option value="committee" selected>' in html


def test_inbox_warm_page_needs_fewer_queries_than_cold(agent_client, django_assert_max_num_queries):
    first = submitted_application()
    for _ in range(5):
        submitted_application(call=first.call)
    with django_assert_max_num_queries(20) as cold:
        agent_client.get(INBOX + "?state=submitted")
    with django_assert_max_num_queries(len(cold.captured_queries) - 1):
        agent_client.get(INBOX + "?state=submitted")
