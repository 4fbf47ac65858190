"""Demo engagements, hours and transitions (called by solidaires.volunteering.demo.generate).

Deterministic from ``ctx.rng("engagements")``; idempotent (the engagements of demo missions are
deleted, then recreated); about 1,500 engagements and 6,000 hours entries at agglo scale. The
demo volunteer account (``habitant@demo.solidaires.invalid``, when it exists) gets an active
engagement with validated hours, so its attestation works in ``make run``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from solidaires.core.demo import BATCH_SIZE, DEMO_ACCOUNT_DOMAIN, DemoContext
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementState,
    EngagementTransition,
    HoursEntry,
    HoursState,
)
from solidaires.volunteering.missions.models import Mission, MissionState

ENGAGEMENTS_AT_AGGLO = 1500
DEMO_VOLUNTEER_EMAIL = f"habitant@{DEMO_ACCOUNT_DOMAIN}"
BICYCLETTE_SLUG = "la-bicyclette-bleue"

MESSAGES = (
    "Bonjour, je suis disponible le samedi matin et j'aimerais aider.",
    "Je suis retraitée et j'ai du temps en semaine. Je peux venir dès la semaine prochaine.",
    "Étudiant à Valence, je cherche à me rendre utile le week-end.",
    "J'ai déjà fait ce genre de mission dans mon ancienne ville. Au plaisir d'échanger !",
    "Bonjour ! Je n'ai pas d'expérience mais beaucoup de motivation.",
    "",
)
DECLINE_REASONS = (
    "Merci ! Nous avons trouvé assez de bénévoles pour cette date.",
    "La mission demande d'être disponible en semaine, désolés.",
)
NOTES = ("Accueil et tri", "Distribution", "Atelier", "Rangement", "Accompagnement", "")
# (state, weight): most engagements are under way or over, some still wait for an answer.
STATES = (
    (EngagementState.ACTIVE, 45),
    (EngagementState.ENDED, 25),
    (EngagementState.APPLIED, 15),
    (EngagementState.DECLINED, 10),
    (EngagementState.WITHDRAWN, 5),
)


@contextmanager
def _keep_created_at(model: Any) -> Iterator[None]:
    """Insert past ``created_at`` / ``updated_at`` values as given: the demo's history is in the
    past, and a bulk_update afterwards would cost as much as the inserts (demo only)."""
    fields = [f for f in model._meta.concrete_fields if f.name in {"created_at", "updated_at"}]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _pick_state(rng: Any) -> str:
    roll = rng.randrange(sum(w for _, w in STATES))
    for state, weight in STATES:
        if roll < weight:
            return str(state)
        roll -= weight
    return str(EngagementState.ACTIVE)  # pragma: no cover


def _first_day(mission_start: datetime | None, year_start: date) -> date:
    if mission_start is None:
        return year_start
    return max(timezone.localdate(mission_start) - timedelta(days=1), year_start)


def generate_engagements(ctx: DemoContext, people: Any) -> int:
    """Create the demo engagements, their transitions and hours; returns the engagements count."""
    demo = Engagement.objects.filter(mission__is_demo=True)
    HoursEntry.objects.filter(engagement__in=demo).delete()
    EngagementTransition.objects.filter(engagement__in=demo).delete()
    demo.delete()
    rng = ctx.rng("engagements")
    now = timezone.now()
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    missions = list(
        Mission.objects.filter(
            is_demo=True,
            hidden_at__isnull=True,
            state__in=[MissionState.PUBLISHED, MissionState.FULL, MissionState.CLOSED],
        )
        .filter(models_q_started(now))
        .order_by("pk")
        .values_list("pk", "starts_at", "posted_by_id", "contact_id")
    )
    volunteers = [p.user_id for p in people]
    if not missions or not volunteers:
        ctx.counts["engagements"] = ctx.counts["hours_entries"] = 0
        ctx.log("Engagements : aucune mission démarrée ou personne, rien à créer.")
        return 0
    total = max(10, round(ENGAGEMENTS_AT_AGGLO * ctx.scale.associations / 360))
    pairs: set[tuple[int, int]] = set()
    plans: list[tuple[Engagement, datetime, datetime | None]] = []
    attempts = 0
    while len(plans) < total and attempts < total * 5:
        attempts += 1
        mission_id, _starts_at, poster, contact = missions[rng.randrange(len(missions))]
        volunteer = volunteers[rng.randrange(len(volunteers))]
        if (mission_id, volunteer) in pairs or volunteer in {poster, contact}:
            continue
        pairs.add((mission_id, volunteer))
        state = _pick_state(rng)
        if state == EngagementState.APPLIED:
            created = now - timedelta(days=rng.choice((1, 2, 3, 4, 6, 8, 11, 13)), hours=rng.randrange(24))
        else:
            created = now - timedelta(days=rng.randrange(20, 320), hours=rng.randrange(24))
        answered = None
        if state in (EngagementState.ACTIVE, EngagementState.ENDED, EngagementState.DECLINED):
            answered = min(created + timedelta(hours=rng.choice((3, 10, 20, 30, 44, 60, 100, 150))), now)
        engagement = Engagement(
            mission_id=mission_id,
            volunteer_id=volunteer,
            state=state,
            message=rng.choice(MESSAGES),
            decline_reason=rng.choice(DECLINE_REASONS) if state == EngagementState.DECLINED else "",
            answered_at=answered,
            ended_at=(answered or created) + timedelta(days=rng.randrange(10, 120))
            if state == EngagementState.ENDED
            else None,
        )
        if engagement.ended_at is not None and engagement.ended_at > now:
            engagement.ended_at = now
        plans.append((engagement, created, answered))
    engagements = [e for e, _, _ in plans]
    for engagement, created, _ in plans:
        engagement.created_at = engagement.updated_at = created
    with _keep_created_at(Engagement):
        Engagement.objects.bulk_create(engagements, batch_size=BATCH_SIZE)

    transitions: list[EngagementTransition] = []
    stamps: list[datetime] = []
    for engagement, created, answered in plans:
        transitions.append(
            EngagementTransition(engagement=engagement, by_id=engagement.volunteer_id, to_state="applied")
        )
        stamps.append(created)
        if answered is not None:
            target = (
                EngagementState.DECLINED
                if engagement.state == EngagementState.DECLINED
                else EngagementState.ACTIVE
            )
            transitions.append(
                EngagementTransition(
                    engagement=engagement,
                    from_state="applied",
                    to_state=target,
                    note=engagement.decline_reason,
                )
            )
            stamps.append(answered)
        if engagement.state == EngagementState.ENDED and engagement.ended_at is not None:
            transitions.append(
                EngagementTransition(engagement=engagement, from_state="active", to_state="ended")
            )
            stamps.append(engagement.ended_at)
        if engagement.state == EngagementState.WITHDRAWN:
            transitions.append(
                EngagementTransition(
                    engagement=engagement,
                    by_id=engagement.volunteer_id,
                    from_state="applied",
                    to_state="withdrawn",
                )
            )
            stamps.append(created + timedelta(days=1))
    for transition, stamp in zip(transitions, stamps, strict=True):
        transition.created_at = stamp
    with _keep_created_at(EngagementTransition):
        EngagementTransition.objects.bulk_create(transitions, batch_size=BATCH_SIZE)

    starts = {pk: starts_at for pk, starts_at, _, _ in missions}
    hours: list[HoursEntry] = []
    for engagement, _, answered in plans:
        if engagement.state not in (EngagementState.ACTIVE, EngagementState.ENDED) or answered is None:
            continue
        first = max(_first_day(starts[engagement.mission_id], year_start), timezone.localdate(answered))
        last = timezone.localdate(engagement.ended_at) if engagement.ended_at else today
        if last < first:
            continue
        span = (last - first).days
        days = sorted({first + timedelta(days=rng.randrange(span + 1)) for _ in range(rng.randrange(3, 10))})
        for day in days:
            roll = rng.random()
            state = (
                HoursState.VALIDATED
                if roll < 0.85 or day < today - timedelta(days=60)
                else HoursState.PENDING
            )
            if roll > 0.95 and state == HoursState.PENDING:
                state = HoursState.REJECTED
            hours.append(
                HoursEntry(
                    engagement=engagement,
                    day=day,
                    minutes=rng.choice((60, 90, 120, 150, 180, 210, 240)),
                    note=rng.choice(NOTES),
                    state=state,
                    reject_reason="Ce jour-là l'atelier était fermé." if state == HoursState.REJECTED else "",
                    decided_at=now if state != HoursState.PENDING else None,
                )
            )
    demo_hours = _demo_volunteer(ctx, missions, now=now, today=today)
    HoursEntry.objects.bulk_create(hours + demo_hours, batch_size=BATCH_SIZE)
    from solidaires.volunteering.engagement.selectors import refresh_response_times

    refresh_response_times()
    ctx.counts["engagements"] = len(engagements) + (1 if demo_hours else 0)
    ctx.counts["hours_entries"] = len(hours) + len(demo_hours)
    ctx.counts["hours_validated_minutes"] = sum(
        h.minutes for h in hours + demo_hours if h.state == HoursState.VALIDATED
    )
    ctx.log(
        f"Engagements : {ctx.counts['engagements']}, heures déclarées : {ctx.counts['hours_entries']} "
        f"({ctx.counts['hours_validated_minutes'] // 60} h validées)"
    )
    return ctx.counts["engagements"]


def models_q_started(now: datetime) -> Any:
    """Missions already started (or without a start date): hours can be logged on them."""
    from django.db.models import Q

    return Q(starts_at__isnull=True) | Q(starts_at__lte=now)


def _demo_volunteer(ctx: DemoContext, missions: list[Any], *, now: datetime, today: date) -> list[HoursEntry]:
    """The demo inhabitant account: an active engagement at La Bicyclette Bleue with validated hours."""
    from solidaires.accounts.models import User

    user = User.objects.filter(email=DEMO_VOLUNTEER_EMAIL).first()
    if user is None:
        ctx.log("Compte de démonstration habitant absent : lancez « manage.py create_demo_accounts ».")
        return []
    Engagement.objects.filter(volunteer=user, mission__is_demo=True).delete()
    candidates = list(
        Mission.objects.filter(pk__in=[m[0] for m in missions], association__isnull=False)
        .exclude(posted_by=user)
        .order_by("pk")
        .values_list("pk", "association__slug", "starts_at")
    )
    if not candidates:
        return []
    mission_id, _, starts_at = next((c for c in candidates if c[1] == BICYCLETTE_SLUG), candidates[0])
    answered = now - timedelta(days=40)
    engagement = Engagement.objects.create(
        mission_id=mission_id,
        volunteer=user,
        state=EngagementState.ACTIVE,
        message="Bonjour, je répare mon vélo moi-même et j'aimerais aider à l'atelier.",
        answered_at=answered,
    )
    Engagement.objects.filter(pk=engagement.pk).update(created_at=answered - timedelta(days=2))
    EngagementTransition.objects.bulk_create(
        [
            EngagementTransition(engagement=engagement, by=user, to_state="applied"),
            EngagementTransition(engagement=engagement, from_state="applied", to_state="active"),
        ]
    )
    first = _first_day(starts_at, date(today.year, 1, 1))
    days = [d for d in (today - timedelta(days=n) for n in (30, 23, 16, 9, 2)) if d >= first] or [today]
    return [
        HoursEntry(
            engagement=engagement,
            day=day,
            minutes=180,
            note="Atelier de réparation",
            state=HoursState.VALIDATED if i < len(days) - 1 else HoursState.PENDING,
            decided_at=now if i < len(days) - 1 else None,
        )
        for i, day in enumerate(days)
    ]
