"""Reads of one mission, of a person's missions and of the agents' moderation views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict

from solidaires.moderation.models import Report, ReportQuerySet
from solidaires.volunteering.missions.models import Mission, MissionState, SavedSearch
from solidaires.volunteering.missions.selectors.filters import (
    MissionFilters,
    _list_prefetches,
    filter_missions,
)


def mission_for_page(*, pk: int) -> Mission | None:
    """The mission with what its page shows (the view checks who may see it)."""
    return (
        Mission.objects.select_related(
            "association",
            "association__head_office_commune",
            "place",
            "place__commune",
            "posted_by",
            "contact",
            "hidden_by",
        )
        .prefetch_related(*_list_prefetches())
        .filter(pk=pk)
        .first()
    )


def missions_of(user: Any) -> QuerySet[Mission]:
    """ "Mes missions publiées": what the user posted, is the contact of, or their associations'."""
    return (
        Mission.objects.posted_by_or_managed(user)
        .select_related("association")
        .prefetch_related(*_list_prefetches())
        .annotate(open_reports=_open_reports_count())
        .order_by("-created_at", "-id")
    )


def _mission_reports() -> ReportQuerySet:
    """The platform's reports (moderation, decision 0828) whose target is a mission."""
    return Report.objects.filter(target_type=ContentType.objects.get_for_model(Mission))


def _open_reports_count() -> Coalesce:
    """Number of open reports about the mission of the outer query (a correlated subquery)."""
    counts = (
        _mission_reports()
        .open()
        .filter(target_id=OuterRef("pk"))
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def agent_missions(*, show: str) -> QuerySet[Mission]:
    """Agents' queue: "signalees" (open reports), "masquees" (hidden), "pour-autrui" (on behalf)."""
    queryset = Mission.objects.select_related("association", "posted_by", "hidden_by").annotate(
        open_reports=_open_reports_count()
    )
    if show == "masquees":
        return queryset.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
    if show == "pour-autrui":
        return queryset.exclude(on_behalf_name="").order_by("-created_at", "-id")
    return queryset.filter(open_reports__gt=0).order_by("-open_reports", "-id")


def open_reports(mission: Mission) -> QuerySet[Report]:
    """Open reports about one mission, oldest first."""
    return _mission_reports().open().filter(target_id=mission.pk).select_related("reporter")


def open_reports_by_mission(missions: list[Mission]) -> dict[int, list[Report]]:
    """Open reports about each of these missions (one query), oldest first."""
    reports: dict[int, list[Report]] = {}
    if not missions:
        return reports
    queryset = _mission_reports().open().filter(target_id__in=[m.pk for m in missions])
    for report in queryset.order_by("created_at", "id"):
        reports.setdefault(report.target_id, []).append(report)
    return reports


def mission_report(*, pk: int) -> Report | None:
    """One open report about a mission (the agents' "classer sans suite" button)."""
    return _mission_reports().open().filter(pk=pk).first()


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from solidaires.associations.selectors import filter_choices as directory_choices

    choices = directory_choices()
    return list(choices.themes), list(choices.communes)


def new_missions_for(*, query_string: str, since: datetime, limit: int = 20) -> list[Mission]:
    """Missions published since ``since`` matching a saved search (for the daily alert)."""
    filters = MissionFilters.from_query(QueryDict(query_string))
    return list(
        filter_missions(Mission.objects.published(), filters)
        .filter(published_at__gt=since)
        .select_related("association")
        .prefetch_related(*_list_prefetches())
        .order_by("-published_at", "-id")[:limit]
    )


def mission_states_for_display() -> dict[str, str]:
    return {str(k): str(v) for k, v in MissionState.choices}


def saved_searches_of(user: Any) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(user=user).order_by("-created_at", "-id"))
