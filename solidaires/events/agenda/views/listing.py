"""The agenda list and its week and month views (anonymous pages cached, decision 0902)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, select_options, template_renderer
from solidaires.events import formatting
from solidaires.events.apps import AGENDA_DATA_VERSION

from .. import selectors
from ..models import Event, EventCategory
from .base import can


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.AgendaFilters:
    get = request.GET
    category = get.get("categorie", "").strip()
    return selectors.AgendaFilters(
        q=get.get("q", "").strip()[:200],
        commune=get.get("commune", "").strip()[:5],
        category=category if category in EventCategory.values else "",
        association=get.get("association", "").strip()[:220],
        place=get.get("lieu", "").strip()[:220],
        date_from=_parse_date(get.get("du", "")),
        date_to=_parse_date(get.get("au", "")),
    )


AGENDA_CACHE_SECONDS = 60

# Cached HTML of the agenda's cards and of the week/month views' lines (decision 0902).
CARD_TEMPLATE = "events/includes/event_item.html"
CARD_TEMPLATE_VERSION = 1  # bump when event_item.html changes
LINE_TEMPLATE = "events/includes/calendar_line.html"
LINE_TEMPLATE_VERSION = 1  # bump when calendar_line.html changes
FRAGMENT_CACHE_SECONDS = 15 * 60
# In a cached card, the place of the places left (they change with each registration).
PLACES_SLOT = "<!--places-left-->"
_FULL_TAG = '<p class="tag-list"><span class="tag tag-full">Complet, liste d\'attente</span></p>'


def _places_tag(row: selectors.CardKey) -> str:
    """The places left of a card, from the page query's ``confirmed_count`` (not cached)."""
    if not row.capacity:
        return ""
    left = max(row.capacity - row.confirmed_count, 0)
    if not left:
        return _FULL_TAG
    plural = "" if left == 1 else "s"
    return f'<p class="tag-list"><span class="tag">{left} place{plural} restante{plural}</span></p>'


def _card_key(row: selectors.CardKey) -> tuple[object, ...]:
    # The event's own edits (every write goes through save(): publishing, cancelling, capacity,
    # organisers), its place's and its organisers' edits. Commune names: the territory version,
    # part of every fragment key. The places left are not in the cached HTML.
    # (The versions are text from the database: no space in a cache key.)
    versions = f"{row.place_version or ''}/{row.organisers_version or ''}".replace(" ", "T")
    return (row.id, row.updated_at.isoformat(), versions)


def _render_each(template_name: str, events: list[Event | None]) -> list[str]:
    """The fragment of each event; empty for an event deleted since the page query."""
    rendered = iter(template_renderer(template_name, "event")([e for e in events if e is not None]))
    return [next(rendered) if event is not None else "" for event in events]


def agenda_cards(rows: Sequence[selectors.CardKey]) -> list[SafeString]:
    """The HTML of each card of the list, in order: cached, the missing ones rendered (their
    events loaded in two queries for those only); the places left filled in per request."""

    def render_missing(missing: list[selectors.CardKey]) -> list[str]:
        events = selectors.events_for_cards([row.id for row in missing])
        return _render_each(CARD_TEMPLATE, [events.get(row.id) for row in missing])

    cards = cached_fragments(
        rows,
        namespace="events:card",
        template_version=CARD_TEMPLATE_VERSION,
        key_parts=_card_key,
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )
    return [
        mark_safe(card.replace(PLACES_SLOT, _places_tag(row), 1))  # our markup and numbers
        for card, row in zip(cards, rows, strict=True)
    ]


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


def _by_day(starts: list[datetime], fragments: list[SafeString]) -> list[tuple[date, list[SafeString]]]:
    """Fragments grouped by the local day of their event's start, in order."""
    zone = timezone.get_current_timezone()
    groups: dict[date, list[SafeString]] = defaultdict(list)
    for start, fragment in zip(starts, fragments, strict=True):
        groups[start.astimezone(zone).date()].append(fragment)
    return sorted(groups.items())


# The day sections and the month table are built here rather than by template loops (which
# cost ~4 ms for the month's 35 cells and a third of the list's rendering), from values that
# need no escaping: numbers, day names from formatting, our classes and cached fragments.


def _month_rows(weeks: list[list[tuple[date, list[SafeString], bool]]]) -> SafeString:
    """The month table's rows: one cell per day, with the number of its events linking to them."""
    rows = []
    for week in weeks:
        cells = []
        for day, lines, in_month in week:
            if not in_month:
                cells.append('<td class="other-month"></td>')
            elif lines:
                count = len(lines)
                cells.append(
                    f'<td><span class="day-number">{day.day}</span> <a href="#jour-{day:%Y%m%d}">{count} '
                    f'<span class="visually-hidden">événement{"" if count == 1 else "s"} le '
                    f"{formatting.day(day)}</span></a></td>"
                )
            else:
                cells.append(f'<td><span class="day-number">{day.day}</span></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>\n  ")
    return mark_safe("".join(rows))  # numbers and formatting's day names only


def _day_sections(days: list[tuple[date, str]], list_class: str) -> SafeString:
    """One section per day: its heading, then the list of its events (``days`` gives each
    day's cached fragments joined)."""
    return mark_safe(  # dates, formatting's day names, our class names and cached fragments
        "".join(
            f'\n<section class="agenda-day" aria-labelledby="jour-{day:%Y%m%d}">\n'
            f'  <h3 id="jour-{day:%Y%m%d}" class="agenda-day-title">{capfirst(formatting.day(day))}</h3>\n'
            f'  <ul class="{list_class}">\n'
            f"    {items}\n"
            "  </ul>\n"
            "</section>\n"
            for day, items in days
        )
    )


def _filter_options(
    choices: selectors.FilterChoices, filters: selectors.AgendaFilters
) -> dict[str, SafeString]:
    return {
        "communes": select_options(choices.communes, filters.commune),
        "categories": select_options(choices.categories, filters.category),
        "associations": select_options(choices.associations, filters.association),
        "places": select_options(choices.places, filters.place),
    }


@require_safe
@cache_anonymous(AGENDA_CACHE_SECONDS, version_keys=(AGENDA_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    view = request.GET.get("vue", "liste")
    today = timezone.localdate()
    query_pairs = filters.as_query()
    context: dict[str, Any] = {
        "filters": filters,
        "options": _filter_options(selectors.filter_choices(), filters),
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
        by_day = dict(_by_day([entry.starts_at for entry in entries], calendar_lines(entries)))
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
        weeks = [
            [(d, by_day.get(d, []), d.month == start.month) for d in week]
            for week in formatting.month_grid(start)
        ]
        context.update(
            month_rows=_month_rows(weeks),
            day_sections=_day_sections(
                [(day, "".join(lines)) for day, lines in sorted(by_day.items())], "event-list"
            ),
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
        days = _by_day([row.starts_at for row in page.items], agenda_cards(page.items))
        context.update(
            page=page,
            events=page.items,
            day_sections=_day_sections(
                [(day, "".join(f"\n{card}\n" for card in cards)) for day, cards in days],
                "card-list event-results",
            ),
        )
        template = "events/index.html"
    context["week_url"] = _view_url("semaine", "", "", query_pairs)
    context["month_url"] = _view_url("mois", "", "", query_pairs)
    context["list_url"] = "?" + urlencode(query_pairs) if query_pairs else reverse("events:index")
    return render(request, template, context)


def _view_url(view: str, key: str, value: str, pairs: list[tuple[str, str]]) -> str:
    extra = [(key, value)] if key else []
    return "?" + urlencode([("vue", view), *extra, *pairs])
