from __future__ import annotations

from typing import Any

import factory

from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import services
from solidaires.messaging.models import Message, Thread


def make_thread(
    *people: Any, about: Any = None, association: Any = None, subject: str = "Bonjour", by: Any = None
) -> Thread:
    """A thread through the real service (participants, managers, key)."""
    starter = by or people[0]
    return services.thread_get_or_create(
        about=about if about is not None else association,
        subject=subject,
        people=list(people),
        association=association,
        by=starter,
    )


class MessageFactory(factory.django.DjangoModelFactory):
    """A raw message row (no notification, no rate limit): for lists and counts."""

    class Meta:
        model = Message

    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Message numéro {n}")
