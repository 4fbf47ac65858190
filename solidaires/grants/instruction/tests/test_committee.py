"""Committee: members see only their sessions, conflicts exclude scoring and hide others' scores."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import ROLES
from solidaires.accounts.tests.factories import ElectedFactory
from solidaires.grants.instruction import services
from solidaires.grants.instruction.selectors import session_ranking
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.models import Score
from solidaires.grants.tests.factories import (
    SchemeFactory,
    committee_session,
    envelope,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    return SchemeFactory(
        criteria=[
            {"key": "utilite", "label": "Utilité sociale", "weight": 3},
            {"key": "faisabilite", "label": "Faisabilité", "weight": 1},
        ]
    )


@pytest.fixture
def session(scheme, agent, elected):
    return committee_session(scheme=scheme, members=[agent, elected])


@pytest.fixture
def files(scheme, session):
    a = submitted_application(state=S.COMMITTEE, call__scheme=scheme)
    b = submitted_application(state=S.COMMITTEE, call__scheme=scheme)
    session.applications.add(a, b)
    return a, b


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_member_pages_permission_grid(as_role, session, files):
    """Only members (here the agent and the elected official) reach the session; others get 404."""
    client, user = as_role
    a, _b = files
    urls = [
        reverse("grants:committee_session", args=[session.pk]),
        reverse("grants:committee_file", args=[session.pk, a.pk]),
        reverse("grants:committee_summary", args=[session.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if user is None:
            assert response.status_code == 302
        elif user.email in {"nadia@agglo.exemple.fr", "paul@agglo.exemple.fr"}:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url
    listing = client.get(reverse("grants:committee_sessions"))
    if user is None:
        assert listing.status_code == 302
    else:
        assert (session.name in listing.content.decode()) == (
            user.email in {"nadia@agglo.exemple.fr", "paul@agglo.exemple.fr"}
        )


def test_members_see_only_their_sessions(client, scheme, elected, agent):
    mine = committee_session(scheme=scheme, members=[elected])
    other_elected = ElectedFactory()
    theirs = committee_session(scheme=scheme, members=[other_elected])
    theirs.name = "Séance secrète"
    theirs.save()
    client.force_login(elected)
    html = client.get(reverse("grants:committee_sessions")).content.decode()
    assert mine.name in html
    assert "Séance secrète" not in html
    assert client.get(reverse("grants:committee_session", args=[theirs.pk])).status_code == 404


def test_conflict_excludes_scoring_and_hides_scores(client, session, files, agent, elected):
    a, b = files
    services.scores_set(session=session, application=a, values={"utilite": 5, "faisabilite": 4}, by=agent)
    services.scores_set(session=session, application=a, values={"utilite": 1, "faisabilite": 1}, by=elected)
    services.conflict_declare(session=session, application=a, note="Membre du collectif", by=elected)
    # The conflicted member's scores are gone and do not count.
    assert not Score.objects.filter(member__user=elected, application=a).exists()
    with pytest.raises(PermissionDenied):
        services.scores_set(
            session=session, application=a, values={"utilite": 5, "faisabilite": 5}, by=elected
        )
    # Elected still scores the other file.
    services.scores_set(session=session, application=b, values={"utilite": 2, "faisabilite": 2}, by=elected)

    seen_by_elected = {r.application.pk: r for r in session_ranking(session, elected)["rows"]}
    assert seen_by_elected[a.pk].viewer_conflict
    assert seen_by_elected[a.pk].ranked is None
    seen_by_agent = {r.application.pk: r for r in session_ranking(session, agent)["rows"]}
    assert str(seen_by_agent[a.pk].ranked.score) == "4.75"

    client.force_login(elected)
    html = client.get(reverse("grants:committee_session", args=[session.pk])).content.decode()
    assert "conflit déclaré" in html
    assert "4,75" not in html
    page = client.get(reverse("grants:committee_file", args=[session.pk, a.pk])).content.decode()
    assert "Vous avez déclaré un conflit" in page
    assert "Enregistrer mes notes" not in page
    # A POST anyway is refused.
    response = client.post(
        reverse("grants:committee_file", args=[session.pk, a.pk]),
        {"action": "score", "c_utilite": "5", "c_faisabilite": "5"},
    )
    assert response.status_code == 400
    assert not Score.objects.filter(member__user=elected, application=a).exists()

    client.force_login(agent)
    html = client.get(reverse("grants:committee_session", args=[session.pk])).content.decode()
    assert "4,75" in html


def test_scoring_through_page_with_bad_input(client, session, files, elected):
    a, _b = files
    client.force_login(elected)
    url = reverse("grants:committee_file", args=[session.pk, a.pk])
    response = client.post(url, {"action": "score", "c_utilite": "4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Donnez une note entre 0 et 5." in html
    assert 'value="4" checked' in html or 'value="4"\n' in html or "checked" in html
    response = client.post(url, {"action": "score", "c_utilite": "4", "c_faisabilite": "3"})
    assert response.status_code == 302
    assert Score.objects.filter(member__user=elected, application=a).count() == 2


def test_scores_need_an_open_session(session, files, elected):
    a, _b = files
    session.state = "planned"
    session.save()
    with pytest.raises(PermissionDenied):
        services.scores_set(
            session=session, application=a, values={"utilite": 1, "faisabilite": 1}, by=elected
        )


def test_scores_out_of_range_rejected(session, files, elected):
    a, _b = files
    with pytest.raises(ValidationError):
        services.scores_set(
            session=session, application=a, values={"utilite": 6, "faisabilite": 1}, by=elected
        )


def test_non_member_cannot_score_or_declare(session, files, inhabitant):
    a, _b = files
    with pytest.raises(PermissionDenied):
        services.scores_set(
            session=session, application=a, values={"utilite": 1, "faisabilite": 1}, by=inhabitant
        )
    with pytest.raises(PermissionDenied):
        services.conflict_declare(session=session, application=a, by=inhabitant)


def test_ranking_proposes_against_envelope(session, files, agent, elected, scheme):
    a, b = files
    envelope(scheme, 500_000)
    services.scores_set(session=session, application=a, values={"utilite": 5, "faisabilite": 5}, by=agent)
    services.scores_set(session=session, application=b, values={"utilite": 3, "faisabilite": 3}, by=agent)
    data = session_ranking(session, agent)
    proposed = {r.application.pk: r.ranked.proposed_cents for r in data["rows"]}
    # Each file asks 4 000 €; 5 000 € left: the first in full, the second 1 000 €.
    assert proposed == {a.pk: 400_000, b.pk: 100_000}
    assert data["after"] == 0


def test_session_close_requires_decisions(session, files, agent):
    with pytest.raises(ValidationError):
        services.session_set_state(session=session, state="closed", by=agent)
    for application in files:
        services.decision_record(application=application, session=session, outcome="postponed", by=agent)
    services.session_set_state(session=session, state="closed", by=agent)
    with pytest.raises(ValidationError):
        services.session_set_state(session=session, state="scoring", by=agent)


def test_member_must_be_agent_or_elected(scheme, agent, inhabitant):
    with pytest.raises(ValidationError):
        services.session_create(
            scheme=scheme,
            year=2026,
            meets_on=__import__("datetime").date(2026, 12, 1),
            name="",
            members=[inhabitant],
            by=agent,
        )


def test_agents_add_and_remove_members(client, session, files, agent, elected):
    from solidaires.grants.models import CommitteeMember

    newcomer = ElectedFactory(display_name="Zoé")
    client.force_login(agent)
    response = client.post(
        reverse("grants_agents:session_member_add", args=[session.pk]), {"user": newcomer.pk}
    )
    assert response.status_code == 302
    seat = CommitteeMember.objects.get(session=session, user=newcomer)
    url = reverse("grants_agents:session_member_remove", args=[session.pk, seat.pk])
    assert client.get(url).status_code == 200  # confirmation page
    assert client.post(url).status_code == 302
    assert not CommitteeMember.objects.filter(session=session, user=newcomer).exists()
    # A member who scored stays.
    a, _b = files
    services.scores_set(session=session, application=a, values={"utilite": 3, "faisabilite": 3}, by=elected)
    seat = CommitteeMember.objects.get(session=session, user=elected)
    url = reverse("grants_agents:session_member_remove", args=[session.pk, seat.pk])
    response = client.post(url)
    assert response.status_code == 400
    assert "déjà noté" in response.content.decode()
    # Not for elected officials.
    client.force_login(elected)
    assert (
        client.post(
            reverse("grants_agents:session_member_add", args=[session.pk]), {"user": agent.pk}
        ).status_code
        == 403
    )
