"""Demo permanences, called by solidaires.events.demo.generate.

Permanences in every Maison citoyenne (free legal advice with 20-minute appointments, French
lessons, paperwork help, digital help) and in some centres sociaux and town halls; a few
cancelled dates; bookings on the coming legal-advice and paperwork slots. Deterministic from
``ctx.rng("officehours")``; idempotent (rows marked ``is_demo`` are deleted and recreated).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.demo import BATCH_SIZE, FICTIONAL_MARKER, REFERENCE_DATE, DemoContext
from solidaires.core.slugs import french_slugify
from solidaires.territory.models import Place, PlaceKind

from . import recurrence
from .models import Booking, OfficeHours, OfficeHoursException, OfficeHoursKind

# (kind, title, description, frequency, weekday, start, end, slot minutes)
TEMPLATES: tuple[tuple[str, str, str, str, int, time, time, int | None], ...] = (
    (
        OfficeHoursKind.LEGAL,
        "Conseils juridiques gratuits",
        "Un juriste bénévole répond à vos questions : logement, travail, famille, consommation. "
        "Apportez les documents utiles.",
        "weekly",
        1,
        time(14),
        time(17),
        20,
    ),
    (
        OfficeHoursKind.FRENCH,
        "Cours de français pour adultes",
        "Apprendre ou progresser en français, en petit groupe, dans la bonne humeur. Tous niveaux.",
        "weekly",
        0,
        time(9, 30),
        time(11, 30),
        None,
    ),
    (
        OfficeHoursKind.PAPERWORK,
        "Aide aux démarches administratives",
        "CAF, impôts, retraite, titres de séjour : un bénévole vous aide à remplir vos dossiers.",
        "biweekly",
        3,
        time(9),
        time(12),
        30,
    ),
    (
        OfficeHoursKind.DIGITAL,
        "Aide au numérique",
        "Créer une adresse e-mail, utiliser son téléphone, faire ses démarches en ligne.",
        "monthly_1",
        2,
        time(14),
        time(16),
        None,
    ),
    (
        OfficeHoursKind.LISTENING,
        "Permanence d'écoute et d'orientation",
        "Un moment pour parler de ce qui ne va pas et trouver la bonne porte.",
        "monthly_3",
        4,
        time(10),
        time(12),
        None,
    ),
)


def _clear() -> None:
    OfficeHours.objects.filter(is_demo=True).delete()  # exceptions and bookings follow (CASCADE)


def clear(ctx: DemoContext) -> None:
    """Delete the permanences' demo rows (they point at places and associations)."""
    _clear()


def generate(ctx: DemoContext, people: Any) -> None:
    _clear()
    rng = ctx.rng("officehours")
    now = timezone.now()
    today = timezone.localdate()
    places = list(
        Place.objects.filter(
            kind__in=(PlaceKind.MAISON_CITOYENNE, PlaceKind.CENTRE_SOCIAL, PlaceKind.MAIRIE)
        ).values_list("id", "kind", "commune_id")
    )
    associations_by_commune: dict[str, list[int]] = {}
    all_associations: list[int] = []
    for pk, insee in Association.objects.filter(is_demo=True).values_list("id", "head_office_commune_id"):
        associations_by_commune.setdefault(insee, []).append(pk)
        all_associations.append(pk)

    rows: list[OfficeHours] = []
    for place_id, kind, insee in places:
        if kind == PlaceKind.MAISON_CITOYENNE:
            templates = rng.sample(TEMPLATES, rng.randint(2, 4))
            if TEMPLATES[0] not in templates:
                templates.insert(0, TEMPLATES[0])  # every Maison citoyenne has free legal advice
        elif kind == PlaceKind.CENTRE_SOCIAL:
            templates = rng.sample(TEMPLATES, 1) if rng.random() < 0.6 else []
        else:
            templates = [TEMPLATES[2]] if rng.random() < 0.15 else []
        for item in templates:
            kind_value, title, description, frequency, weekday, start, end, slots = item
            local = associations_by_commune.get(insee) or []
            pool = local if local and rng.random() < 0.8 else all_associations
            association_id = rng.choice(pool) if pool and rng.random() < 0.85 else None
            weekday = (weekday + rng.choice((0, 0, 1))) % 5
            rule = recurrence.build_rrule(frequency, weekday)
            dtstart = REFERENCE_DATE + timedelta(days=rng.randrange(0, 60))
            schedule = recurrence.Schedule(dtstart=dtstart, start=start, end=end, rrule=rule)
            first = recurrence.first_start(schedule) or dtstart
            until = None
            if rng.random() < 0.15:
                until = date(today.year + 1, 6, 30)
            rows.append(
                OfficeHours(
                    title=title,
                    slug=french_slugify(title),
                    kind=kind_value,
                    description=f"{description}\n\n{FICTIONAL_MARKER}",
                    association_id=association_id,
                    place_id=place_id,
                    dtstart=first,
                    start_time=start,
                    end_time=end,
                    rrule=rule,
                    until=until,
                    skip_public_holidays=rng.random() < 0.9,
                    slot_minutes=slots,
                    is_demo=True,
                )
            )
    created = OfficeHours.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if not created or created[0].pk is None:  # backends that do not return ids
        created = list(OfficeHours.objects.filter(is_demo=True).order_by("id"))

    exceptions: list[OfficeHoursException] = []
    bookings: list[Booking] = []
    user_ids = [p.user_id for p in people]
    horizon = now + timedelta(days=21)
    for office_hours in created:
        schedule = recurrence.Schedule(
            dtstart=office_hours.dtstart,
            start=office_hours.start_time,
            end=office_hours.end_time,
            rrule=office_hours.rrule,
            until=office_hours.until,
            skip_public_holidays=office_hours.skip_public_holidays,
        )
        coming = recurrence.occurrences(schedule, now, horizon)
        if coming and rng.random() < 0.12:
            cancelled = rng.choice(coming)
            exceptions.append(
                OfficeHoursException(
                    office_hours=office_hours,
                    day=cancelled.day,
                    reason=rng.choice(("Fermeture exceptionnelle du lieu", "Bénévole absent", "Travaux")),
                )
            )
            coming = [o for o in coming if o is not cancelled]
        if not office_hours.slot_minutes or not user_ids:
            continue
        for occurrence in coming[:2]:
            cut = recurrence.split_slots(occurrence, office_hours.slot_minutes)
            takers = rng.sample(user_ids, min(len(user_ids), len(cut)))
            for slot, user_id in zip(cut, takers, strict=False):
                if slot.starts_at <= now or rng.random() > 0.45:
                    continue
                bookings.append(
                    Booking(
                        office_hours=office_hours,
                        occurrence_start=occurrence.starts_at,
                        slot_start=slot.starts_at,
                        slot_end=slot.ends_at,
                        user_id=user_id,
                        is_demo=True,
                    )
                )
    OfficeHoursException.objects.bulk_create(exceptions, batch_size=BATCH_SIZE)
    Booking.objects.bulk_create(bookings, batch_size=BATCH_SIZE)
    ctx.counts["permanences"] = len(created)
    ctx.counts["permanences_dates_annulees"] = len(exceptions)
    ctx.counts["rendez_vous"] = len(bookings)
