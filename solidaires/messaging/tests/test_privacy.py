"""Export and erasure of a person's messaging data."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from solidaires.accounts.privacy import collect_export, exporter_names
from solidaires.accounts.services import user_erase
from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import selectors, services
from solidaires.messaging.models import Message, Participant
from solidaires.moderation import services as moderation_services
from solidaires.moderation.models import Block

from .factories import make_thread

pytestmark = pytest.mark.django_db


def test_registered():
    assert "messaging" in exporter_names()


def test_export(inhabitant, member, bicyclette, manager):
    thread = make_thread(inhabitant, member, about=bicyclette, subject="Prêt de vélo")
    services.message_send(thread=thread, by=inhabitant, body="Mon message à moi")
    services.message_send(thread=thread, by=member, body="Le message de Lou")
    moderation_services.block_create(by=inhabitant, blocked=manager)
    everything = collect_export(inhabitant)
    data = everything["messaging"]
    json.dumps(data, cls=DjangoJSONEncoder)
    assert data["threads"][0]["subject"] == "Prêt de vélo"
    assert [m["body"] for m in data["messages_sent"]] == ["Mon message à moi"]
    assert everything["moderation"]["blocked_people"][0]["name"] == "Sami"
    assert "Le message de Lou" not in json.dumps(data, cls=DjangoJSONEncoder)


def test_erase_keeps_messages_for_the_other_party(client, inhabitant, member, bicyclette):
    thread = make_thread(inhabitant, member, about=bicyclette)
    services.message_send(thread=thread, by=inhabitant, body="Bonjour Lou")
    moderation_services.block_create(by=member, blocked=UserFactory())
    moderation_services.block_create(by=UserFactory(), blocked=inhabitant)
    user_erase(user=inhabitant, by=inhabitant)
    message = Message.objects.get()
    assert message.author is None and message.body == "Bonjour Lou"
    assert message.author_label == "Compte supprimé"
    assert not Participant.objects.filter(user=inhabitant).exists()
    assert not Block.objects.filter(blocked=inhabitant).exists()
    assert Block.objects.filter(blocker=member).exists()
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Bonjour Lou" in page and "Compte supprimé" in page
    assert selectors.thread_for_user(member, thread.pk) is not None
    # Idempotent.
    from solidaires.messaging.privacy import erase_user_data

    erase_user_data(user=inhabitant, by=None)


def test_retention(inhabitant, member, bicyclette):
    from datetime import date, timedelta

    from django.utils import timezone

    from solidaires.messaging.models import DigestLog, Thread
    from solidaires.messaging.tasks import apply_messaging_retention

    old = make_thread(inhabitant, member, about=bicyclette)
    services.message_send(thread=old, by=inhabitant, body="Il y a longtemps")
    Thread.objects.filter(pk=old.pk).update(last_message_at=timezone.now() - timedelta(days=3 * 365 + 1))
    recent = make_thread(inhabitant, member, about=member)
    services.message_send(thread=recent, by=inhabitant, body="Hier")
    DigestLog.objects.create(user=inhabitant, week=date(2020, 1, 6))
    DigestLog.objects.create(user=inhabitant, week=timezone.localdate())
    apply_messaging_retention.enqueue()
    assert list(Thread.objects.values_list("pk", flat=True)) == [recent.pk]
    assert Message.objects.count() == 1
    assert DigestLog.objects.count() == 1
    apply_messaging_retention.enqueue()  # idempotent
    assert Thread.objects.count() == 1


def test_retention_command():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("apply_messaging_retention", stdout=out)
    assert "0 conversation(s)" in out.getvalue()
