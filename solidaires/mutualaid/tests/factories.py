from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.search import document
from solidaires.mutualaid.models import Category, MutualAidPost, PostKind, Report, ReportReason
from solidaires.territory.tests.factories import CommuneFactory


class MutualAidPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MutualAidPost

    kind = PostKind.REQUEST
    category = Category.SHOPPING
    title = factory.Sequence(lambda n: f"Courses du mardi {n}")
    description = "Quelqu'un pour m'accompagner faire mes courses au marché."
    commune = factory.SubFactory(CommuneFactory)
    author = factory.SubFactory(UserFactory)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    list_rank = factory.Sequence(lambda n: -1_000_000 - n)
    search_document = factory.LazyAttribute(lambda o: document(o.title, o.description))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    target = factory.SubFactory(MutualAidPostFactory)
    target_repr = factory.LazyAttribute(lambda o: str(o.target)[:200])
    reported_user = factory.LazyAttribute(lambda o: getattr(o.target, "author", None))
    reason = ReportReason.SCAM
    details = "Demande un virement à l'avance."
