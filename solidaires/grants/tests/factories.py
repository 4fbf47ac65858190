"""Factories of the grants app (applicant side first; the instruction side appends below)."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.grants.models import (
    Applicant,
    ApplicantKind,
    Application,
    ApplicationState,
    BudgetLine,
    CalendarKind,
    Call,
    DocumentKind,
    Scheme,
    VaultDocument,
)

# The smallest valid PDF-looking bytes filetype recognises.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def document_kind(code: str, label: str | None = None, *, needs_validity_date: bool = False) -> DocumentKind:
    kind, _created = DocumentKind.objects.get_or_create(
        code=code, defaults={"label": label or code, "needs_validity_date": needs_validity_date}
    )
    return kind


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "initiatives-citoyennes"
    name = "Initiatives citoyennes"
    tagline = "jusqu'à 5 000 € pour un projet d'habitants"
    applicant_kinds = factory.LazyFunction(lambda: ["person", "group", "association"])
    ceiling_cents = 500_000
    max_share_percent = 80
    criteria = factory.LazyFunction(lambda: [{"key": "utilite", "label": "Utilité sociale", "weight": 3}])
    calendar_kind = CalendarKind.SESSIONS
    file_prefix = "IC"
    is_active = True

    @factory.post_generation
    def required(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """required=["rib", "statuts"] (codes); default: the RIB."""
        if not create:
            return
        codes = extracted if extracted is not None else ["rib"]
        self.required_documents.set([document_kind(code) for code in codes])


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Session {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant
        skip_postgeneration_save = True

    kind = ApplicantKind.PERSON
    name = factory.Sequence(lambda n: f"Porteur {n}")
    person = factory.SubFactory(UserFactory)

    @factory.post_generation
    def with_members(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if not create:
            return
        if self.person_id:
            self.members.add(self.person)
        for user in extracted or []:
            self.members.add(user)


class GroupApplicantFactory(ApplicantFactory):
    kind = ApplicantKind.GROUP
    name = factory.Sequence(lambda n: f"Collectif {n}")


class VaultDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VaultDocument

    applicant = factory.SubFactory(ApplicantFactory)
    kind = factory.LazyFunction(lambda: document_kind("rib"))
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="rib.pdf"))
    original_name = "rib.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(ApplicantFactory)
    call = factory.SubFactory(CallFactory)
    scheme = factory.LazyAttribute(lambda o: o.call.scheme if o.call else SchemeFactory())
    title = factory.Sequence(lambda n: f"Projet numéro {n}")
    summary = "Un jardin partagé au pied des immeubles."
    audience = "Les habitants du quartier."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=120))
    state = ApplicationState.DRAFT
    number = None

    @factory.post_generation
    def communes(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.communes.set(extracted)


def balanced_budget(application: Application, *, expenses: int = 500_000, requested: int = 400_000) -> None:
    """Expenses 5 000 €, requested 4 000 € + own funds 1 000 € (80 %, balanced)."""
    BudgetLine.objects.filter(application=application).delete()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(application=application, kind="expense", label="Matériel", amount_cents=expenses),
            BudgetLine(
                application=application,
                kind="income",
                label="Subvention demandée à l'Agglo",
                amount_cents=requested,
                is_requested_grant=True,
            ),
            BudgetLine(
                application=application,
                kind="income",
                label="Participation des habitants",
                amount_cents=expenses - requested,
            ),
        ]
    )
    Application.objects.filter(pk=application.pk).update(amount_requested_cents=requested)
    application.amount_requested_cents = requested


def ready_application(
    *, applicant: Applicant | None = None, commune: object = None, **kwargs: object
) -> Application:
    """A complete draft: project, balanced budget, a valid RIB attached."""
    from solidaires.grants.models import ApplicationDocument
    from solidaires.territory.tests.factories import CommuneFactory

    applicant = applicant or ApplicantFactory()
    application = ApplicationFactory(applicant=applicant, **kwargs)
    application.communes.set([commune or CommuneFactory()])
    balanced_budget(application)
    for kind in application.scheme.required_documents.all():
        document = VaultDocumentFactory(applicant=applicant, kind=kind)
        ApplicationDocument.objects.create(application=application, vault_document=document, kind=kind)
    return application


# --- Instruction side (committee, decisions, payments, final reports) ----------------------


_file_counter = iter(range(1, 10**6))


def submitted_application(*, state: str = ApplicationState.SUBMITTED, **kwargs: object) -> Application:
    """A ready file moved to ``state`` directly (test set-up only: services are tested elsewhere)."""
    application = ready_application(**kwargs)
    year = timezone.localdate().year
    Application.objects.filter(pk=application.pk).update(
        state=state,
        number=f"{application.scheme.file_prefix}-{year}-{next(_file_counter):04d}",
        submitted_at=timezone.now() - dt.timedelta(days=10),
    )
    application.refresh_from_db()
    return application


def committee_session(
    *, scheme: Scheme, members: list[object], state: str = "scoring", year: int | None = None
):
    from solidaires.grants.models import CommitteeMember, CommitteeSession

    session = CommitteeSession.objects.create(
        scheme=scheme,
        year=year or timezone.localdate().year,
        meets_on=timezone.localdate() + dt.timedelta(days=7),
        name=f"Comité {scheme.name}",
        state=state,
    )
    for user in members:
        CommitteeMember.objects.create(session=session, user=user)
    return session


def envelope(scheme: Scheme, cents: int, year: int | None = None):
    from solidaires.grants.models import SchemeYear

    return SchemeYear.objects.update_or_create(
        scheme=scheme, year=year or timezone.localdate().year, defaults={"envelope_cents": cents}
    )[0]
