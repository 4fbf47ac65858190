from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.search import document
from solidaires.moderation.tests import factories as moderation_factories
from solidaires.mutualaid.models import Category, MutualAidPost, PostKind
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


class ReportFactory(moderation_factories.ReportFactory):
    """A report (moderation's) about a mutual-aid post."""

    target = factory.SubFactory(MutualAidPostFactory)
