"""Demo events, called by solidaires.events.demo.generate.

A year of events (2026 and the coming months, relative to now): workshops, worksites,
neighbourhood parties, cross-trainings, public meetings, forums and ~30 cafés bénévolat in
several communes with attributed sign-ups; registrations (some events full with a waiting
list) and attendance for past events. Deterministic from ``ctx.rng("events")``; idempotent.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.demo import BATCH_SIZE, FICTIONAL_MARKER, DemoContext
from solidaires.core.search import document
from solidaires.territory.models import Place

from .models import (
    CafeSignup,
    Event,
    EventAudience,
    EventCategory,
    EventState,
    Registration,
    RegistrationState,
)

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 1, 5, tzinfo=PARIS)

TITLES: dict[str, tuple[str, ...]] = {
    EventCategory.ATELIER_PARTICIPATIF: (
        "Atelier réparation de vélos",
        "Atelier cuisine anti-gaspi",
        "Repair café",
        "Atelier couture",
        "Atelier numérique : premiers pas sur smartphone",
    ),
    EventCategory.CHANTIER_PARTICIPATIF: (
        "Chantier participatif au jardin partagé",
        "Nettoyage des berges",
        "Plantation d'une haie",
        "Rénovation du local associatif",
    ),
    EventCategory.FETE_DE_QUARTIER: (
        "Fête de quartier",
        "Repas partagé",
        "Vide-grenier solidaire",
        "Bal populaire",
    ),
    EventCategory.FORMATION_CROISEE: (
        "Formation croisée : accueillir les bénévoles",
        "Formation croisée : monter un dossier de subvention",
        "Formation premiers secours",
    ),
    EventCategory.REUNION_PUBLIQUE: (
        "Réunion publique : projet de quartier",
        "Réunion d'information sur l'appel à projets",
    ),
    EventCategory.FORUM: ("Forum des associations", "Forum de l'emploi solidaire"),
    EventCategory.AUTRE: ("Conférence-débat", "Projection suivie d'un échange"),
}
CATEGORY_WEIGHTS = (
    (EventCategory.ATELIER_PARTICIPATIF, 35),
    (EventCategory.CHANTIER_PARTICIPATIF, 15),
    (EventCategory.FETE_DE_QUARTIER, 15),
    (EventCategory.FORMATION_CROISEE, 10),
    (EventCategory.REUNION_PUBLIQUE, 10),
    (EventCategory.FORUM, 3),
    (EventCategory.AUTRE, 12),
)
START_HOURS = (9, 10, 14, 14, 15, 17, 18, 19)


def _clear() -> None:
    Event.objects.filter(is_demo=True).delete()


def clear(ctx: DemoContext) -> None:
    """Delete the agenda's demo rows (called before associations and places are regenerated)."""
    _clear()


