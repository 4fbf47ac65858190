"""Reads of the agents' inbox: filters, pages of files, ages of files."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from solidaires.core.pagination import KeysetPage, keyset_paginate
from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.applications.selectors import place_names

S = ApplicationState


OPEN_STATES = (
    S.SUBMITTED,
    S.INSTRUCTION,
    S.WAITING_PIECES,
    S.COMMITTEE,
    S.POSTPONED,
    S.GRANTED,
    S.REPORT_DUE,
    S.REPORT_RECEIVED,
)


# What the inbox shows by default (decision 1125): the files on which an agent has the next
# move (open the examination, examine, record the committee's decision, put a postponed file
# back before a committee, review a final report). Files waiting for the applicant (pieces,
# report) or granted and being paid are one filter away ("En cours", "Tous les états").
AWAITING_AGENT_STATES = (
    S.SUBMITTED,
    S.INSTRUCTION,
    S.COMMITTEE,
    S.POSTPONED,
    S.REPORT_RECEIVED,
)


INBOX_ORDERING = ("submitted_at", "id")


# The columns the inbox shows, read as plain values (``inbox_page``), and what its cached rows
# are keyed on.
INBOX_ROW_FIELDS = (
    "id",
    "number",
    "title",
    "state",
    "amount_requested_cents",
    "submitted_at",
    "clock_paused_at",
    "paused_seconds",
    "decided_at",
    "updated_at",
    "applicant__name",
    "applicant__kind",
    "applicant__commune__name",
    "scheme__name",
    "assigned_agent_id",
    "assigned_agent__display_name",
    "assigned_agent__email",
)


# One row of the inbox: the columns above, then where the project takes place
# (``Application.place_names``: its communes, else the applicant's).
# (Built from the fields' constant, which mypy's namedtuple plugin does not read.)
InboxRow: Any = cast(Any, namedtuple)("InboxRow", (*INBOX_ROW_FIELDS, "place_names"))


@dataclass(frozen=True)
class InboxFilters:
    scheme: str = ""
    year: int | None = None
    state: str = ""
    commune: str = ""
    assigned: str = ""  # "" | "me" | "none"
    older_than: int | None = None  # days


def _inbox_files(*, user: Any, filters: InboxFilters) -> QuerySet[Application]:
    """The files the inbox lists for these filters (no columns chosen yet)."""
    qs = Application.objects.exclude(state__in=[S.DRAFT, S.WITHDRAWN])
    if filters.state == "all":
        pass
    elif filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state:
        qs = qs.filter(state=filters.state)
    else:
        qs = qs.filter(state__in=AWAITING_AGENT_STATES)
    if filters.scheme:
        qs = qs.filter(scheme__code=filters.scheme)
    if filters.year:
        qs = qs.filter(Q(call__year=filters.year) | Q(call__isnull=True, submitted_at__year=filters.year))
    if filters.commune:
        qs = qs.filter(
            Q(applicant__commune_id=filters.commune)
            | Exists(
                Application.communes.through.objects.filter(
                    application_id=OuterRef("pk"), commune_id=filters.commune
                )
            )
        )
    if filters.assigned == "me":
        qs = qs.filter(assigned_agent=user)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_agent__isnull=True)
    if filters.older_than:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=filters.older_than))
    return qs


def inbox_page(
    *, user: Any, filters: InboxFilters, after: str | None, before: str | None, per_page: int
) -> KeysetPage[Any]:
    """One page of the inbox as plain rows (named tuples of ``INBOX_ROW_FIELDS``), in two
    steps (decision 1024): the page's ids first, from the files table alone (an index on the
    state covers it), then the columns shown, joined for those ids only. In one query the
    database joined the applicant, commune, scheme and agent of every open file (≈1,900) before
    sorting them for 50; and 250 model instances a page cost more than the query itself."""
    ids_page = keyset_paginate(
        _inbox_files(user=user, filters=filters).values_list(*INBOX_ORDERING, named=True),
        ordering=INBOX_ORDERING,
        after=after,
        before=before,
        per_page=per_page,
    )
    ids = [item.id for item in ids_page.items]
    places = place_names(ids)
    rows = {
        row[0]: InboxRow(*row, places.get(row[0], ""))
        for row in Application.objects.filter(pk__in=ids).order_by().values_list(*INBOX_ROW_FIELDS)
    }
    ids_page.items = [rows[pk] for pk in ids if pk in rows]  # a file deleted in between is left out
    return ids_page


class _AgeFields(Protocol):
    state: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    clock_paused_at: dt.datetime | None
    paused_seconds: int


def age_days(application: Application | _AgeFields, now: dt.datetime | None = None) -> int | None:
    """Days since submission, without the time spent waiting for the applicant's pieces."""
    if application.submitted_at is None:
        return None
    now = now or timezone.now()
    end = (
        application.decided_at if application.decided_at and application.state not in OPEN_STATES[:5] else now
    )
    paused = dt.timedelta(seconds=application.paused_seconds or 0)
    if application.clock_paused_at is not None:
        paused += now - application.clock_paused_at
    return max(0, (end - application.submitted_at - paused).days)


def annotate_ages(applications: Iterable[Application]) -> None:
    now = timezone.now()
    for application in applications:
        application.age_days = age_days(application, now)  # type: ignore[attr-defined]
