"""Reports about missions are the platform's reports (decision 0828): the mission page, both
agents' queues, the moderation actions, the old address and the data migration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from solidaires.accounts.tests.factories import AgentFactory, UserFactory
from solidaires.core.caching import data_version
from solidaires.core.models import AuditEntry
from solidaires.moderation.models import ActionKind, ModerationAction, Report, ReportState
from solidaires.volunteering.missions.services import MISSIONS_DATA_VERSION
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(manager, bicyclette, romans):
    return MissionFactory(
        title="Tri de vêtements", association=bicyclette, posted_by=manager, communes=[romans]
    )


def _report(client, mission, details="On demande de payer 50 €", reason="scam"):
    return client.post(
        reverse("moderation:report_content", kwargs={"kind": "mission", "pk": mission.pk}),
        {"reason": reason, "details": details},
    )


def test_reporting_from_the_mission_page_reaches_both_queues(client, inhabitant, agent, mission):
    client.force_login(inhabitant)
    page = client.get(mission.get_absolute_url()).content.decode()
    link = reverse("moderation:report_content", kwargs={"kind": "mission", "pk": mission.pk})
    assert f'href="{link}"' in page
    assert "/signaler/" not in page.replace(link, "")
    response = _report(client, mission)
    assert response.status_code == 302 and response["Location"] == mission.get_absolute_url()
    report = Report.objects.get()
    assert report.target == mission and report.reporter == inhabitant
    assert report.reported_user == mission.posted_by and report.is_open

    client.force_login(agent)
    missions_queue = client.get("/espace-agents/missions/").content.decode()
    assert "Tri de vêtements" in missions_queue and "On demande de payer 50 €" in missions_queue
    assert "Arnaque" in missions_queue
    assert reverse("moderation_agents:report", kwargs={"pk": report.pk}) in missions_queue
    platform_queue = client.get("/espace-agents/entraide/").content.decode()
    assert "Tri de vêtements" in platform_queue
    assert client.get(reverse("moderation_agents:report", kwargs={"pk": report.pk})).status_code == 200


def test_hiding_from_the_missions_queue_resolves_reports_and_tells_the_author(
    client, inhabitant, member, manager, agent, mission, django_capture_on_commit_callbacks
):
    for person in (inhabitant, member):
        client.force_login(person)
        assert _report(client, mission).status_code == 302
    version = data_version(MISSIONS_DATA_VERSION)
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/espace-agents/missions/{mission.pk}/masquer/", {"reason": "Le bénévolat ne se paie pas."}
        )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.hidden_reason == "Le bénévolat ne se paie pas." and mission.hidden_by == agent
    assert set(Report.objects.values_list("state", flat=True)) == {ReportState.RESOLVED}
    assert all(r.resolved_by == agent for r in Report.objects.all())
    action = ModerationAction.objects.get(kind=ActionKind.HIDE)
    assert action.subject_user == manager and action.target_id == mission.pk
    assert AuditEntry.objects.filter(action="mission.hidden", target_id=str(mission.pk)).exists()
    assert data_version(MISSIONS_DATA_VERSION) != version  # the cached lists are stale
    # The author is told by e-mail, and sees the reason on their pages.
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Le bénévolat ne se paie pas." in mail.outbox[0].body
    client.force_login(manager)
    assert "Le bénévolat ne se paie pas." in client.get(mission.get_absolute_url()).content.decode()
    assert "Le bénévolat ne se paie pas." in client.get("/missions/publiees/").content.decode()
    # Nothing left to do in either queue; the mission is in the "hidden" tab.
    client.force_login(agent)
    assert "Tri de vêtements" not in client.get("/espace-agents/missions/").content.decode()
    assert "Tri de vêtements" in client.get("/espace-agents/missions/?voir=masquees").content.decode()
    assert not Report.objects.open().exists()
    # Put back: recorded as well.
    assert client.post(f"/espace-agents/missions/{mission.pk}/reafficher/").status_code == 302
    mission.refresh_from_db()
    assert mission.hidden_at is None
    assert ModerationAction.objects.filter(kind=ActionKind.UNHIDE, target_id=mission.pk).exists()


def test_dismissing_from_the_missions_queue(client, inhabitant, agent, mission):
    client.force_login(inhabitant)
    _report(client, mission, reason="other", details="Bizarre")
    report = Report.objects.get()
    client.force_login(agent)
    response = client.post(f"/espace-agents/missions/signalements/{report.pk}/classer/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DISMISSED and report.resolved_by == agent
    assert ModerationAction.objects.get().kind == ActionKind.DISMISS
    mission.refresh_from_db()
    assert mission.hidden_at is None
    assert "Tri de vêtements" not in client.get("/espace-agents/missions/").content.decode()
    # Already dismissed, or a report about something else: not found here.
    assert client.post(f"/espace-agents/missions/signalements/{report.pk}/classer/").status_code == 404


def test_a_report_about_a_message_cannot_be_dismissed_from_the_missions_queue(client, inhabitant, agent):
    from solidaires.accounts.tests.factories import UserFactory
    from solidaires.messaging.tests.factories import MessageFactory, make_thread

    writer = UserFactory()
    message = MessageFactory(thread=make_thread(writer, inhabitant), author=writer)
    client.force_login(inhabitant)
    client.post(
        reverse("moderation:report_content", kwargs={"kind": "message", "pk": message.pk}), {"reason": "spam"}
    )
    report = Report.objects.get()
    client.force_login(agent)
    assert client.post(f"/espace-agents/missions/signalements/{report.pk}/classer/").status_code == 404
    report.refresh_from_db()
    assert report.is_open


def test_old_report_address_redirects_for_good(client, mission):
    response = client.get(f"/missions/{mission.pk}/signaler/")
    assert response.status_code == 301
    assert response["Location"] == f"/entraide/signaler/mission/{mission.pk}/"


# The data migration ------------------------------------------------------------------------

BEFORE = ("volunteering", "0002_engagements")


def _migrate(target):
    """Migrate the volunteering app to ``target``; the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state(target).apps


