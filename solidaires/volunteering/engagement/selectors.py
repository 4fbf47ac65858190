"""Reads of engagements, hours and proposals, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from solidaires.accounts.naming import person_name
from solidaires.associations.models import Association, Membership, MembershipRole
from solidaires.volunteering.engagement.hours_summary import (
    HoursRow,
    median_response_days,
    response_time_label,
)
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementSource,
    EngagementState,
    EngagementTransition,
    HoursEntry,
    HoursState,
    MissionProposal,
    ProposalState,
)
from solidaires.volunteering.missions.models import Mission, VolunteerOffer

ESCALATE_DAYS = 10
RESPONSE_WINDOW_DAYS = 365
RESPONSE_CACHE_SECONDS = 8 * 24 * 3600  # refreshed daily and after each answer


def _with_related(qs: QuerySet[Engagement]) -> QuerySet[Engagement]:
    return qs.select_related("mission", "mission__association", "volunteer")


def engagement_for_page(*, pk: int, user: Any) -> Engagement | None:
    """The engagement with its mission, if it exists (permissions are checked by the view)."""
    return (
        Engagement.objects.select_related(
            "mission", "mission__association", "volunteer", "volunteer__profile"
        )
        .filter(pk=pk)
        .first()
    )


def engagement_history(engagement: Engagement) -> list[EngagementTransition]:
    return list(EngagementTransition.objects.filter(engagement=engagement).select_related("by"))


def engagement_hours(engagement: Engagement) -> list[HoursEntry]:
    return list(engagement.hours.select_related("decided_by").order_by("-day", "-id"))


def open_engagement(*, mission: Mission, user: Any) -> Engagement | None:
    if user is None or not user.is_authenticated:
        return None
    return Engagement.objects.open().filter(mission=mission, volunteer=user).first()


# Volunteer's dashboard -------------------------------------------------------------------


def volunteer_engagements(user: Any) -> QuerySet[Engagement]:
    """All the person's applications and engagements, newest first."""
    return _with_related(Engagement.objects.filter(volunteer=user)).order_by("-created_at", "-id")


def upcoming_missions(user: Any, *, limit: int = 10) -> list[Engagement]:
    """Active engagements whose mission starts in the future (or is recurring / flexible)."""
    now = timezone.now()
    return list(
        _with_related(
            Engagement.objects.filter(volunteer=user, state=EngagementState.ACTIVE).filter(
                Q(mission__starts_at__gte=now)
                | Q(mission__ends_at__gte=now)
                | Q(mission__starts_at__isnull=True)
            )
        ).order_by("mission__starts_at", "id")[:limit]
    )


def volunteer_hours_rows(user: Any, *, year: int | None = None) -> list[HoursRow]:
    """The person's pending and validated hours (of ``year`` if given), flattened."""
    qs = HoursEntry.objects.filter(
        engagement__volunteer=user, state__in=[HoursState.PENDING, HoursState.VALIDATED]
    )
    if year is not None:
        qs = qs.filter(day__year=year)
    rows = qs.values_list(
        "engagement__mission__association_id",
        "engagement__mission__association__name",
        "engagement__mission__group_name",
        "engagement__mission__title",
        "day",
        "minutes",
        "state",
    )
    return [
        HoursRow(
            volunteer_id=user.pk,
            volunteer_name=str(user),
            association_id=association_id,
            association_name=association_name or group_name or "Autres missions",
            mission_title=title,
            day=day,
            minutes=minutes,
            validated=state == HoursState.VALIDATED,
        )
        for association_id, association_name, group_name, title, day, minutes, state in rows
    ]


def pending_proposals(user: Any) -> list[MissionProposal]:
    return list(
        MissionProposal.objects.filter(offer__person=user, state=ProposalState.PROPOSED)
        .select_related("mission", "mission__association", "offer")
        .order_by("-created_at", "-id")[:50]
    )


# Association's dashboard -------------------------------------------------------------------


def association_applications(association: Association) -> QuerySet[Engagement]:
    """Applications waiting for an answer, oldest first."""
    return _with_related(
        Engagement.objects.filter(mission__association=association, state=EngagementState.APPLIED)
    )


def association_active(association: Association) -> QuerySet[Engagement]:
    return _with_related(
        Engagement.objects.filter(mission__association=association, state=EngagementState.ACTIVE)
    ).annotate(
        validated_minutes=Sum("hours__minutes", filter=Q(hours__state=HoursState.VALIDATED)),
    )


def association_pending_hours(association: Association) -> QuerySet[HoursEntry]:
    return HoursEntry.objects.filter(
        engagement__mission__association=association, state=HoursState.PENDING
    ).select_related("engagement", "engagement__volunteer", "engagement__mission")


def association_counts(association: Association) -> dict[str, int]:
    counts = Engagement.objects.filter(mission__association=association).aggregate(
        applied=Count("id", filter=Q(state=EngagementState.APPLIED)),
        active=Count("id", filter=Q(state=EngagementState.ACTIVE)),
    )
    counts["hours"] = association_pending_hours(association).count()
    return counts


