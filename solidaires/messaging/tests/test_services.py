"""Services: threads, messages, blocks, rate limits, notifications (coalescing), mark read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import selectors, services
from solidaires.messaging.models import Message, Participant, ParticipantKind, Thread
from solidaires.moderation import selectors as moderation_selectors
from solidaires.moderation import services as moderation_services
from solidaires.moderation.tests.factories import BlockFactory

from .factories import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@exemple.fr", display_name="Bob")


def test_thread_get_or_create_is_idempotent(inhabitant, bob, bicyclette):
    t1 = make_thread(inhabitant, bob, about=bicyclette)
    t2 = make_thread(bob, inhabitant, about=bicyclette, by=bob)
    assert t1.pk == t2.pk
    assert Thread.objects.count() == 1
    assert set(t1.participants.values_list("user_id", "kind")) == {
        (inhabitant.pk, ParticipantKind.PERSON),
        (bob.pk, ParticipantKind.PERSON),
    }
    # A different object is another thread.
    other = make_thread(inhabitant, bob, about=bob)
    assert other.pk != t1.pk


def test_association_thread_includes_managers(inhabitant, bicyclette, manager, member):
    thread = make_thread(inhabitant, association=bicyclette)
    kinds = dict(thread.participants.values_list("user_id", "kind"))
    assert kinds == {inhabitant.pk: ParticipantKind.PERSON, manager.pk: ParticipantKind.ASSOCIATION}
    assert thread.association == bicyclette
    # Managers (not members) read and answer as the association.
    message = services.message_send(thread=thread, by=manager, body="Bienvenue !")
    assert message.as_association == bicyclette
    assert message.author_label == "Sami pour La Bicyclette Bleue"
    with pytest.raises(PermissionDenied):
        services.message_send(thread=thread, by=member, body="Moi aussi")


def test_manager_may_start_association_thread(inhabitant, bicyclette, manager):
    thread = services.thread_get_or_create(
        about=bicyclette, subject="Votre candidature", people=[inhabitant], association=bicyclette, by=manager
    )
    assert selectors.visible_threads(manager).filter(pk=thread.pk).exists()


def test_stranger_cannot_start_thread_for_others(inhabitant, bob, elected, bicyclette, member):
    with pytest.raises(PermissionDenied):
        make_thread(inhabitant, bob, about=bicyclette, by=elected)
    with pytest.raises(PermissionDenied):
        services.thread_get_or_create(
            about=bicyclette, subject="x", people=[inhabitant], association=bicyclette, by=member
        )


def test_agent_may_start_thread_but_not_read_it(inhabitant, bob, agent, bicyclette):
    thread = make_thread(inhabitant, bob, about=bicyclette, by=agent)
    assert not selectors.visible_threads(agent).filter(pk=thread.pk).exists()


def test_thread_needs_two_people_without_association(inhabitant):
    with pytest.raises(ValidationError) as exc:
        make_thread(inhabitant, about=inhabitant)
    assert "deux personnes" in str(exc.value)


@pytest.mark.parametrize("direction", ["mine", "theirs"])
def test_block_prevents_new_thread_and_message(inhabitant, bob, bicyclette, direction):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    if direction == "mine":
        moderation_services.block_create(by=inhabitant, blocked=bob)
    else:
        moderation_services.block_create(by=bob, blocked=inhabitant)
    assert moderation_selectors.blocked_between(inhabitant, bob) and moderation_selectors.blocked_between(
        bob, inhabitant
    )
    for author in (inhabitant, bob):
        with pytest.raises(ValidationError) as exc:
            services.message_send(thread=thread, by=author, body="Coucou")
        assert "blocage" in exc.value.message_dict["body"][0]
    with pytest.raises(ValidationError):
        make_thread(inhabitant, bob, about=inhabitant)
    assert Message.objects.count() == 0


def test_block_self_refused_and_idempotent(inhabitant, bob):
    with pytest.raises(ValidationError):
        moderation_services.block_create(by=inhabitant, blocked=inhabitant)
    moderation_services.block_create(by=inhabitant, blocked=bob)
    moderation_services.block_create(by=inhabitant, blocked=bob)
    assert moderation_selectors.blocked_people(inhabitant).count() == 1
    moderation_services.block_delete(by=inhabitant, blocked=bob)
    assert not moderation_selectors.blocked_between(inhabitant, bob)


@pytest.mark.parametrize(
    ("body", "error"),
    [("", "Écrivez votre message"), ("   \n ", "Écrivez votre message"), ("x" * 5001, "5000")],
)
def test_bad_body(inhabitant, bob, bicyclette, body, error):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    with pytest.raises(ValidationError) as exc:
        services.message_send(thread=thread, by=inhabitant, body=body)
    assert error in exc.value.message_dict["body"][0]


def test_message_rate_limit(settings, inhabitant, bob, bicyclette):
    settings.MESSAGING_MESSAGES_PER_MINUTE = 3
    thread = make_thread(inhabitant, bob, about=bicyclette)
    for i in range(3):
        services.message_send(thread=thread, by=inhabitant, body=f"n°{i}")
    with pytest.raises(ValidationError) as exc:
        services.message_send(thread=thread, by=inhabitant, body="un de trop")
    assert "beaucoup de messages" in exc.value.message_dict["body"][0]
    # Bob is not limited by Camille's messages; a minute later Camille may write again.
    services.message_send(thread=thread, by=bob, body="Réponse")
    Message.objects.filter(author=inhabitant).update(created_at=timezone.now() - timedelta(minutes=2))
    services.message_send(thread=thread, by=inhabitant, body="Encore moi")


def test_thread_rate_limit(settings, inhabitant):
    settings.MESSAGING_THREADS_PER_DAY = 2
    people = UserFactory.create_batch(3)
    make_thread(inhabitant, people[0], about=people[0])
    make_thread(inhabitant, people[1], about=people[1])
    with pytest.raises(ValidationError) as exc:
        make_thread(inhabitant, people[2], about=people[2])
    assert "réessayez demain" in str(exc.value)
    # Getting an existing thread is not limited.
    make_thread(inhabitant, people[0], about=people[0])


def test_agents_are_not_limited_in_new_threads(settings, agent, inhabitant):
    settings.MESSAGING_THREADS_PER_DAY = 1
    people = UserFactory.create_batch(4)
    threads = [make_thread(a, b, about=a, by=agent) for a, b in zip(people[::2], people[1::2], strict=True)]
    threads.append(make_thread(agent, people[0], about=agent))
    assert len({thread.pk for thread in threads}) == 3
    assert Thread.objects.filter(created_by=agent).count() == 3
    # The same limit holds for anyone else: a second new thread the same day is refused.
    make_thread(inhabitant, people[0], about=people[0])
    with pytest.raises(ValidationError) as exc:
        make_thread(inhabitant, people[1], about=people[1])
    assert "réessayez demain" in str(exc.value)
    assert Thread.objects.filter(created_by=inhabitant).count() == 1


def test_unread_counts_and_mark_read(inhabitant, bob, bicyclette, manager):
    t1 = make_thread(inhabitant, bob, about=bicyclette)
    t2 = make_thread(inhabitant, association=bicyclette)
    assert selectors.unread_thread_count(inhabitant) == 0
    services.message_send(thread=t1, by=bob, body="Salut")
    services.message_send(thread=t1, by=bob, body="Tu es là ?")
    services.message_send(thread=t2, by=manager, body="Bonjour")
    assert selectors.unread_thread_count(inhabitant) == 2
    assert selectors.unread_thread_count(bob) == 0  # own messages are read
    rows = {row.thread.pk: row.unread for row in selectors.inbox_page(inhabitant).items}
    assert rows == {t1.pk: 2, t2.pk: 1}
    services.thread_mark_read(thread=t1, by=inhabitant)
    assert selectors.unread_thread_count(inhabitant) == 1
    services.message_send(thread=t2, by=inhabitant, body="Merci")
    assert selectors.unread_thread_count(manager) == 1
    assert selectors.unread_thread_count(inhabitant) == 0


def test_former_manager_loses_access(inhabitant, bicyclette, manager):
    thread = make_thread(inhabitant, association=bicyclette)
    services.message_send(thread=thread, by=inhabitant, body="Bonjour")
    assert selectors.unread_thread_count(manager) == 1
    bicyclette.memberships.filter(user=manager).delete()
    bicyclette.__dict__.pop("_membership_roles", None)
    from django.core.cache import cache

    cache.clear()
    assert selectors.unread_thread_count(manager) == 0
    assert not selectors.visible_threads(manager).exists()
    with pytest.raises(PermissionDenied):
        services.message_send(thread=Thread.objects.get(pk=thread.pk), by=manager, body="encore")


def test_notification_link_only_and_coalesced(
    inhabitant, bob, bicyclette, django_capture_on_commit_callbacks
):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=bob, body="Mon secret : rendez-vous à 18 h")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [inhabitant.email]
    assert "Vous avez un nouveau message de Bob" in email.body
    assert thread.get_absolute_url() in email.body
    assert "secret" not in email.body and "secret" not in email.subject
    # A second message within 15 minutes while unread: no new e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=bob, body="Encore")
    assert len(mail.outbox) == 1
    # Once read, the next message notifies again.
    services.thread_mark_read(thread=thread, by=inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=bob, body="Et encore")
    assert len(mail.outbox) == 2
    # Unread for more than 15 minutes: a reminder e-mail.
    Participant.objects.filter(user=inhabitant).update(
        last_notified_at=timezone.now() - timedelta(minutes=16)
    )
    Participant.objects.filter(user=inhabitant).update(last_read_at=timezone.now() - timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=bob, body="Toujours là ?")
    assert len(mail.outbox) == 3


def test_notification_respects_preferences_and_mute(
    inhabitant, bob, bicyclette, django_capture_on_commit_callbacks
):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    services.preferences_update(
        user=inhabitant, email_messages=False, weekly_digest=False, use_profile_interests=True, themes=[]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=bob, body="Salut")
    assert mail.outbox == []
    services.thread_set_muted(thread=thread, by=bob, muted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=inhabitant, body="Salut Bob")
    assert mail.outbox == []


def test_notification_enqueued_on_commit_only(
    inhabitant, bob, bicyclette, django_capture_on_commit_callbacks
):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.message_send(thread=thread, by=bob, body="Salut")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_erased_account_cannot_write(inhabitant, bob, bicyclette):
    thread = make_thread(inhabitant, bob, about=bicyclette)
    bob.erased_at = timezone.now()
    bob.save()
    with pytest.raises(PermissionDenied):
        services.message_send(thread=thread, by=bob, body="x")


def test_threads_about(inhabitant, bob, bicyclette, manager, agent):
    t1 = make_thread(inhabitant, bob, about=bicyclette)
    t2 = make_thread(inhabitant, association=bicyclette)
    assert set(selectors.threads_about(bicyclette, inhabitant)) == {t1, t2}
    assert set(selectors.threads_about(bicyclette, bob)) == {t1}
    assert set(selectors.threads_about(bicyclette, manager)) == {t2}
    assert list(selectors.threads_about(bicyclette, agent)) == []


def test_block_factory_blocks(inhabitant, bob):
    BlockFactory(blocker=bob, blocked=inhabitant)
    assert moderation_selectors.blocked_between(inhabitant, bob)
    assert not moderation_selectors.blocked_between(inhabitant, inhabitant)


def test_people_added_to_a_thread_see_its_history_and_count_it_unread(inhabitant, bob):
    carol = UserFactory(email="carol@exemple.fr", display_name="Carol")
    thread = make_thread(inhabitant, bob, about=bob)
    services.message_send(thread=thread, by=inhabitant, body="Bonjour à vous deux")
    assert not selectors.visible_threads(carol).filter(pk=thread.pk).exists()

    assert services.thread_add_people(thread=thread, people=[bob, carol]) == [carol]

    assert selectors.visible_threads(carol).filter(pk=thread.pk).exists()
    assert selectors.unread_thread_count(carol) == 1
    assert services.thread_add_people(thread=thread, people=[carol]) == []
