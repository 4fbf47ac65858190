"""Pages: permission grid (every view x every role), forms, escaping, query counts."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from conftest import ROLES
from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import selectors, services
from solidaires.messaging.digest import unsubscribe_token
from solidaires.messaging.models import Message
from solidaires.moderation import selectors as moderation_selectors
from solidaires.moderation.models import Block

from .factories import MessageFactory, make_thread

pytestmark = pytest.mark.django_db

LOGIN = "login"


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])


def expect(role, table):
    return table[ROLES.index(role)]


@pytest.fixture
def role(request):
    return request.node.callspec.params["as_role"]


@pytest.fixture
def person_thread(inhabitant, member, bicyclette):
    """Camille and Lou talk about La Bicyclette Bleue (two inhabitants)."""
    thread = make_thread(inhabitant, member, about=bicyclette, subject="Un vélo à prêter")
    services.message_send(thread=thread, by=member, body="Bonjour Camille")
    return thread


@pytest.fixture
def association_thread(inhabitant, bicyclette, manager):
    """Camille writes to La Bicyclette Bleue (Sami answers for it)."""
    thread = make_thread(inhabitant, association=bicyclette, subject="Devenir bénévole")
    services.message_send(thread=thread, by=inhabitant, body="Bonjour, je veux aider")
    return thread


#        anonymous, inhabitant, member, manager, agent, elected, admin
EVERYONE = (LOGIN, 200, 200, 200, 200, 200, 200)
PERSON_THREAD = (LOGIN, 200, 200, 404, 404, 404, 404)
ASSOCIATION_THREAD = (LOGIN, 200, 404, 200, 404, 404, 404)
PERSON_THREAD_POST = (LOGIN, 302, 302, 404, 404, 404, 404)
BLOCK_LOU = (LOGIN, 200, 404, 404, 404, 404, 404)
BLOCK_LOU_POST = (LOGIN, 302, 404, 404, 404, 404, 404)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_inbox(as_role, role, person_thread):
    client, _ = as_role
    check(client.get("/messages/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_preferences_page(as_role, role):
    client, _ = as_role
    check(client.get("/messages/preferences/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_blocks_page(as_role, role):
    client, _ = as_role
    check(client.get("/messages/bloques/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_person_thread(as_role, role, person_thread):
    client, _ = as_role
    check(client.get(person_thread.get_absolute_url()), expect(role, PERSON_THREAD))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_association_thread(as_role, role, association_thread):
    client, _ = as_role
    check(client.get(association_thread.get_absolute_url()), expect(role, ASSOCIATION_THREAD))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_person_thread_post(as_role, role, person_thread):
    client, _ = as_role
    before = Message.objects.count()
    response = client.post(person_thread.get_absolute_url(), {"body": "Réponse"})
    check(response, expect(role, PERSON_THREAD_POST))
    assert Message.objects.count() == before + (
        1 if response.status_code == 302 and role != "anonymous" else 0
    )


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_mute_post(as_role, role, person_thread):
    client, _ = as_role
    check(
        client.post(f"/messages/{person_thread.pk}/sourdine/", {"muted": "1"}),
        expect(role, PERSON_THREAD_POST),
    )


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_block_page(as_role, role, person_thread, member):
    client, _ = as_role
    check(client.get(f"/messages/{person_thread.pk}/bloquer/{member.pk}/"), expect(role, BLOCK_LOU))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_block_post(as_role, role, person_thread, member):
    client, _user = as_role
    check(client.post(f"/messages/{person_thread.pk}/bloquer/{member.pk}/"), expect(role, BLOCK_LOU_POST))
    assert Block.objects.filter(blocked=member).exists() == (role == "inhabitant")


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_unsubscribe_page_is_public(as_role, role, inhabitant):
    client, _ = as_role
    check(client.get(f"/messages/desabonnement/{unsubscribe_token(inhabitant.pk)}/"), 200)


def test_get_marks_read_and_header_badge(client, inhabitant, person_thread):
    client.force_login(inhabitant)
    page = client.get("/messages/").content.decode()
    assert "1 conversation non lue" in page
    assert 'class="badge thread-badge"' in page
    client.get(person_thread.get_absolute_url())
    page = client.get("/messages/").content.decode()
    assert "conversation non lue" not in page
    assert selectors.unread_thread_count(inhabitant) == 0


def test_reply_bad_input_keeps_text(client, inhabitant, person_thread):
    client.force_login(inhabitant)
    long_text = "Bonjour " + "x" * 5000
    response = client.post(person_thread.get_absolute_url(), {"body": long_text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "raccourcissez-le" in page
    assert "x" * 5000 in page
    assert "aria-describedby" in page
    response = client.post(person_thread.get_absolute_url(), {"body": "   "})
    assert "Écrivez votre message" in response.content.decode()


def test_reply_rate_limited_keeps_text(settings, client, inhabitant, person_thread):
    settings.MESSAGING_MESSAGES_PER_MINUTE = 1
    client.force_login(inhabitant)
    assert client.post(person_thread.get_absolute_url(), {"body": "Premier"}).status_code == 302
    response = client.post(person_thread.get_absolute_url(), {"body": "Deuxième texte gardé"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "beaucoup de messages" in page and "Deuxième texte gardé" in page


def test_reply_sends_link_only_email(
    client, inhabitant, member, person_thread, django_capture_on_commit_callbacks
):
    client.force_login(inhabitant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(person_thread.get_absolute_url(), {"body": "Mon numéro privé"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Mon numéro" not in mail.outbox[0].body


def test_html_is_escaped(client, inhabitant, member, bicyclette):
    thread = make_thread(inhabitant, member, about=bicyclette, subject="<b>Sujet</b>")
    services.message_send(thread=thread, by=member, body="<script>alert(1)</script>")
    client.force_login(inhabitant)
    for url in (thread.get_absolute_url(), "/messages/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>Sujet</b>" not in page


def test_association_reply_shows_manager_for_association(client, inhabitant, manager, association_thread):
    client.force_login(manager)
    client.post(association_thread.get_absolute_url(), {"body": "Avec plaisir !"})
    client.force_login(inhabitant)
    page = client.get(association_thread.get_absolute_url()).content.decode()
    assert "Sami pour La Bicyclette Bleue" in page


def test_block_flow(client, inhabitant, member, person_thread):
    client.force_login(inhabitant)
    page = client.get(f"/messages/{person_thread.pk}/bloquer/{member.pk}/").content.decode()
    assert "Oui, bloquer Lou" in page
    assert client.post(f"/messages/{person_thread.pk}/bloquer/{member.pk}/").status_code == 302
    # Neither can write any more.
    page = client.get(person_thread.get_absolute_url()).content.decode()
    assert "Vous ne pouvez plus écrire" in page
    response = client.post(person_thread.get_absolute_url(), {"body": "Encore"})
    assert response.status_code == 400 and "blocage" in response.content.decode()
    client.force_login(member)
    response = client.post(person_thread.get_absolute_url(), {"body": "Pourquoi ?"})
    assert response.status_code == 400
    assert "Pourquoi ?" in response.content.decode()
    # Unblock from the list.
    client.force_login(inhabitant)
    assert "Lou" in client.get("/messages/bloques/").content.decode()
    client.post(f"/messages/bloques/{member.pk}/debloquer/")
    assert not moderation_selectors.blocked_between(inhabitant, member)


def test_cannot_unblock_someone_not_blocked(client, inhabitant, member):
    client.force_login(inhabitant)
    assert client.post(f"/messages/bloques/{member.pk}/debloquer/").status_code == 404


def test_cannot_block_outside_thread(client, inhabitant, person_thread, elected):
    client.force_login(inhabitant)
    assert client.get(f"/messages/{person_thread.pk}/bloquer/{elected.pk}/").status_code == 404
    assert client.get(f"/messages/{person_thread.pk}/bloquer/{inhabitant.pk}/").status_code == 404


def test_unknown_thread_is_404(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/messages/999999/").status_code == 404


def test_mute_toggle(client, inhabitant, person_thread):
    client.force_login(inhabitant)
    client.post(f"/messages/{person_thread.pk}/sourdine/", {"muted": "1"})
    assert person_thread.participants.get(user=inhabitant).muted
    assert "Recevoir à nouveau" in client.get(person_thread.get_absolute_url()).content.decode()
    client.post(f"/messages/{person_thread.pk}/sourdine/", {"muted": "0"})
    assert not person_thread.participants.get(user=inhabitant).muted


def test_preferences_save(client, inhabitant):
    from solidaires.accounts.models import Profile

    client.force_login(inhabitant)
    response = client.post(
        "/messages/preferences/",
        {"weekly_digest": "on", "use_profile_interests": "0", "themes": ["mobilite", "sante"]},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=inhabitant)
    assert profile.wants("weekly_digest") and not profile.wants("email_messages")
    prefs = inhabitant.messaging_preferences
    assert not prefs.digest_use_profile_interests
    assert set(prefs.digest_themes.values_list("slug", flat=True)) == {"mobilite", "sante"}
    page = client.get("/messages/preferences/").content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="themes" value="([a-z-]+)"[^>]*checked', page))
    assert checked == {"mobilite", "sante"}


def test_preferences_bad_input(client, inhabitant):
    client.force_login(inhabitant)
    response = client.post(
        "/messages/preferences/", {"use_profile_interests": "peut-être", "weekly_digest": "on"}
    )
    assert response.status_code == 400
    assert "resume-erreurs" in response.content.decode()


def test_inbox_pagination_and_empty_state(client, inhabitant):
    client.force_login(inhabitant)
    assert "pas encore de conversation" in client.get("/messages/").content.decode()
    others = UserFactory.create_batch(25)
    for i, other in enumerate(others):
        thread = make_thread(inhabitant, other, about=other, subject=f"Fil {i:02d}")
        MessageFactory(thread=thread, author=other)
        thread.last_message_at = thread.messages.get().created_at
        thread.save(update_fields=["last_message_at"])
    first = client.get("/messages/").context["page"]
    assert len(first.items) == 20 and first.has_next
    second = client.get(f"/messages/?apres={first.next_cursor}").context["page"]
    assert len(second.items) == 5 and not second.has_next and second.has_previous
    seen = {r.thread.pk for r in first.items} | {r.thread.pk for r in second.items}
    assert len(seen) == 25
    back = client.get(f"/messages/?avant={second.previous_cursor}").context["page"]
    assert [r.thread.pk for r in back.items] == [r.thread.pk for r in first.items]
    assert client.get("/messages/?apres=nimportequoi").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_inbox_query_count_constant(client, inhabitant, django_assert_max_num_queries, n):
    others = UserFactory.create_batch(n)
    for other in others:
        thread = make_thread(inhabitant, other, about=other)
        services.message_send(thread=thread, by=other, body="Bonjour")
    client.force_login(inhabitant)
    client.get("/messages/")  # warm the session
    with django_assert_max_num_queries(9):
        response = client.get("/messages/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_thread_query_count_constant(
    client, inhabitant, member, bicyclette, django_assert_max_num_queries, n
):
    thread = make_thread(inhabitant, member, about=bicyclette)
    for i in range(n):
        MessageFactory(thread=thread, author=member if i % 2 else inhabitant)
    client.force_login(inhabitant)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(16):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200


def test_unsubscribe_one_click(inhabitant):
    from solidaires.accounts.models import Profile

    services.preferences_update(
        user=inhabitant, email_messages=True, weekly_digest=True, use_profile_interests=True, themes=[]
    )
    client = Client(enforce_csrf_checks=True)
    url = f"/messages/desabonnement/{unsubscribe_token(inhabitant.pk)}/"
    page = client.get(url).content.decode()
    assert "Me désabonner" in page
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Désabonnement enregistré" in response.content.decode()
    assert not Profile.objects.get(user=inhabitant).wants("weekly_digest")
    assert client.post(url).status_code == 200  # idempotent


@pytest.mark.parametrize("token", ["1.abc", "nimportequoi", "0"])
def test_unsubscribe_tampered_token(client, inhabitant, token):
    assert client.get(f"/messages/desabonnement/{token}/").status_code == 404
    assert client.post(f"/messages/desabonnement/{token}/").status_code == 404


def test_unsubscribe_token_for_other_user_tampered(client, inhabitant, member):
    token = unsubscribe_token(inhabitant.pk)
    forged = f"{member.pk}.{token.split('.', 1)[1]}"
    assert client.post(f"/messages/desabonnement/{forged}/").status_code == 404


def test_report_link_goes_to_the_moderation_report_page(client, inhabitant, member, elected, person_thread):
    message = person_thread.messages.get()
    client.force_login(inhabitant)
    page = client.get(person_thread.get_absolute_url()).content.decode()
    url = f"/entraide/signaler/message/{message.pk}/"
    assert url in page
    assert client.get(url).status_code == 200
    client.force_login(elected)
    assert client.get(url).status_code == 404
