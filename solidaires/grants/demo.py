"""Demo data of the grants app (applicant side), called by solidaires.core.demo.generate.

Four schemes, their calls 2023–2026 (plus the session open now), yearly envelopes, applicant
spaces (associations, informal groups, persons), about 40 Initiatives Citoyennes files a
year with states spread through the lifecycle, budgets and tiny generated PDF documents.
Past years' files are left "granted" or "closed" with ``amount_granted_cents`` set: the
instruction side (``instruction_demo.py``) adds sessions, decisions and payments for them.
Deterministic from ``ctx.rng``; idempotent (the previous demo files are deleted first).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from solidaires.core.demo import PARIS, DemoContext
from solidaires.grants.models import (
    Applicant,
    ApplicantKind,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BudgetLine,
    CalendarKind,
    Call,
    Decision,
    DocumentKind,
    FileNumberSequence,
    Payment,
    Scheme,
    SchemeYear,
    VaultDocument,
)

YEARS = (2023, 2024, 2025, 2026)
IC_PER_YEAR = 40

SCHEMES: list[dict[str, Any]] = [
    {
        "code": "initiatives-citoyennes",
        "name": "Initiatives citoyennes",
        "tagline": "jusqu'à 5 000 € pour un projet d'habitants",
        "description": (
            "Un projet utile à votre quartier ou à votre village, porté par des habitants, un "
            "groupe de voisins ou une association : fête, jardin partagé, atelier de réparation…"
        ),
        "applicant_kinds": ["person", "group", "association"],
        "ceiling_cents": 500_000,
        "max_share_percent": 80,
        "calendar_kind": CalendarKind.SESSIONS,
        "file_prefix": "IC",
        "criteria": [
            {"key": "utilite", "label": "Utilité pour les habitants", "weight": 3},
            {"key": "participation", "label": "Participation des habitants", "weight": 2},
            {"key": "faisabilite", "label": "Faisabilité", "weight": 2},
            {"key": "territoire", "label": "Équité entre les communes", "weight": 1},
        ],
        "required": ["rib"],
        "envelope_cents": 20_000_000,
        "position": 0,
    },
    {
        "code": "subvention-fonctionnement",
        "name": "Subvention de fonctionnement",
        "tagline": "pour la vie courante des associations",
        "description": "Une aide annuelle aux associations qui agissent pour les habitants de l'Agglo.",
        "applicant_kinds": ["association"],
        "ceiling_cents": None,
        "max_share_percent": 50,
        "calendar_kind": CalendarKind.SESSIONS,
        "file_prefix": "FO",
        "criteria": [{"key": "impact", "label": "Impact local", "weight": 1}],
        "required": ["statuts", "rib", "pv_ag", "attestation_assurance"],
        "envelope_cents": 150_000_000,
        "position": 1,
    },
    {
        "code": "subvention-projet",
        "name": "Subvention de projet",
        "tagline": "pour une action nouvelle d'une association",
        "description": "Une aide ponctuelle à un projet associatif précis, avec un budget dédié.",
        "applicant_kinds": ["association"],
        "ceiling_cents": 2_000_000,
        "max_share_percent": 70,
        "calendar_kind": CalendarKind.SESSIONS,
        "file_prefix": "PR",
        "criteria": [{"key": "impact", "label": "Impact local", "weight": 1}],
        "required": ["statuts", "rib", "budget_previsionnel"],
        "envelope_cents": 40_000_000,
        "position": 2,
    },
    {
        "code": "aide-en-nature",
        "name": "Aide en nature",
        "tagline": "une salle, un minibus, du matériel",
        "description": "Le prêt gratuit de salles, de minibus ou de matériel de l'Agglo.",
        "applicant_kinds": ["group", "association"],
        "ceiling_cents": None,
        "max_share_percent": None,
        "calendar_kind": CalendarKind.ROLLING,
        "file_prefix": "AN",
        "criteria": [],
        "required": [],
        "envelope_cents": None,
        "position": 3,
        "is_in_kind": True,
    },
]

PROJECTS = [
    ("Jardin partagé", "Créer un jardin partagé au pied des immeubles, avec des bacs accessibles."),
    ("Repair café", "Un atelier mensuel pour réparer ensemble vélos, petits appareils et vêtements."),
    ("Fête des voisins", "Une grande fête de quartier avec repas partagé et jeux pour les enfants."),
    ("Boîte à livres", "Installer et faire vivre trois boîtes à livres dans le village."),
    ("Atelier cuisine du monde", "Des ateliers de cuisine entre habitants de toutes origines."),
    ("Fresque participative", "Peindre avec les habitants une fresque sur le mur de l'école."),
    ("Ciné plein air", "Trois séances de cinéma en plein air l'été, gratuites."),
    ("Chantier nature", "Nettoyer les berges et planter une haie avec les familles."),
    ("Café des parents", "Un lieu d'échange pour les parents, un samedi par mois."),
    ("Troc de graines", "Une grainothèque et deux bourses d'échange par an."),
]

# Share of past-year files per final state.
PAST_STATES = ["closed"] * 12 + ["granted"] * 2 + ["refused"] * 4 + ["ineligible", "withdrawn"]
CURRENT_STATES = (
    ["granted"] * 3
    + ["report_due"] * 2
    + ["closed"] * 2
    + ["refused"] * 2
    + ["committee"] * 2
    + ["instruction"] * 3
    + ["waiting_pieces"] * 2
    + ["submitted"] * 3
    + ["postponed"]
)
DECIDED = {"granted", "report_due", "report_received", "closed", "refused"}
STATE_ACTION = {
    "instruction": "start_instruction",
    "waiting_pieces": "request_pieces",
    "ineligible": "declare_ineligible",
    "committee": "send_to_committee",
    "postponed": "postpone",
    "granted": "grant",
    "refused": "refuse",
    "report_due": "await_report",
    "report_received": "submit_report",
    "closed": "close",
    "withdrawn": "withdraw",
}
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)


def _clear() -> None:
    """Delete the previous demo files (the instruction side's rows that protect them first)."""
    demo_apps = Application.objects.filter(is_demo=True)
    Payment.objects.filter(application__in=demo_apps).delete()
    Decision.objects.filter(application__in=demo_apps).delete()
    demo_apps.delete()
    for document in VaultDocument.objects.filter(applicant__is_demo=True):
        document.file.delete(save=False)
    VaultDocument.objects.filter(applicant__is_demo=True).delete()
    Applicant.objects.filter(is_demo=True).delete()


def _schemes() -> dict[str, Scheme]:
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    result = {}
    for spec in SCHEMES:
        defaults = {k: v for k, v in spec.items() if k not in {"code", "required", "envelope_cents"}}
        scheme, _created = Scheme.objects.update_or_create(code=spec["code"], defaults=defaults)
        scheme.required_documents.set([kinds[c] for c in spec["required"] if c in kinds])
        if spec["envelope_cents"] is not None:
            for year in YEARS:
                SchemeYear.objects.update_or_create(
                    scheme=scheme, year=year, defaults={"envelope_cents": spec["envelope_cents"]}
                )
        result[spec["code"]] = scheme
    return result


def _calls(schemes: dict[str, Scheme]) -> dict[tuple[str, int, int], Call]:
    """IC: a spring and an autumn session each year; associations: one yearly call. Plus the
    IC winter session open now (relative to the real today, so the demo always has one)."""
    calls: dict[tuple[str, int, int], Call] = {}

    def upsert(scheme: Scheme, name: str, year: int, opens: date, closes: date, key: int) -> None:
        call, _created = Call.objects.update_or_create(
            scheme=scheme,
            name=name,
            defaults={
                "year": year,
                "opens_at": _at(opens, 9),
                "closes_at": _at(closes, 23),
                "committee_on": closes + timedelta(days=45),
            },
        )
        calls[(scheme.code, year, key)] = call

    ic = schemes["initiatives-citoyennes"]
    for year in YEARS:
        upsert(ic, f"Session de printemps {year}", year, date(year, 1, 15), date(year, 3, 31), 1)
        upsert(ic, f"Session d'automne {year}", year, date(year, 6, 1), date(year, 9, 30), 2)
        for code, label in (
            ("subvention-fonctionnement", "Fonctionnement"),
            ("subvention-projet", "Projets associatifs"),
        ):
            upsert(schemes[code], f"{label} {year}", year, date(year, 1, 5), date(year, 3, 15), 1)
    today = timezone.localdate()
    upsert(
        ic,
        f"Session d'hiver {today.year}-{today.year + 1}",
        today.year + 1,
        today - timedelta(days=25),
        today + timedelta(days=45),
        3,
    )
    upsert(
        schemes["subvention-projet"],
        f"Projets associatifs {today.year + 1}",
        today.year + 1,
        today - timedelta(days=10),
        today + timedelta(days=100),
        3,
    )
    return calls


def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
    from solidaires.associations.models import Association

    rng = ctx.rng("grants")
    _clear()
    schemes = _schemes()
    calls = _calls(schemes)
    ic = schemes["initiatives-citoyennes"]
    per_year = max(3, round(IC_PER_YEAR * ctx.scale.associations / 360))
    total = per_year * len(YEARS)
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    person_ids = [p.user_id for p in people]
    person_insee = {p.user_id: p.insee for p in people}
    communes: list[str | None] = [c.insee for c in ctx.communes] or [None]

    # Applicant spaces: associations (about half the files), groups, persons.
    associations = list(
        Association.objects.filter(is_demo=True)
        .order_by("pk")
        .values_list("pk", "name", "rna", "siret", "head_office_commune_id")[: max(3, total // 3)]
    )
    existing_assoc_spaces = set(
        Applicant.objects.filter(association__isnull=False).values_list("association_id", flat=True)
    )
    spaces: list[Applicant] = []
    for pk, name, rna, siret, insee in associations:
        if pk in existing_assoc_spaces:
            continue
        spaces.append(
            Applicant(
                kind=ApplicantKind.ASSOCIATION,
                name=name,
                association_id=pk,
                rna=rna,
                siret=siret,
                commune_id=insee,
                is_demo=True,
            )
        )
    taken_people: set[int] = set(
        Applicant.objects.filter(kind=ApplicantKind.PERSON, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    n_groups = max(2, total // 4)
    n_persons = max(2, total // 6)
    shuffled = person_ids[:]
    rng.shuffle(shuffled)
    for i in range(n_groups):
        contact = shuffled[i % len(shuffled)] if shuffled else None
        spaces.append(
            Applicant(
                kind=ApplicantKind.GROUP,
                name=f"Collectif {PROJECTS[i % len(PROJECTS)][0].lower()} n° {i + 1}",
                person_id=contact,
                commune_id=person_insee.get(contact) if contact else rng.choice(communes),
                is_demo=True,
            )
        )
    for i in range(n_persons):
        if not shuffled:
            break
        user_id = shuffled[-(i + 1)]
        if user_id in taken_people:
            continue
        taken_people.add(user_id)
        spaces.append(
            Applicant(
                kind=ApplicantKind.PERSON,
                name=f"Habitant·e n° {i + 1}",
                person_id=user_id,
                commune_id=person_insee.get(user_id),
                is_demo=True,
            )
        )
    Applicant.objects.bulk_create(spaces)
    spaces = list(Applicant.objects.filter(is_demo=True).order_by("pk"))
    through = Applicant.members.through
    through.objects.bulk_create(
        [through(applicant_id=s.pk, user_id=s.person_id) for s in spaces if s.person_id],
        ignore_conflicts=True,
    )

    # One tiny PDF RIB per space (others for associations), stored like real uploads.
    documents: dict[int, list[VaultDocument]] = {}
    for space in spaces:
        codes = ["rib"] + (
            ["statuts", "pv_ag", "attestation_assurance", "budget_previsionnel"]
            if space.kind == ApplicantKind.ASSOCIATION
            else []
        )
        for code in codes:
            if code not in kinds:
                continue
            document = VaultDocument(
                applicant=space,
                kind=kinds[code],
                original_name=f"{code}.pdf",
                content_type="application/pdf",
                size=len(TINY_PDF),
                valid_until=(timezone.localdate() + timedelta(days=rng.randint(-20, 400)))
                if kinds[code].needs_validity_date
                else None,
                uploaded_at=timezone.now() - timedelta(days=rng.randint(30, 900)),
            )
            document.file.save(f"{code}.pdf", ContentFile(TINY_PDF), save=False)
            documents.setdefault(space.pk, []).append(document)
    VaultDocument.objects.bulk_create([d for docs in documents.values() for d in docs])

    # Initiatives Citoyennes files: per year, half in each session.
    applications: list[Application] = []
    numbers: dict[int, int] = {}
    now = timezone.now()
    for year in YEARS:
        for i in range(per_year):
            session = 1 if i < per_year / 2 else 2
            call = calls[("initiatives-citoyennes", year, session)]
            space = spaces[rng.randrange(len(spaces))]
            if year < 2026 or (year == 2026 and session == 1):
                state = (
                    rng.choice(PAST_STATES)
                    if year < 2026
                    else rng.choice([s for s in CURRENT_STATES if s in DECIDED] + ["closed"])
                )
            else:
                state = rng.choice(CURRENT_STATES)
            expenses = rng.randint(15, 90) * 10_000
            requested = min(500_000, (expenses * 80 // 100) // 5_000 * 5_000)
            numbers[year] = numbers.get(year, 0) + 1
            submitted_at = call.closes_at - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 10))
            granted = None
            if state in {"granted", "report_due", "report_received", "closed"}:
                granted = (
                    requested if rng.random() < 0.75 else requested * rng.choice([50, 60, 70, 80]) // 100
                )
            title, summary = PROJECTS[(i + year) % len(PROJECTS)]
            starts = call.closes_at.date() + timedelta(days=rng.randint(60, 120))
            applications.append(
                Application(
                    applicant=space,
                    scheme=ic,
                    call=call,
                    number=f"IC-{year}-{numbers[year]:04d}",
                    title=f"{title} {space.commune_id or ''}".strip(),
                    summary=summary,
                    public_description=summary,
                    audience="Les habitants du quartier, petits et grands.",
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rng.randint(1, 180)),
                    amount_requested_cents=requested,
                    amount_granted_cents=granted,
                    state=state,
                    submitted_at=submitted_at,
                    state_changed_at=min(now, submitted_at + timedelta(days=rng.randint(10, 120))),
                    decided_at=(call.closes_at + timedelta(days=45))
                    if state in DECIDED | {"ineligible"}
                    else None,
                    clock_paused_at=now - timedelta(days=rng.randint(1, 20))
                    if state == "waiting_pieces"
                    else None,
                    created_by_id=space.person_id,
                    last_saved_at=submitted_at,
                    is_demo=True,
                )
            )
    # A few drafts in the session open now.
    open_call = calls[("initiatives-citoyennes", timezone.localdate().year + 1, 3)]
    for i in range(max(2, per_year // 8)):
        space = spaces[rng.randrange(len(spaces))]
        title, summary = PROJECTS[i % len(PROJECTS)]
        applications.append(
            Application(
                applicant=space,
                scheme=ic,
                call=open_call,
                title=title,
                summary=summary,
                state="draft",
                created_by_id=space.person_id,
                last_saved_at=now,
                is_demo=True,
            )
        )
    Application.objects.bulk_create(applications)
    applications = list(Application.objects.filter(is_demo=True).select_related("applicant").order_by("pk"))
    for year, last in numbers.items():
        FileNumberSequence.objects.update_or_create(prefix="IC", year=year, defaults={"last": last})

    lines: list[BudgetLine] = []
    events: list[ApplicationEvent] = []
    attachments: list[ApplicationDocument] = []
    commune_links = []
    commune_through = Application.communes.through
    for application in applications:
        expenses = (
            application.amount_requested_cents * 100 // 80
            if application.amount_requested_cents
            else rng.randint(5, 40) * 10_000
        )
        requested = application.amount_requested_cents
        lines.append(
            BudgetLine(
                application=application,
                kind="expense",
                label="Matériel et fournitures",
                amount_cents=expenses - expenses // 3,
                position=0,
            )
        )
        lines.append(
            BudgetLine(
                application=application,
                kind="expense",
                label="Communication et location",
                amount_cents=expenses // 3,
                position=1,
            )
        )
        if requested:
            lines.append(
                BudgetLine(
                    application=application,
                    kind="income",
                    label="Subvention demandée à l'Agglo",
                    amount_cents=requested,
                    is_requested_grant=True,
                    position=0,
                )
            )
        if expenses - requested > 0:
            lines.append(
                BudgetLine(
                    application=application,
                    kind="income",
                    label="Participation et fonds propres",
                    amount_cents=expenses - requested,
                    position=1,
                )
            )
        if application.applicant.commune_id:
            commune_links.append(
                commune_through(application_id=application.pk, commune_id=application.applicant.commune_id)
            )
        for document in documents.get(application.applicant_id, []):
            if document.kind.code == "rib":
                attachments.append(
                    ApplicationDocument(application=application, vault_document=document, kind=document.kind)
                )
        created = (application.submitted_at or now) - timedelta(days=rng.randint(2, 20))
        events.append(
            ApplicationEvent(
                application=application,
                at=created,
                actor_id=application.created_by_id,
                action="created",
                to_state="draft",
            )
        )
        if application.submitted_at:
            events.append(
                ApplicationEvent(
                    application=application,
                    at=application.submitted_at,
                    actor_id=application.created_by_id,
                    action="submit",
                    from_state="draft",
                    to_state="submitted",
                )
            )
        if application.state not in {"draft", "submitted"}:
            events.append(
                ApplicationEvent(
                    application=application,
                    at=application.state_changed_at,
                    action=STATE_ACTION.get(application.state, application.state),
                    from_state="",
                    to_state=application.state,
                    note="Données de démonstration.",
                )
            )
    BudgetLine.objects.bulk_create(lines)
    ApplicationEvent.objects.bulk_create(events)
    ApplicationDocument.objects.bulk_create(attachments, ignore_conflicts=True)
    commune_through.objects.bulk_create(commune_links, ignore_conflicts=True)

    ctx.counts["grant_schemes"] = len(schemes)
    ctx.counts["grant_calls"] = Call.objects.count()
    ctx.counts["grant_applicants"] = len(spaces)
    ctx.counts["grant_applications"] = len(applications)
    ctx.counts["grant_vault_documents"] = sum(len(d) for d in documents.values())
    ctx.log(f"  grants: {len(applications)} dossiers, {len(spaces)} porteurs de projet")
    from solidaires.grants.instruction.demo import (
        generate_instruction,  # instruction side (committees, decisions…)
    )

    generate_instruction(ctx, people)