def association_year_rows(association: Association, *, year: int) -> list[HoursRow]:
    rows = (
        HoursEntry.objects.filter(
            engagement__mission__association=association, state=HoursState.VALIDATED, day__year=year
        )
        .values_list(
            "engagement__volunteer_id",
            "engagement__volunteer__display_name",
            "engagement__mission__title",
            "day",
            "minutes",
        )
        .order_by("engagement__volunteer_id", "day")
    )
    return [
        HoursRow(
            volunteer_id=volunteer_id,
            volunteer_name=person_name(name),
            association_id=association.pk,
            association_name=association.name,
            mission_title=title,
            day=day,
            minutes=minutes,
            validated=True,
        )
        for volunteer_id, name, title, day, minutes in rows
    ]


def association_hours_years(association: Association) -> list[int]:
    years = HoursEntry.objects.filter(
        engagement__mission__association=association, state=HoursState.VALIDATED
    ).dates("day", "year", order="DESC")
    return [d.year for d in years]


def managed_associations(user: Any) -> list[Association]:
    if user is None or not user.is_authenticated:
        return []
    return list(
        Association.objects.filter(memberships__user=user, memberships__role=MembershipRole.MANAGER).order_by(
            "sort_name", "id"
        )
    )


# Responsiveness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseTime:
    median_days: float | None
    sample_size: int

    @property
    def label(self) -> str:
        return response_time_label(self.median_days, sample_size=self.sample_size)


def _response_key(association_id: int) -> str:
    return f"volunteering:response-time:{association_id}"


def association_response_time(association: Association) -> ResponseTime:
    """The usual response time, read from the cache only (no query on the association's page):
    ``refresh_response_times`` fills it after each answer and every day (decision 0823)."""
    cached = cache.get(_response_key(association.pk or 0))
    if cached is None:
        return ResponseTime(None, 0)
    return ResponseTime(*cached)


def refresh_response_times(association_ids: list[int] | None = None) -> int:
    """Median delay between an application and its answer over the last 12 months, per
    association (all of them, or ``association_ids``): one query, then cached. Returns how many."""
    since = timezone.now() - timedelta(days=RESPONSE_WINDOW_DAYS)
    rows = Engagement.objects.filter(
        mission__association__isnull=False,
        source=EngagementSource.APPLICATION,
        created_at__gte=since,
        answered_at__isnull=False,
    )
    if association_ids is not None:
        rows = rows.filter(mission__association_id__in=association_ids)
    pairs: dict[int, list[tuple[Any, Any]]] = {pk: [] for pk in association_ids or []}
    for association_id, created, answered in rows.values_list(
        "mission__association_id", "created_at", "answered_at"
    ):
        pairs.setdefault(association_id, []).append((created, answered))
    values = {_response_key(pk): (median_response_days(items), len(items)) for pk, items in pairs.items()}
    cache.set_many(values, RESPONSE_CACHE_SECONDS)
    return len(values)


def open_missions_of(association: Association, *, limit: int = 5) -> list[Mission]:
    return list(
        Mission.objects.open().filter(association=association).order_by("-published_at", "-id")[:limit]
    )


def agents_unanswered() -> QuerySet[Engagement]:
    """Applications left 10 days or more without an answer (agents' queue)."""
    limit = timezone.now() - timedelta(days=ESCALATE_DAYS)
    return _with_related(Engagement.objects.filter(state=EngagementState.APPLIED, created_at__lte=limit))


# Attestation ------------------------------------------------------------------------------------


def attestation_associations(user: Any) -> list[Association]:
    """Associations where the person has validated hours (for the attestation form)."""
    return list(
        Association.objects.filter(
            missions__engagements__volunteer=user, missions__engagements__hours__state=HoursState.VALIDATED
        )
        .distinct()
        .order_by("sort_name", "id")
    )


def attestation_rows(
    *, volunteer: Any, association: Association, start: date, end: date
) -> list[tuple[str, int, int]]:
    """(mission title, validated minutes, days) per mission in the period, by title."""
    rows = (
        HoursEntry.objects.filter(
            engagement__volunteer=volunteer,
            engagement__mission__association=association,
            state=HoursState.VALIDATED,
            day__gte=start,
            day__lte=end,
        )
        .values("engagement__mission__title", "engagement__mission_id")
        .annotate(total=Sum("minutes"), days=Count("day", distinct=True))
        .order_by("engagement__mission__title", "engagement__mission_id")
    )
    return [(r["engagement__mission__title"], int(r["total"]), int(r["days"])) for r in rows]


# Proposals ---------------------------------------------------------------------------------------


def proposable_missions(user: Any) -> QuerySet[Mission]:
    """Open missions of the associations the user manages."""
    managed = Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")
    return (
        Mission.objects.open()
        .filter(association_id__in=managed)
        .select_related("association")
        .order_by("title", "id")
    )


def offer_proposals_by(offer: VolunteerOffer, user: Any) -> list[MissionProposal]:
    """Proposals already sent to this offer by associations the user manages."""
    managed = Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")
    return list(
        MissionProposal.objects.filter(offer=offer, mission__association_id__in=managed).select_related(
            "mission"
        )
    )
