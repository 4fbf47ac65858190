"""A neighbour without a display name is never named after their e-mail address (decision 1110):
the mutual-aid post, the conversation, its list, the block button and its confirmation page,
the list of blocked people."""

from __future__ import annotations

import pytest

from solidaires.accounts.tests.naming import assert_named_without_address, nameless_user
from solidaires.mutualaid import services
from solidaires.mutualaid.models import SafetyGuideAck

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeanne():
    return nameless_user()


@pytest.fixture
def post(jeanne, valence):
    return MutualAidPostFactory(author=jeanne, commune=valence, title="Courses au marché")


@pytest.fixture
def thread(post, member):
    """Jeanne asks for help; a member of the Bicyclette answers."""
    SafetyGuideAck.objects.create(user=member)
    return services.post_answer(post=post, by=member, body="Je peux vous aider mardi.")


def test_post_page_and_board(client, jeanne, member, post, thread):
    client.force_login(member)
    assert_named_without_address(client.get("/entraide/").content.decode(), named=False)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert_named_without_address(page.content.decode(), named=False)


def test_thread_its_list_and_the_block_button(client, jeanne, member, thread):
    client.force_login(member)
    page = client.get(f"/messages/{thread.pk}/").content.decode()
    assert "Bloquer cette personne" in page
    assert_named_without_address(page)
    assert_named_without_address(client.get("/messages/").content.decode())
    confirm = client.get(f"/messages/{thread.pk}/bloquer/{jeanne.pk}/")
    assert confirm.status_code == 200
    assert_named_without_address(confirm.content.decode())
    assert client.post(f"/messages/{thread.pk}/bloquer/{jeanne.pk}/").status_code == 302
    assert_named_without_address(client.get("/messages/bloques/").content.decode())


def test_her_own_message_seen_by_the_other_person(client, jeanne, member, thread):
    from solidaires.messaging.services import message_send

    message_send(thread=thread, by=jeanne, body="Merci, mardi 10 h ?")
    client.force_login(member)
    page = client.get(f"/messages/{thread.pk}/").content.decode()
    assert "Merci, mardi 10 h ?" in page
    assert_named_without_address(page)