def _leaf():
    executor = MigrationExecutor(connection)
    return next(node for node in executor.loader.graph.leaf_nodes() if node[0] == "volunteering")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_migration_copies_mission_reports(romans):
    reporter, other, agent = UserFactory(), UserFactory(), AgentFactory()
    open_mission = MissionFactory(communes=[romans])
    hidden_mission = MissionFactory(communes=[romans])
    leaf = _leaf()
    try:
        old_apps = _migrate(BEFORE)
        old_report = old_apps.get_model("volunteering", "MissionReport")
        old_mission = old_apps.get_model("volunteering", "Mission")
        long_ago = timezone.now() - timedelta(days=40)
        hidden_at = long_ago + timedelta(days=1)
        old_mission.objects.filter(pk=hidden_mission.pk).update(
            hidden_at=hidden_at, hidden_reason="Payant", hidden_by_id=agent.pk
        )
        rows = [
            # open
            (open_mission, reporter, "Demande de l'argent", None, None),
            # closed when the mission was hidden
            (hidden_mission, reporter, "Payant", hidden_at + timedelta(seconds=1), agent),
            # closed long before the hiding: dismissed
            (hidden_mission, other, "Doublon", long_ago + timedelta(hours=2), agent),
            # open, but the same person has an open platform report already (see below)
            (open_mission, other, "Aussi", None, None),
        ]
        for target, who, reason, resolved_at, by in rows:
            row = old_report.objects.create(
                mission_id=target.pk,
                reporter_id=who.pk,
                reason=reason,
                resolved_at=resolved_at,
                resolved_by_id=by.pk if by else None,
            )
            old_report.objects.filter(pk=row.pk).update(created_at=long_ago, updated_at=long_ago)
        already = Report.objects.create(
            reporter=other,
            target_type=ContentType.objects.get_for_model(open_mission),
            target_id=open_mission.pk,
            reason="spam",
            details="Déjà là",
        )
    finally:
        _migrate(leaf)

    mission_type = ContentType.objects.get_for_model(open_mission)
    reports = {r.details: r for r in Report.objects.filter(target_type=mission_type)}
    assert set(reports) == {"Demande de l'argent", "Payant", "Doublon", "Aussi", "Déjà là"}
    opened = reports["Demande de l'argent"]
    assert opened.state == ReportState.OPEN and opened.reporter == reporter
    assert opened.target_id == open_mission.pk and opened.reason == "other"
    assert opened.reported_user == open_mission.posted_by and opened.target_repr == open_mission.title
    assert opened.created_at == long_ago and opened.resolved_at is None
    resolved = reports["Payant"]
    assert resolved.state == ReportState.RESOLVED and resolved.resolved_by == agent
    assert resolved.resolved_at == hidden_at + timedelta(seconds=1)
    assert "Payant" in resolved.resolution_note
    dismissed = reports["Doublon"]
    assert dismissed.state == ReportState.DISMISSED and dismissed.reporter == other
    duplicate = reports["Aussi"]
    assert (
        duplicate.state == ReportState.DISMISSED and "déjà un signalement ouvert" in duplicate.resolution_note
    )
    assert reports["Déjà là"].pk == already.pk and reports["Déjà là"].is_open
    # They are in the missions queue now.
    assert Report.objects.open().count() == 2

    # Backwards then forwards again: the reports go back to MissionReport, and nothing is
    # copied twice (the platform's reports stay where they are).
    try:
        old_apps = _migrate(BEFORE)
        old_rows = old_apps.get_model("volunteering", "MissionReport").objects.order_by("pk")
        assert sorted(r.reason for r in old_rows) == [
            "Aussi",
            "Demande de l'argent",
            "Doublon",
            "Déjà là",
            "Payant",
        ]
        assert sorted(r.reason for r in old_rows if r.resolved_at is None) == [
            "Demande de l'argent",
            "Déjà là",
        ]
    finally:
        _migrate(leaf)
    assert Report.objects.filter(target_type=mission_type).count() == 5


