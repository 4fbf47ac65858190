"""The agenda list and its week and month views (anonymous pages cached, decision 0902)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, choices_with, select_options, template_renderer
from solidaires.core.params import query_date
from solidaires.core.search import sort_key
from solidaires.events import formatting
from solidaires.events.apps import AGENDA_DATA_VERSION
from solidaires.territory.params import CommuneParam, commune_param

from .. import selectors
from ..models import Event, EventCategory
from .base import can

T = TypeVar("T")


def _filters(request: HttpRequest, commune: CommuneParam) -> selectors.AgendaFilters:
    get = request.GET
    category = get.get("categorie", "").strip()
    return selectors.AgendaFilters(
        q=get.get("q", "").strip()[:200],
        commune=commune.insee,
        category=category if category in EventCategory.values else "",
        association=get.get("association", "").strip()[:220],
        place=get.get("lieu", "").strip()[:220],
        date_from=query_date(get.get("du", "")),
        date_to=query_date(get.get("au", "")),
    )


AGENDA_CACHE_SECONDS = 60

# Cached HTML of the agenda's cards and of the week/month views' lines (decision 0902).
CARD_TEMPLATE = "events/includes/event_item.html"
CARD_TEMPLATE_VERSION = 2  # bump when event_item.html changes (2: with its places left)
LINE_TEMPLATE = "events/includes/calendar_line.html"
LINE_TEMPLATE_VERSION = 1  # bump when calendar_line.html changes
FRAGMENT_CACHE_SECONDS = 15 * 60


DAYS_TEMPLATE = "events/includes/agenda_days.html"
DAYS_TEMPLATE_VERSION = 1  # bump when agenda_days.html changes
MONTH_TEMPLATE = "events/includes/month_rows.html"
MONTH_TEMPLATE_VERSION = 1  # bump when month_rows.html changes


def _places(row: selectors.CardKey) -> dict[str, Any]:
    """The places left shown on a card ("2 places restantes", or full): part of its cache
    key, so that a registration shows at once (only that card is rendered again)."""
    if not row.capacity:
        return {"places_left": "", "full": False}
    left = max(row.capacity - row.confirmed_count, 0)
    plural = "" if left == 1 else "s"
    return {"places_left": f"{left} place{plural} restante{plural}" if left else "", "full": not left}


def _card_key(row: selectors.CardKey) -> tuple[object, ...]:
    # The event's own edits (every write goes through save(): publishing, cancelling, capacity,
    # organisers), its place's and its organisers' edits. Commune names: the territory version,
    # part of every fragment key. The places left: a registration changes them.
    # (The versions are text from the database: no space in a cache key.)
    versions = f"{row.place_version or ''}/{row.organisers_version or ''}".replace(" ", "T")
    places = max(row.capacity - row.confirmed_count, 0) if row.capacity else "-"
    return (row.id, row.updated_at.isoformat(), versions, places)


def _render_each(template_name: str, events: list[Event | None]) -> list[str]:
    """The fragment of each event; empty for an event deleted since the page query."""
    rendered = iter(template_renderer(template_name, "event")([e for e in events if e is not None]))
    return [next(rendered) if event is not None else "" for event in events]


def agenda_cards(rows: Sequence[selectors.CardKey]) -> list[SafeString]:
    """The HTML of each card of the list, in order: cached, the missing ones rendered (their
    events loaded in two queries for those only)."""

    def render_missing(missing: list[selectors.CardKey]) -> list[str]:
        events = selectors.events_for_cards([row.id for row in missing])
        template = get_template(CARD_TEMPLATE)
        # Empty for an event deleted since the page query.
        return [
            str(template.render({"event": events[row.id], **_places(row)})).strip()
            if row.id in events
            else ""
            for row in missing
        ]

    return cached_fragments(
        rows,
        namespace="events:card",
        template_version=CARD_TEMPLATE_VERSION,
        key_parts=_card_key,
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )


def agenda_days(rows: Sequence[selectors.CardKey]) -> SafeString:
    """The list's day sections with their cards: one fragment per composition of the page
    (the keys of its cards, in order), the cards themselves cached one by one beneath it. A
    warm page reads one key; a change to one card renders the sections again around the
    other cards' cached HTML (decision 0902)."""
    if not rows:
        return SafeString("")

    def render_missing(pages: list[tuple[selectors.CardKey, ...]]) -> list[str]:
        return [
            render_to_string(
                DAYS_TEMPLATE,
                {"days": _days(_by_day([row.starts_at for row in page], agenda_cards(page)))},
            )
            for page in pages
        ]

    def page_key(page: tuple[selectors.CardKey, ...]) -> tuple[object, ...]:
        keys = "|".join(":".join(str(part) for part in _card_key(row)) for row in page)
        return (CARD_TEMPLATE_VERSION, hashlib.sha256(keys.encode()).hexdigest())

    (html,) = cached_fragments(
        [tuple(rows)],
        namespace="events:days",
        template_version=DAYS_TEMPLATE_VERSION,
        key_parts=page_key,
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )
    return html


