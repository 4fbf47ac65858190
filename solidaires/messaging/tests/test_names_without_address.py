"""E-mails never name a person after their e-mail address (decision 1110): the weekly digest's
greeting, the new-message notification (its author and its greeting)."""

from __future__ import annotations

import pytest
from django.core import mail

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.naming import assert_named_without_address, nameless_user
from solidaires.messaging import digest, services

from .factories import make_thread
from .test_digest_machinery import Content

pytestmark = pytest.mark.django_db


def test_digest_greets_without_the_address():
    jeanne = nameless_user()
    profile = Profile.objects.get(user=jeanne)
    profile.notification_preferences = {"weekly_digest": True}
    profile.save()
    profile.interests.set(["sport"])
    result = digest.run_batch(0, 10**9, content=Content())
    assert result.sent == 1
    assert mail.outbox[0].to == [jeanne.email]
    assert_named_without_address(mail.outbox[0].body)


def test_new_message_e_mails_name_neither_author_nor_recipient_by_address(
    bicyclette, django_capture_on_commit_callbacks
):
    jeanne = nameless_user()
    other = nameless_user(email="jeanne.secret.bis@example.net")
    thread = make_thread(jeanne, other, about=bicyclette)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(thread=thread, by=jeanne, body="Bonjour")
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert_named_without_address(mail.outbox[0].subject + "\n" + mail.outbox[0].body)
