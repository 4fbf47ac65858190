from __future__ import annotations

import factory

from solidaires.accounts.tests.factories import UserFactory
from solidaires.moderation.models import Block, Report, ReportReason
from solidaires.moderation.services import responsible_user


class ReportFactory(factory.django.DjangoModelFactory):
    """A report about ``target`` (give it: moderation knows no domain's factory)."""

    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    target_repr = factory.LazyAttribute(lambda o: str(o.target)[:200])
    reported_user = factory.LazyAttribute(lambda o: responsible_user(o.target))
    reason = ReportReason.SCAM
    details = "Demande un virement à l'avance."


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)
