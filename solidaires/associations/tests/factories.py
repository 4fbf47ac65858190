from __future__ import annotations

import factory

from solidaires.accounts.tests.factories import UserFactory
from solidaires.associations.indexing import build_search_document
from solidaires.associations.models import (
    Association,
    AssociationStatus,
    LegalForm,
    Membership,
    MembershipRole,
)
from solidaires.core.search import sort_key
from solidaires.territory.tests.factories import CommuneFactory


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Association numéro {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    legal_form = LegalForm.ASSOCIATION_1901
    rna = factory.Sequence(lambda n: f"W26{n + 1:07d}")
    head_office_commune = factory.SubFactory(CommuneFactory)
    description = "Une association du territoire."
    status = AssociationStatus.VERIFIED
    sort_name = factory.LazyAttribute(lambda o: sort_key(o.name))

    @factory.post_generation
    def themes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """themes=["jeunesse", ...] (slugs); also (re)builds the search document."""
        if not create:
            return
        if extracted:
            self.themes.set(extracted)
        self.communes.add(self.head_office_commune)
        self.search_document = build_search_document(
            name=self.name,
            acronym=self.acronym,
            description=self.description,
            commune_names=[self.head_office_commune.name],
            theme_labels=[t.label for t in self.themes.all()],
        )
        self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    association = factory.SubFactory(AssociationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER


class ManagerFactory(MembershipFactory):
    role = MembershipRole.MANAGER
