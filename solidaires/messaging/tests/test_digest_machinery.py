"""The digest machinery that messaging offers to any app, with a stand-in content: batches,
at most once a week, one-click unsubscribe header, nothing without a registered content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from django.core import mail

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import digest
from solidaires.messaging.models import DigestLog

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Item:
    id: int


class Content:
    """Item 1 for everybody following "sport", nothing for the others."""

    template = "messaging/emails/new_message.txt"

    def select(self, people: list[digest.DigestPerson], *, now: datetime) -> dict[int, list[Any]]:
        return {p.id: [Item(1)] for p in people if "sport" in p.themes}

    def context(self, items: Any) -> dict[str, Any]:
        return {"author": f"{len(items)} élément(s)"}

    def subject(self, items: Any) -> str:
        return f"[Solidaires] {len(items)} item"


def subscriber(*interests: str) -> Any:
    user = UserFactory()
    profile = Profile.objects.get(user=user)
    profile.notification_preferences = {"weekly_digest": True}
    profile.save()
    profile.interests.set(interests)
    return user


def test_batch_sends_once_a_week_with_unsubscribe_header():
    user = subscriber("sport")
    subscriber("sante")
    result = digest.run_batch(0, 10**9, content=Content())
    assert (result.recipients, result.sent, result.skipped_empty) == (2, 1, 1)
    assert [m.to for m in mail.outbox] == [[user.email]]
    email = mail.outbox[0]
    assert email.subject == "[Solidaires] 1 item"
    assert "1 élément(s)" in email.body
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.user_id_from_token(link.rstrip("/").rsplit("/", 1)[1]) == user.pk
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestLog.objects.get().user_id == user.pk
    again = digest.run_batch(0, 10**9, content=Content())
    assert again.sent == 0 and len(mail.outbox) == 1


def test_no_registered_content_sends_nothing(monkeypatch):
    subscriber("sport")
    monkeypatch.setattr(digest, "digest_contents", digest.Registry("empty"))
    assert digest.run_batch(0, 10**9).sent == 0
    assert mail.outbox == []