def test_admin_shows_the_platform_reports_of_a_mission(client, admin_user, inhabitant, mission):
    from solidaires.moderation import services as moderation

    moderation.report_create(by=inhabitant, target=mission, reason="other", details="Étrange")
    client.force_login(admin_user)
    response = client.get(f"/admin/volunteering/mission/{mission.pk}/change/")
    assert response.status_code == 200
    assert "Étrange" in response.content.decode()


def test_the_poster_cannot_report_their_own_mission(client, manager, mission):
    client.force_login(manager)
    url = reverse("moderation:report_content", kwargs={"kind": "mission", "pk": mission.pk})
    response = client.get(url)
    assert response.status_code == 403
    assert "Vous ne pouvez pas signaler votre propre contenu." in response.content.decode()
    assert _report(client, mission).status_code == 403
    assert not Report.objects.exists()


def test_a_mission_hidden_from_the_moderation_queue_leaves_the_cached_missions_list_at_once(
    client, agent, bicyclette, manager, romans
):
    from solidaires.moderation import services

    mission = MissionFactory(
        title="Mission douteuse", association=bicyclette, posted_by=manager, communes=[romans]
    )
    before = mission.updated_at
    assert "Mission douteuse" in client.get("/missions/").content.decode()
    assert client.get("/missions/")["X-Solidaires-Cache"] == "hit"

    services.content_hide(target=mission, by=agent, reason="Annonce trompeuse")

    response = client.get("/missions/")
    assert response["X-Solidaires-Cache"] == "miss"
    assert "Mission douteuse" not in response.content.decode()
    mission.refresh_from_db()
    assert mission.updated_at > before

    services.content_unhide(target=mission, by=agent)
    assert "Mission douteuse" in client.get("/missions/").content.decode()


def test_missions_and_volunteer_offers_can_be_reported_and_missions_hidden(member, agent):
    from solidaires.moderation import services as moderation
    from solidaires.volunteering.tests.factories import MissionFactory, OfferFactory

    mission = MissionFactory()
    report = moderation.report_create(by=member, target=mission, reason="spam")
    assert report.reported_user == mission.posted_by
    moderation.content_hide(target=mission, by=agent, reason="Publicité", report=report)
    mission.refresh_from_db()
    assert mission.hidden_at is not None and mission.hidden_reason == "Publicité"
    offer = OfferFactory()
    offer_report = moderation.report_create(by=member, target=offer, reason="other", details="Faux profil")
    assert offer_report.reported_user == offer.person


def test_a_hidden_mission_has_one_status_in_the_queues(client, manager, agent, mission):
    """Issue 11: a hidden mission was shown "Publiée, masquée" in the agents' missions queue."""
    from solidaires.moderation import services as moderation

    moderation.content_hide(target=mission, by=agent, reason="Demande de paiement")
    client.force_login(agent)
    queue = client.get("/espace-agents/missions/?voir=masquees").content.decode()
    row = queue[queue.index("Tri de vêtements") :]
    row = row[: row.index("</tr>")]
    assert "Masquée par la modération" in row and "Publiée" not in row
    client.force_login(manager)
    mine = client.get(reverse("volunteering:mine")).content.decode()
    assert "Masquée par la modération" in mine
