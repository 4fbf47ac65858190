"""Contesting a moderation decision (issue 11, decision 1120): the author of a hidden post
contests it from the e-mail or the post's page; the contest reaches the agents' queue with the
author's text; an agent upholds or reverses it; the author is told by e-mail and on the page."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.models import AuditEntry
from solidaires.moderation import services as moderation
from solidaires.moderation.models import ActionKind, Contest, ContestState, ModerationAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(post, member, agent, django_capture_on_commit_callbacks):
    """Camille's post, reported by Lou and hidden by Nadia; the e-mail is sent."""
    report = moderation.report_create(by=member, target=post, reason="scam")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.content_hide(target=post, by=agent, reason="Demande d'argent", report=report)
    post.refresh_from_db()
    return ModerationAction.objects.get(kind=ActionKind.HIDE)


def url(action):
    return f"/entraide/decisions/{action.pk}/contester/"


def test_the_hide_email_links_to_the_contest_page_and_does_not_ask_to_reply(hidden):
    (email,) = mail.outbox
    assert "répondez" not in email.body.lower() and "répondre à" not in email.body.lower()
    assert "Contestez cette décision dans les 30 jours" in email.body
    assert "http://" in email.body and url(hidden) in email.body


def test_the_suspension_email_gives_an_address_that_reads_replies(
    post, member, agent, django_capture_on_commit_callbacks
):
    report = moderation.report_create(by=member, target=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.user_suspend(user=post.author, by=agent, reason="Menaces", report=report)
    (email,) = mail.outbox
    assert "répondez à cet e-mail" not in email.body
    assert "contact@solidaires.localhost" in email.body or "@" in email.body.split("l'adresse")[1]


def test_the_author_finds_the_contest_link_on_the_hidden_post(client, hidden, post, member):
    client.force_login(post.author)
    html = unescape(client.get(post.get_absolute_url()).content.decode())
    assert "Contester cette décision" in html and f'href="{url(hidden)}"' in html
    assert "Répondez à l'e-mail" not in html
    client.force_login(member)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_only_the_author_reaches_the_contest_page(client, hidden, post, member, agent):
    assert client.get(url(hidden)).status_code == 302  # visitor: to the sign-in page
    for person in (member, agent, UserFactory()):
        client.force_login(person)
        assert client.get(url(hidden)).status_code == 404
        assert client.post(url(hidden), {"text": "Ce n'est pas juste"}).status_code == 404
    assert not Contest.objects.exists()
    with pytest.raises(PermissionDenied):
        moderation.contest_create(action=hidden, by=member, text="Je conteste")
    client.force_login(post.author)
    assert client.get("/entraide/decisions/999999/contester/").status_code == 404


def test_author_contests_and_it_reaches_the_agents_queue(client, hidden, post, agent):
    client.force_login(post.author)
    page = unescape(client.get(url(hidden)).content.decode())
    assert "Demande d'argent" in page and "Envoyer ma contestation" in page
    empty = client.post(url(hidden), {"text": "  "})
    assert empty.status_code == 400 and "Expliquez en quelques mots" in unescape(empty.content.decode())
    too_long = client.post(url(hidden), {"text": "x" * 2001})
    assert too_long.status_code == 400 and "2000 caractères au plus" in unescape(too_long.content.decode())
    response = client.post(url(hidden), {"text": "Je demandais de l'aide, pas de l'argent."})
    assert response.status_code == 302 and response["Location"] == url(hidden)
    contest = Contest.objects.get()
    assert contest.author == post.author and contest.state == ContestState.OPEN
    assert AuditEntry.objects.filter(action="moderation_contest.created").count() == 1
    page = unescape(client.get(url(hidden)).content.decode())
    assert "À examiner" in page and "Envoyer ma contestation" not in page
    again = client.post(url(hidden), {"text": "Encore"})
    assert again.status_code == 400 and Contest.objects.count() == 1
    with pytest.raises(ValidationError):
        moderation.contest_create(action=hidden, by=post.author, text="Encore")

    client.force_login(agent)
    queue = unescape(client.get("/espace-agents/entraide/").content.decode())
    assert "Contestations à examiner" in queue and "pas de l'argent" in queue
    assert f"/espace-agents/entraide/contestations/{contest.pk}/" in queue
    detail = unescape(client.get(f"/espace-agents/entraide/contestations/{contest.pk}/").content.decode())
    assert "Je demandais de l'aide" in detail and "Demande d'argent" in detail


def test_agent_reverses_the_post_is_back_and_the_author_is_told(
    client, hidden, post, agent, django_capture_on_commit_callbacks
):
    contest = moderation.contest_create(action=hidden, by=post.author, text="C'est une erreur.")
    mail.outbox.clear()
    client.force_login(agent)
    page = f"/espace-agents/entraide/contestations/{contest.pk}/"
    missing = client.post(page, {"outcome": "annuler", "reason": ""})
    assert missing.status_code == 400 and "Écrivez votre réponse" in unescape(missing.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"outcome": "annuler", "reason": "Vous avez raison, désolés."})
    assert response.status_code == 302
    contest.refresh_from_db()
    post.refresh_from_db()
    assert contest.state == ContestState.REVERSED and contest.decided_by == agent
    assert not post.is_hidden
    assert ModerationAction.objects.filter(kind=ActionKind.UNHIDE).count() == 1
    assert AuditEntry.objects.filter(action="moderation_contest.reversed").count() == 1
    (email,) = mail.outbox
    assert email.to == [post.author.email] and "Vous avez raison, désolés." in email.body
    assert "la décision est annulée" in email.body and url(hidden) in email.body
    assert client.post(page, {"outcome": "maintenir", "reason": "Non"}).status_code == 400

    client.force_login(post.author)
    html = unescape(client.get(url(hidden)).content.decode())
    assert "Décision annulée" in html and "Vous avez raison, désolés." in html