def calendar_lines(entries: list[selectors.CalendarEntry]) -> list[SafeString]:
    """The HTML of each line of the week and month views, in order (cached like the cards)."""

    def render_missing(missing: list[selectors.CalendarEntry]) -> list[str]:
        events = selectors.events_for_lines([entry.id for entry in missing])
        return _render_each(LINE_TEMPLATE, [events.get(entry.id) for entry in missing])

    return cached_fragments(
        entries,
        namespace="events:line",
        template_version=LINE_TEMPLATE_VERSION,
        key_parts=lambda entry: (entry.id, entry.updated_at.isoformat()),
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )


@dataclass(frozen=True)
class Day(Generic[T]):
    """A day of the list or of the month: its anchor ("jour-20261203"), its title ("Jeudi 3
    décembre") and its items (cards or lines)."""

    anchor: str
    title: str
    items: list[T]


def _by_day(starts: list[datetime], fragments: list[T]) -> dict[date, list[T]]:
    """Fragments grouped by the local day of their event's start, in order."""
    zone = timezone.get_current_timezone()
    groups: dict[date, list[T]] = defaultdict(list)
    for start, fragment in zip(starts, fragments, strict=True):
        groups[start.astimezone(zone).date()].append(fragment)
    return dict(sorted(groups.items()))


def _days(groups: dict[date, list[T]]) -> list[Day[T]]:
    """The day sections, with their anchors and titles computed once here (template loops
    with date filters cost a third of the list's rendering, decision 0902)."""
    return [Day(f"jour-{day:%Y%m%d}", capfirst(formatting.day(day)), items) for day, items in groups.items()]


@dataclass(frozen=True)
class MonthCell:
    number: int  # 0: a day of another month (an empty cell)
    count: int  # events that day
    anchor: str = ""
    label: str = ""  # "3 événements le jeudi 3 décembre", for screen readers


@dataclass(frozen=True)
class MonthTable:
    start: date
    weeks: list[list[MonthCell]]

    @property
    def counts(self) -> str:
        return "-".join(str(cell.count) for week in self.weeks for cell in week if cell.number)


def _month_table(start: date, by_day: dict[date, list[Any]]) -> SafeString:
    """The month table's rows, from a template cached per month and count of events per day
    (rendering its 35 cells costs ~4 ms, decision 0902)."""
    weeks = []
    for week in formatting.month_grid(start):
        cells = []
        for day in week:
            count = len(by_day.get(day, [])) if day.month == start.month else 0
            if day.month != start.month:
                cells.append(MonthCell(0, 0))
            elif count:
                noun = "événement" if count == 1 else "événements"
                cells.append(
                    MonthCell(day.day, count, f"jour-{day:%Y%m%d}", f"{noun} le {formatting.day(day)}")
                )
            else:
                cells.append(MonthCell(day.day, 0))
        weeks.append(cells)
    (rows,) = cached_fragments(
        [MonthTable(start, weeks)],
        namespace="events:month",
        template_version=MONTH_TEMPLATE_VERSION,
        key_parts=lambda table: (table.start.isoformat(), table.counts),
        render_missing=template_renderer(MONTH_TEMPLATE, "table"),
        timeout=FRAGMENT_CACHE_SECONDS,
    )
    return rows