def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
    _clear()
    rng = ctx.rng("events")
    factor = ctx.scale.associations / 360
    now = timezone.now()
    end = now + timedelta(days=120)
    total_days = (end - START).days
    n_events = max(10, round(570 * factor))
    n_cafes = max(3, round(30 * factor))

    associations = list(
        Association.objects.filter(is_demo=True).values_list("id", "head_office_commune_id", "name")
    )
    places_by_commune: dict[str, list[tuple[int, str]]] = {}
    for pk, insee, name in Place.objects.values_list("id", "commune_id", "name"):
        places_by_commune.setdefault(insee, []).append((pk, name))
    communes = {c.insee: c for c in ctx.communes}
    picker = ctx.commune_picker()
    categories = [c for c, w in CATEGORY_WEIGHTS for _ in range(w)]
    user_ids = [p.user_id for p in people]

    events: list[Event] = []
    organisers: list[int | None] = []
    for i in range(n_events + n_cafes):
        is_cafe = i >= n_events
        category = EventCategory.CAFE_BENEVOLAT if is_cafe else rng.choice(categories)
        if is_cafe:  # spread over the last 18 months and the coming ones, in several communes
            day = now - timedelta(days=540) + timedelta(days=(i - n_events) * 660 / n_cafes)
        else:
            day = START + timedelta(days=rng.randrange(total_days))
        association = (
            rng.choice(associations) if associations and not is_cafe and rng.random() < 0.8 else None
        )
        insee = association[1] if association else picker.pick(rng)
        commune = communes.get(insee)
        place = (
            rng.choice(places_by_commune[insee])
            if places_by_commune.get(insee) and rng.random() < 0.7
            else None
        )
        hour = rng.choice(START_HOURS) if not is_cafe else 18
        starts = datetime(day.year, day.month, day.day, hour, rng.choice((0, 0, 30)), tzinfo=PARIS)
        ends = starts + timedelta(hours=rng.choice((1.5, 2, 2, 3, 4)))
        title = "Café bénévolat" if is_cafe else rng.choice(TITLES[category])
        where = commune.name if commune else ""
        title = f"{title} – {where}" if where else title
        capacity = None if rng.random() < 0.35 else rng.choice((8, 12, 15, 20, 25, 30, 40, 60))
        cancelled = not is_cafe and rng.random() < 0.03
        description = (
            f"{title}. Ouvert à toutes et à tous, sans inscription préalable à une association. "
            f"{FICTIONAL_MARKER}"
        )
        events.append(
            Event(
                title=title,
                slug=f"{category.replace('_', '-')}-{i}",
                description=description,
                category=category,
                organised_by_agglo=association is None,
                place_id=place[0] if place else None,
                commune_id=insee if commune else None,
                starts_at=starts,
                ends_at=ends,
                capacity=capacity,
                registration_open=True,
                audience=rng.choice(
                    [EventAudience.TOUS] * 6 + [a for a in EventAudience.values if a != "tous"]
                ),
                accessibility="Lieu de plain-pied, accessible en fauteuil." if rng.random() < 0.5 else "",
                state=EventState.CANCELLED if cancelled else EventState.PUBLISHED,
                published_at=starts - timedelta(days=30),
                cancelled_at=starts - timedelta(days=2) if cancelled else None,
                cancelled_reason="Reporté à une date ultérieure." if cancelled else "",
                signup_code=(
                    "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6)) + f"{i}"
                )[:16]
                if is_cafe
                else "",
                is_demo=True,
                search_document=document(
                    title,
                    str(category.label),
                    place[1] if place else "",
                    where,
                    association[2] if association else "Agglo",
                ),
            )
        )
        organisers.append(association[0] if association else None)
    Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
    created = list(Event.objects.filter(is_demo=True).order_by("id"))
    through = Event.organiser_associations.through
    through.objects.bulk_create(
        [through(event_id=e.pk, association_id=a) for e, a in zip(created, organisers, strict=True) if a],
        batch_size=BATCH_SIZE,
    )

    # Registrations: some events full with a waiting list; attendance for past ones.
    registrations: list[Registration] = []
    for event in created:
        if not user_ids or event.is_cafe:
            continue
        wanted = rng.randint(0, min(len(user_ids), (event.capacity or 30) + 4))
        chosen = rng.sample(user_ids, min(wanted, len(user_ids)))
        past = event.ends_at < now
        for rank, user_id in enumerate(chosen):
            waiting = event.capacity is not None and rank >= event.capacity
            registered_at = event.starts_at - timedelta(days=rng.randint(1, 25))
            registrations.append(
                Registration(
                    event_id=event.pk,
                    user_id=user_id,
                    state=RegistrationState.WAITING if waiting else RegistrationState.CONFIRMED,
                    waiting_since=registered_at if waiting else None,
                    checkin_token=secrets.token_urlsafe(24),
                    attended_at=event.starts_at + timedelta(minutes=5)
                    if past and not waiting and event.state == EventState.PUBLISHED and rng.random() < 0.75
                    else None,
                    reminder_sent_at=event.starts_at - timedelta(hours=20) if past and not waiting else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)

    # Café sign-ups: ~320 over 18 months, each person attributed once.
    cafes = [e for e in created if e.is_cafe and e.starts_at < now]
    n_signups = min(len(user_ids), round(320 * factor))
    signup_users = rng.sample(user_ids, n_signups) if cafes else []
    signups = []
    for k, user_id in enumerate(signup_users):
        cafe = cafes[k % len(cafes)]
        signups.append(
            CafeSignup(
                event_id=cafe.pk,
                user_id=user_id,
                created_at=cafe.starts_at + timedelta(hours=rng.randint(1, 72)),
            )
        )
    CafeSignup.objects.bulk_create(signups, batch_size=BATCH_SIZE)

    ctx.counts["events"] = len(created)
    ctx.counts["cafes_benevolat"] = sum(1 for e in created if e.is_cafe)
    ctx.counts["event_registrations"] = len(registrations)
    ctx.counts["cafe_signups"] = len(signups)
