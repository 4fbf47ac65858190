"""Demo data of the grants app (applicant side), called by solidaires.core.demo.generate.

Four schemes, their calls 2023–2026 (plus the session open now), yearly envelopes, applicant
spaces (associations, informal groups, persons), about 40 Initiatives Citoyennes files a
year with states spread through the lifecycle, budgets and tiny generated PDF documents.
Past years' files are left "granted" or "closed" with ``amount_granted_cents`` set: the
instruction side (``instruction_demo.py``) adds sessions, decisions and payments for them.
Deterministic from ``ctx.rng``; idempotent (the previous demo files are deleted first).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from solidaires.accounts.models import User
from solidaires.core.demo import BATCH_SIZE, PARIS, DemoContext
from solidaires.core.models import Theme
from solidaires.grants.applications.models.applicants import vault_upload_to
from solidaires.grants.demo_texts import (
    LARGE_THEMES,
    Place,
    ProjectText,
    association_project,
    group_name,
    ic_project,
    operating_object,
    place_in,
)
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
    FinalReport,
    Payment,
    Scheme,
    SchemeYear,
    Score,
    VaultDocument,
)

# The article: "près de 2,1 millions d'euros ont été consacrés chaque année à des dispositifs de
# soutien aux associations" and "plus de 160 projets [Initiatives Citoyennes] soutenus en 4 ans".
# Yearly plan at the agglo scale (decision 1135), scaled by the number of associations:
# files granted, euros granted, and the share of the decided files of each other outcome.
YEARLY_TOTAL_EUROS = 2_100_000
AGGLO_ASSOCIATIONS = 360
PLAN: dict[str, dict[str, Any]] = {
    "initiatives-citoyennes": {
        "granted": 42,
        "euros": 110_000,
        "outcomes": {"refused": 0.16, "ineligible": 0.05, "withdrawn": 0.04, "postponed": 0.02},
        "round": 50,
    },
    "subvention-fonctionnement": {
        "granted": 165,
        "euros": 1_540_000,
        "outcomes": {"refused": 0.07, "withdrawn": 0.02},
        "round": 100,
    },
    "subvention-projet": {
        "granted": 62,
        "euros": 450_000,
        "outcomes": {"refused": 0.22, "ineligible": 0.04, "withdrawn": 0.03, "postponed": 0.02},
        "round": 100,
    },
}
# The largest operating subsidy (a structure d'insertion, a social centre).
OPERATING_CAP_CENTS = 15_000_000

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
        "envelope_cents": 12_000_000,
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
        "envelope_cents": 160_000_000,
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
        "envelope_cents": 48_000_000,
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

GRANTED_STATES = {"granted", "report_due", "report_received", "closed"}
# The journal's action for the step that leads to a state (as the services record it).
STATE_ACTION = {
    "ineligible": "declare_ineligible",
    "postponed": "postpone",
    "granted": "grant",
    "refused": "refuse",
    "withdrawn": "withdraw",
}
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)


def _store(document: VaultDocument, filename: str) -> None:
    """Write the tiny PDF where an upload would go (straight to disk on the file system storage:
    a thousand ``Storage.save`` calls, each probing for a free name, cost seconds)."""
    storage = document.file.storage
    if not isinstance(storage, FileSystemStorage):
        document.file.save(filename, ContentFile(TINY_PDF), save=False)
        return
    name = vault_upload_to(document, filename)
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(TINY_PDF)
    document.file.name = name


def _clear() -> None:
    """Delete the previous demo files (the instruction side's rows that protect them first)."""
    demo_apps = Application.objects.filter(is_demo=True)
    # The big child tables first, one DELETE each: the cascade collector would fetch them all.
    for model in (Payment, Decision, Score, FinalReport, ApplicationEvent, BudgetLine, ApplicationDocument):
        model.objects.filter(application__is_demo=True).delete()
    for through in (Application.communes.through, Application.themes.through):
        through.objects.filter(application__is_demo=True).delete()
    demo_apps.delete()
    for document in VaultDocument.objects.filter(applicant__is_demo=True):
        document.file.delete(save=False)
    VaultDocument.objects.filter(applicant__is_demo=True).delete()
    Applicant.objects.filter(is_demo=True).delete()


def demo_years(today: date) -> tuple[int, ...]:
    """The four budget years the demo fills: the current one and the three before it."""
    return tuple(range(today.year - 3, today.year + 1))


def _schemes(years: tuple[int, ...], factor: float) -> dict[str, Scheme]:
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    result = {}
    for spec in SCHEMES:
        defaults = {k: v for k, v in spec.items() if k not in {"code", "required", "envelope_cents"}}
        scheme, _created = Scheme.objects.update_or_create(code=spec["code"], defaults=defaults)
        scheme.required_documents.set([kinds[c] for c in spec["required"] if c in kinds])
        if spec["envelope_cents"] is not None:
            envelope = max(100_000, round(spec["envelope_cents"] * factor / 100_000) * 100_000)
            for year in years:
                SchemeYear.objects.update_or_create(
                    scheme=scheme, year=year, defaults={"envelope_cents": envelope}
                )
        result[spec["code"]] = scheme
    return result


def _calls(
    schemes: dict[str, Scheme], years: tuple[int, ...], today: date
) -> dict[tuple[str, int, int], Call]:
    """IC: a spring and an autumn session each year; associations: one yearly call. Plus the
    IC winter session and the next year's project call open now (relative to today, so the
    demo always has them) and, from October, the next year's operating call."""
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
    for year in years:
        upsert(ic, f"Session de printemps {year}", year, date(year, 1, 15), date(year, 3, 31), 1)
        upsert(ic, f"Session d'automne {year}", year, date(year, 6, 1), date(year, 9, 30), 2)
        for code, label in (
            ("subvention-fonctionnement", "Fonctionnement"),
            ("subvention-projet", "Projets associatifs"),
        ):
            upsert(schemes[code], f"{label} {year}", year, date(year, 1, 5), date(year, 3, 15), 1)
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
    if today.month >= 10:
        upsert(
            schemes["subvention-fonctionnement"],
            f"Fonctionnement {today.year + 1}",
            today.year + 1,
            today - timedelta(days=60),
            today + timedelta(days=40),
            3,
        )
    return calls


@dataclass
class _File:
    """One demo file before it is written (everything the rows need)."""

    scheme: str
    call: Call
    applicant: Applicant
    text: ProjectText
    commune: str | None
    state: str
    submitted_at: datetime | None
    draw_cents: int
    granted_cents: int | None = None
    requested_cents: int = 0
    starts_on: date | None = None
    ends_on: date | None = None
    decided_at: datetime | None = None
    events: list[tuple[datetime, str, str, str]] = field(default_factory=list)


def _phase(call: Call, today: date) -> str:
    """Where a call stands today: future, open, instruction (closed, committee ahead), decided."""
    if timezone.localdate(call.opens_at) > today:
        return "future"
    if timezone.localdate(call.closes_at) >= today:
        return "open"
    if call.committee_on is not None and call.committee_on >= today:
        return "instruction"
    return "decided"


def _outcomes(rng: random.Random, scheme: str, granted: int, phase: str, *, recent: bool) -> list[str]:
    """The states of one call's files: exact shares for a decided call, work in progress else.
    Only a recent committee has postponed files (an older one's came back and were decided)."""
    shares: dict[str, float] = PLAN[scheme]["outcomes"]
    granted_share = 1 - sum(shares.values())
    total = max(granted, round(granted / granted_share))
    if phase == "decided":
        states = ["granted"] * granted
        for state, share in shares.items():
            if state != "postponed" or recent:
                states += [state] * round(total * share)
    elif phase == "instruction":
        states = rng.choices(
            ["submitted", "instruction", "waiting_pieces", "committee", "ineligible"],
            weights=(2, 8, 4, 10, 1),
            k=total,
        )
    else:  # open: the files already submitted
        states = rng.choices(["submitted", "instruction", "waiting_pieces"], weights=(6, 3, 2), k=total // 3)
    rng.shuffle(states)
    return states


def _draw_cents(rng: random.Random, scheme: str, big: bool) -> int:
    """A first draw of the amount (euros rounded), before the yearly totals are fitted."""
    if scheme == "initiatives-citoyennes":
        euros = rng.triangular(800, 5_000, 2_200)
    elif scheme == "subvention-fonctionnement":
        euros = rng.lognormvariate(math.log(4_500), 1.0) * (2.2 if big else 1.0)
    else:
        euros = rng.triangular(1_500, 20_000, 5_000)
    return max(50_000, round(euros) * 100)


def _ceiling(scheme: str) -> int:
    if scheme == "initiatives-citoyennes":
        return 500_000
    if scheme == "subvention-projet":
        return 2_000_000
    return OPERATING_CAP_CENTS


def _fit(amounts: list[int], target: int, ceiling: int, step: int) -> list[int]:
    """Scale ``amounts`` so they add up to about ``target`` (each ≤ ceiling, rounded to ``step``)."""
    result = amounts[:]
    for _ in range(4):
        total = sum(result)
        if not total:
            return result
        k = target / total
        result = [max(step, min(ceiling, round(a * k / step) * step)) for a in result]
    return result


def _post_grant_state(rng: random.Random, ends_on: date, today: date) -> str:
    if today < ends_on:
        return "granted"
    if today < ends_on + timedelta(days=150):
        return rng.choice(("report_due", "report_received"))
    return rng.choices(("closed", "report_due", "report_received"), weights=(88, 7, 5))[0]


def _event_chain(rng: random.Random, f: _File, now: datetime) -> None:
    """The file's journal, from creation to its current state (never after now)."""
    assert f.submitted_at is not None
    call = f.call
    t = f.submitted_at
    f.events.append((t - timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 8)), "created", "", "draft"))
    f.events.append((t, "submit", "draft", "submitted"))
    state = "submitted"
    if f.state == "submitted" or (f.state == "withdrawn" and rng.random() < 0.5):
        if f.state == "withdrawn":
            f.events.append(
                (min(now, t + timedelta(days=rng.randint(3, 30))), "withdraw", state, "withdrawn")
            )
        return
    t = min(now, t + timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 6)))
    f.events.append((t, "start_instruction", state, "instruction"))
    state = "instruction"
    if f.state == "waiting_pieces" or rng.random() < 0.15:
        t = min(now, t + timedelta(days=rng.randint(1, 10)))
        f.events.append((t, "pieces_requested", state, "waiting_pieces"))
        if f.state == "waiting_pieces":
            return
        t = min(now, t + timedelta(days=rng.randint(3, 20)))
        f.events.append((t, "pieces_supplied", "waiting_pieces", "instruction"))
    if f.state in {"instruction"}:
        return
    if f.state in {"ineligible", "withdrawn"}:
        t = min(now, t + timedelta(days=rng.randint(2, 15)))
        f.events.append((t, STATE_ACTION[f.state], state, f.state))
        if f.state == "ineligible":
            f.decided_at = t
        return
    committee = call.committee_on or (timezone.localdate(call.closes_at) + timedelta(days=45))
    t = min(now, max(t, _at(committee - timedelta(days=rng.randint(10, 20)), 10)))
    f.events.append((t, "send_to_committee", state, "committee"))
    state = "committee"
    if f.state == "committee":
        return
    decided = _at(committee, 18)
    f.decided_at = decided
    outcome = f.state if f.state in {"refused", "postponed"} else "granted"
    f.events.append((decided, STATE_ACTION[outcome], state, outcome))
    if outcome != "granted" or f.state == "granted":
        return
    assert f.ends_on is not None
    t = min(now, _at(f.ends_on, 9))
    f.events.append((t, "await_report", "granted", "report_due"))
    if f.state == "report_due":
        return
    t = min(now, t + timedelta(days=rng.randint(10, 80)))
    f.events.append((t, "submit_report", "report_due", "report_received"))
    if f.state == "closed":
        f.events.append(
            (min(now, t + timedelta(days=rng.randint(5, 30))), "close", "report_received", "closed")
        )