def _filter_options(
    choices: selectors.FilterChoices, filters: selectors.AgendaFilters, commune: CommuneParam
) -> dict[str, SafeString]:
    # A commune of the territory without coming events is offered too: the select shows it.
    communes = choices_with(choices.communes, commune.insee, commune.name, order=lambda c: sort_key(c[1]))
    return {
        "communes": select_options(communes, filters.commune),
        "categories": select_options(choices.categories, filters.category),
        "associations": select_options(choices.associations, filters.association),
        "places": select_options(choices.places, filters.place),
    }


@require_safe
@cache_anonymous(AGENDA_CACHE_SECONDS, version_keys=(AGENDA_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    # A commune outside the territory: the page says so and shows every commune.
    commune = commune_param(request.GET.get("commune"))
    filters, choices = selectors.filters_in_force(_filters(request, commune), selectors.filter_choices())
    view = request.GET.get("vue", "liste")
    today = timezone.localdate()
    query_pairs = filters.as_query()
    context: dict[str, Any] = {
        "filters": filters,
        "options": _filter_options(choices, filters, commune),
        "outside_commune": commune.outside,
        "view": view,
        "filter_query": urlencode(query_pairs),
        "open_filters": bool(
            filters.commune
            or filters.category
            or filters.association
            or filters.place
            or filters.date_from
            or filters.date_to
        ),
        "map_tiles": settings.SOLIDAIRES_MAP_TILE_URL,
        "map_attribution": settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION,
        "can_create": can(request, "events.add_event"),
    }
    if view in ("semaine", "mois"):
        if view == "semaine":
            start = formatting.iso_week_bounds(request.GET.get("semaine", "")) or today - timedelta(
                days=today.weekday()
            )
            end = start + timedelta(days=7)
        else:
            start = formatting.month_start(request.GET.get("mois", "")) or today.replace(day=1)
            end = formatting.add_months(start, 1)
        entries = selectors.calendar_entries(filters, start, end)
        by_day = _by_day([entry.starts_at for entry in entries], calendar_lines(entries))
        context["events"] = entries
    if view == "semaine":
        days = [(start + timedelta(days=i), by_day.get(start + timedelta(days=i), [])) for i in range(7)]
        context.update(
            days=days,
            week_label=f"semaine du {formatting.day(start, with_year=True)}",
            previous_url=_view_url(
                "semaine", "semaine", formatting.iso_week(start - timedelta(days=7)), query_pairs
            ),
            next_url=_view_url("semaine", "semaine", formatting.iso_week(end), query_pairs),
        )
        template = "events/week.html"
    elif view == "mois":
        context.update(
            month_rows=_month_table(start, by_day) if entries else "",
            days=_days(by_day),
            month_label=formatting.month(start.year, start.month),
            previous_url=_view_url(
                "mois", "mois", formatting.add_months(start, -1).strftime("%Y-%m"), query_pairs
            ),
            next_url=_view_url("mois", "mois", end.strftime("%Y-%m"), query_pairs),
        )
        template = "events/month.html"
    else:
        context["view"] = "liste"
        page = selectors.agenda_page(filters, after=request.GET.get("apres"), before=request.GET.get("avant"))
        context.update(
            page=page,
            events=page.items,
            day_sections=agenda_days(page.items),
        )
        template = "events/index.html"
    context["week_url"] = _view_url("semaine", "", "", query_pairs)
    context["month_url"] = _view_url("mois", "", "", query_pairs)
    context["list_url"] = "?" + urlencode(query_pairs) if query_pairs else reverse("events:index")
    return render(request, template, context)


def _view_url(view: str, key: str, value: str, pairs: list[tuple[str, str]]) -> str:
    extra = [(key, value)] if key else []
    return "?" + urlencode([("vue", view), *extra, *pairs])