def test_agent_upholds_the_post_stays_hidden(client, hidden, post, agent, django_capture_on_commit_callbacks):
    contest = moderation.contest_create(action=hidden, by=post.author, text="C'est une erreur.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.contest_decide(
            contest=contest, by=agent, reverse=False, reason="Le virement était demandé."
        )
    post.refresh_from_db()
    contest.refresh_from_db()
    assert post.is_hidden and contest.state == ContestState.UPHELD
    assert "La décision est maintenue." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        moderation.contest_decide(contest=contest, by=agent, reverse=True, reason="Finalement")
    with pytest.raises(TransitionNotAllowed):
        contest.reverse()
    with pytest.raises(PermissionDenied):
        moderation.contest_decide(contest=contest, by=post.author, reverse=True, reason="Moi")


def test_the_delay_to_contest_is_thirty_days(client, hidden, post):
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        client.force_login(post.author)
        page = unescape(client.get(url(hidden)).content.decode())
        assert "délai de 30 jours" in page and "Envoyer ma contestation" not in page
        assert client.post(url(hidden), {"text": "Trop tard ?"}).status_code == 400
    assert not Contest.objects.exists()


def test_content_put_back_meanwhile_cannot_be_contested(client, hidden, post, agent):
    moderation.content_unhide(target=post, by=agent, reason="Erreur")
    client.force_login(post.author)
    assert "plus masqué" in unescape(client.get(url(hidden)).content.decode())
    assert client.post(url(hidden), {"text": "Et alors ?"}).status_code == 400


def test_a_warning_can_be_contested_too(client, post, member, agent):
    action = moderation.user_warn(user=post.author, by=agent, message="Restez courtois")
    contest = moderation.contest_create(action=action, by=post.author, text="J'ai été courtois.")
    moderation.contest_decide(contest=contest, by=agent, reverse=True, reason="Exact.")
    contest.refresh_from_db()
    assert contest.state == ContestState.REVERSED


def test_the_person_exports_and_erases_their_contests(hidden, post):
    from solidaires.moderation.privacy import erase_user_data, export_user_data

    moderation.contest_create(action=hidden, by=post.author, text="Mon texte")
    assert export_user_data(post.author)["moderation_contests"][0]["text"] == "Mon texte"
    erase_user_data(user=post.author)
    assert Contest.objects.get().text == ""