def _weighted_sample(rng: random.Random, items: list[Any], weights: list[float], k: int) -> list[Any]:
    """``k`` distinct items, the heavier more likely (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _key, i in keyed[:k]]


def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed and today)."""
    from solidaires.associations.models import Association

    rng = ctx.rng("grants")
    _clear()
    today = timezone.localdate()
    now = timezone.now()
    years = demo_years(today)
    factor = ctx.scale.associations / AGGLO_ASSOCIATIONS
    schemes = _schemes(years, factor)
    calls = _calls(schemes, years, today)
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    theme_ids = dict(Theme.objects.values_list("slug", "pk"))
    by_insee = ctx.by_insee
    if not by_insee:
        return

    # Associations (their applicant space is created when they apply) and their themes.
    taken = set(Applicant.objects.filter(association__isnull=False).values_list("association_id", flat=True))
    associations = [
        row
        for row in Association.objects.filter(is_demo=True)
        .order_by("pk")
        .values_list("pk", "name", "rna", "siret", "head_office_commune_id")
        if row[0] not in taken and row[4] in by_insee
    ]
    association_themes: dict[int, list[str]] = {}
    for association_id, slug in (
        Association.themes.through.objects.filter(association__is_demo=True)
        .order_by("pk")
        .values_list("association_id", "theme__slug")
    ):
        association_themes.setdefault(association_id, []).append(slug)
    registered = [a for a in associations if a[2] or a[3]]  # an RNA or a SIRET: can ask the Agglo
    by_commune: dict[str, list[tuple[Any, ...]]] = {}
    for row in associations:
        by_commune.setdefault(row[4], []).append(row)
    spaces: dict[Any, Applicant] = {}

    def association_space(row: tuple[Any, ...]) -> Applicant:
        pk, name, rna, siret, insee = row
        if ("a", pk) not in spaces:
            spaces[("a", pk)] = Applicant(
                kind=ApplicantKind.ASSOCIATION,
                name=name,
                association_id=pk,
                rna=rna,
                siret=siret,
                commune_id=insee,
                is_demo=True,
            )
        return spaces[("a", pk)]

    # Inhabitants by commune, for person spaces and group contacts.
    taken_people = set(
        Applicant.objects.filter(kind=ApplicantKind.PERSON, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    residents: dict[str, list[int]] = {}
    for person in people:
        if person.insee in by_insee and person.user_id not in taken_people:
            residents.setdefault(person.insee, []).append(person.user_id)
    group_names: set[str] = set()
    groups_by_commune: dict[str, list[Applicant]] = {}
    commune_picker = ctx.commune_picker()

    def ic_space(insee: str, place: Place) -> Applicant:
        roll = rng.random()
        local = by_commune.get(insee, [])
        if roll < 0.4 and local:
            return association_space(rng.choice(local))
        nearby = residents.get(insee, [])
        if roll > 0.8 and nearby:
            user_id = nearby.pop(rng.randrange(len(nearby)))
            spaces[("p", user_id)] = Applicant(
                kind=ApplicantKind.PERSON, name="", person_id=user_id, commune_id=insee, is_demo=True
            )
            return spaces[("p", user_id)]
        known = groups_by_commune.get(insee, [])
        if known and rng.random() < 0.3:
            return rng.choice(known)
        name = group_name(rng, place)
        for _attempt in range(5):
            if name not in group_names:
                break
            name = group_name(rng, place_in(rng, by_insee[insee]))
        group_names.add(name)
        contact = rng.choice(nearby) if nearby else None
        group = Applicant(
            kind=ApplicantKind.GROUP, name=name, person_id=contact, commune_id=insee, is_demo=True
        )
        spaces[("g", len(spaces))] = group
        groups_by_commune.setdefault(insee, []).append(group)
        return group

    # The operating subsidies go to a stable pool of associations (mostly the same each year).
    fo_plan = PLAN["subvention-fonctionnement"]
    fo_files_per_year = round(fo_plan["granted"] * factor / (1 - sum(fo_plan["outcomes"].values())))
    pool_size = min(len(registered), round(fo_files_per_year * 1.1))
    fo_pool = _weighted_sample(
        rng,
        registered,
        [
            max(by_insee[a[4]].population, 100) ** 0.3
            * (2.0 if LARGE_THEMES & set(association_themes.get(a[0], ())) else 1.0)
            for a in registered
        ],
        pool_size,
    )
    fo_base = {
        a[0]: _draw_cents(
            rng, "subvention-fonctionnement", bool(LARGE_THEMES & set(association_themes.get(a[0], ())))
        )
        for a in fo_pool
    }

    files: list[_File] = []
    for (code, year, _key), call in sorted(calls.items(), key=lambda item: (item[1].opens_at, item[1].name)):
        phase = _phase(call, today)
        if phase == "future":
            continue
        plan = PLAN[code]
        sessions = 2 if code == "initiatives-citoyennes" and year in years else 1
        granted = max(1, round(plan["granted"] * factor / sessions))
        committee_on = call.committee_on or (timezone.localdate(call.closes_at) + timedelta(days=45))
        states = _outcomes(rng, code, granted, phase, recent=committee_on >= today - timedelta(days=200))
        if code == "subvention-fonctionnement":
            applicants: list[Any] = rng.sample(fo_pool, min(len(states), len(fo_pool)))
            states = states[: len(applicants)]
        for i, state in enumerate(states):
            if code == "initiatives-citoyennes":
                insee = commune_picker.pick(rng)
                place = place_in(rng, by_insee[insee])
                space = ic_space(insee, place)
                text = ic_project(rng, place)
                draw = _draw_cents(rng, code, False)
            elif not registered:
                continue
            else:
                row = applicants[i] if code == "subvention-fonctionnement" else rng.choice(registered)
                space = association_space(row)
                insee = row[4]
                commune = by_insee[insee]
                if code == "subvention-fonctionnement":
                    text = operating_object(rng, association_themes.get(row[0], []), commune)
                    draw = round(fo_base[row[0]] * rng.uniform(0.9, 1.1) / 10_000) * 10_000
                else:
                    text = association_project(rng, place_in(rng, commune, quartier_share=0.4))
                    draw = _draw_cents(rng, code, False)
            opens, closes = call.opens_at, call.closes_at
            latest = min(closes, now - timedelta(hours=2))
            span = max(1, int((latest - opens).total_seconds() // 3600))
            submitted = opens + timedelta(hours=rng.randint(span // 3, span))
            committee = call.committee_on or (timezone.localdate(closes) + timedelta(days=45))
            if code == "subvention-fonctionnement":
                starts, ends = date(call.year, 1, 1), date(call.year, 12, 31)
            else:
                starts = committee + timedelta(days=rng.randint(10, 90))
                ends = starts + timedelta(
                    days=rng.randint(1, 180) if code == "initiatives-citoyennes" else rng.randint(60, 300)
                )
            if state == "granted":
                state = _post_grant_state(rng, ends, today)
            files.append(
                _File(
                    scheme=code,
                    call=call,
                    applicant=space,
                    text=text,
                    commune=insee,
                    state=state,
                    submitted_at=submitted,
                    draw_cents=draw,
                    starts_on=starts,
                    ends_on=ends,
                )
            )

    # Amounts: each scheme's granted files of a year add up to its share of the 2.1 M€.
    for code, plan in PLAN.items():
        for year in years:
            granted_files = [
                f for f in files if f.scheme == code and f.call.year == year and f.state in GRANTED_STATES
            ]
            if not granted_files:
                continue
            planned = max(1, round(plan["granted"] * factor))
            target = round(
                plan["euros"] * 100 * factor * rng.uniform(0.96, 1.04) * min(1, len(granted_files) / planned)
            )
            fitted = _fit([f.draw_cents for f in granted_files], target, _ceiling(code), plan["round"] * 100)
            for f, amount in zip(granted_files, fitted, strict=True):
                f.granted_cents = amount
    for f in files:
        if f.state == "draft":
            continue
        step = PLAN[f.scheme]["round"] * 100
        if f.granted_cents is None:
            f.requested_cents = min(_ceiling(f.scheme), f.draw_cents)
        elif rng.random() < 0.7:
            f.requested_cents = f.granted_cents  # granted in full
        else:
            asked = round(f.granted_cents / rng.uniform(0.5, 0.85) / step) * step
            f.requested_cents = max(f.granted_cents, min(_ceiling(f.scheme), asked))
        _event_chain(rng, f, now)

    # A few drafts in the calls open now.
    for (code, _year, _key), call in sorted(calls.items(), key=lambda item: (item[1].opens_at, item[1].name)):
        if _phase(call, today) != "open" or not registered:
            continue
        for _i in range(max(1, round(4 * factor))):
            if code == "initiatives-citoyennes":
                insee = commune_picker.pick(rng)
                place = place_in(rng, by_insee[insee])
                space = ic_space(insee, place)
                text = ic_project(rng, place)
            else:
                row = rng.choice(registered)
                space = association_space(row)
                insee = row[4]
                text = (
                    operating_object(rng, association_themes.get(row[0], []), by_insee[insee])
                    if code == "subvention-fonctionnement"
                    else association_project(rng, place_in(rng, by_insee[insee]))
                )
            created = now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
            draft = _File(code, call, space, text, insee, "draft", None, 0)
            draft.events.append((created, "created", "", "draft"))
            files.append(draft)

    # Applicant spaces (person spaces are named like their person), then their documents.
    person_names = dict(
        User.objects.filter(
            pk__in=[s.person_id for s in spaces.values() if s.kind == ApplicantKind.PERSON]
        ).values_list("pk", "display_name")
    )
    for space in spaces.values():
        if space.kind == ApplicantKind.PERSON:
            space.name = person_names.get(space.person_id or 0) or "Habitant de l'Agglo"
    space_list = list(spaces.values())
    Applicant.objects.bulk_create(space_list)
    through = Applicant.members.through
    through.objects.bulk_create(
        [through(applicant_id=s.pk, user_id=s.person_id) for s in space_list if s.person_id],
        ignore_conflicts=True,
    )
    documents: dict[int, dict[str, VaultDocument]] = {}
    for space in space_list:
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
                valid_until=(today + timedelta(days=rng.randint(-20, 400)))
                if kinds[code].needs_validity_date
                else None,
                uploaded_at=now - timedelta(days=rng.randint(30, 900)),
            )
            _store(document, f"{code}.pdf")
            documents.setdefault(space.pk, {})[code] = document
    VaultDocument.objects.bulk_create([d for docs in documents.values() for d in docs.values()])

    # Files, numbered per scheme and year in the order they were submitted.
    files.sort(key=lambda f: (f.submitted_at or now, f.scheme))
    numbers: dict[tuple[str, int], int] = {}
    applications: list[Application] = []
    for f in files:
        prefix = schemes[f.scheme].file_prefix
        key = (prefix, f.call.year)
        number = None
        if f.state != "draft":
            numbers[key] = numbers.get(key, 0) + 1
            number = f"{prefix}-{f.call.year}-{numbers[key]:04d}"
        last_at = f.events[-1][0] if f.events else now
        applications.append(
            Application(
                applicant=f.applicant,
                scheme=schemes[f.scheme],
                call=f.call,
                number=number,
                title=f.text.title,
                summary=f.text.summary,
                public_description=f.text.summary,
                audience=f.text.audience,
                starts_on=f.starts_on,
                ends_on=f.ends_on,
                amount_requested_cents=f.requested_cents,
                amount_granted_cents=f.granted_cents,
                state=f.state,
                submitted_at=f.submitted_at,
                state_changed_at=last_at,
                decided_at=f.decided_at,
                clock_paused_at=last_at if f.state == "waiting_pieces" else None,
                created_by_id=f.applicant.person_id,
                last_saved_at=f.submitted_at or last_at,
                is_demo=True,
            )
        )
    Application.objects.bulk_create(applications, batch_size=BATCH_SIZE)
    for (prefix, year), last in numbers.items():
        FileNumberSequence.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})

    lines: list[BudgetLine] = []
    events: list[ApplicationEvent] = []
    attachments: list[ApplicationDocument] = []
    commune_through = Application.communes.through
    theme_through = Application.themes.through
    commune_links = []
    theme_links = []
    required = {spec["code"]: spec["required"] for spec in SCHEMES}
    share = {"initiatives-citoyennes": 0.7, "subvention-projet": 0.45, "subvention-fonctionnement": 0.25}
    for application, f in zip(applications, files, strict=True):
        text = f.text
        requested = application.amount_requested_cents
        code = application.scheme.code
        expenses = (
            round(requested / rng.uniform(share[code] * 0.7, share[code]) / 10_000) * 10_000
            if requested
            else 0
        )
        expense_labels = text.expenses
        remaining = expenses
        for position, label in enumerate(expense_labels):
            amount = (
                remaining if position == len(expense_labels) - 1 else expenses * (50 - 15 * position) // 100
            )
            remaining -= amount
            if amount > 0:
                lines.append(
                    BudgetLine(
                        application_id=application.pk,
                        kind="expense",
                        label=label,
                        amount_cents=amount,
                        position=position,
                    )
                )
        if requested:
            lines.append(
                BudgetLine(
                    application_id=application.pk,
                    kind="income",
                    label="Subvention demandée à l'Agglo",
                    amount_cents=requested,
                    is_requested_grant=True,
                    position=0,
                )
            )
            others = expenses - requested
            if others > 0:
                incomes: tuple[tuple[str, int], ...]
                if code == "initiatives-citoyennes":
                    incomes = (("Participation des habitants et fonds propres", others),)
                else:
                    public = others * 55 // 100
                    incomes = (
                        ("Autres financements publics (Département, CAF, communes)", public),
                        ("Fonds propres, cotisations et dons", others - public),
                    )
                for position, (label, amount) in enumerate(incomes, start=1):
                    lines.append(
                        BudgetLine(
                            application_id=application.pk,
                            kind="income",
                            label=label,
                            amount_cents=amount,
                            position=position,
                        )
                    )
        if f.commune:
            commune_links.append(commune_through(application_id=application.pk, commune_id=f.commune))
        for slug in text.themes:
            if slug in theme_ids:
                theme_links.append(theme_through(application_id=application.pk, theme_id=theme_ids[slug]))
        if f.state == "draft":
            continue
        vault = documents.get(application.applicant.pk, {})
        needed = [c for c in required[code] if c in vault]
        if f.state == "waiting_pieces" and needed:
            needed = needed[:-1]  # the piece the agent asked for
        attachments.extend(
            ApplicationDocument(
                application_id=application.pk, vault_document_id=vault[c].pk, kind_id=vault[c].kind_id
            )
            for c in needed
        )
        for at, action, from_state, to_state in f.events:
            events.append(
                ApplicationEvent(
                    application_id=application.pk,
                    at=at,
                    actor_id=application.created_by_id
                    if action in {"created", "submit", "submit_report", "withdraw"}
                    else None,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    ApplicationEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    ApplicationDocument.objects.bulk_create(attachments, ignore_conflicts=True, batch_size=BATCH_SIZE)
    commune_through.objects.bulk_create(commune_links, ignore_conflicts=True, batch_size=BATCH_SIZE)
    theme_through.objects.bulk_create(theme_links, ignore_conflicts=True, batch_size=BATCH_SIZE)

    ctx.counts["grant_schemes"] = len(schemes)
    ctx.counts["grant_calls"] = Call.objects.count()
    ctx.counts["grant_applicants"] = Applicant.objects.filter(is_demo=True).count()
    ctx.counts["grant_applications"] = len(applications)
    ctx.counts["grant_vault_documents"] = sum(len(d) for d in documents.values())
    ctx.log(f"  grants: {len(applications)} dossiers, {ctx.counts['grant_applicants']} porteurs de projet")
    from solidaires.grants.instruction.demo import (
        generate_instruction,  # instruction side (committees, decisions…)
    )

    generate_instruction(ctx, people)
