"""The agents' inbox: filters and rows cached as HTML fragments (decision 1024), bulk assignment."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from solidaires.accounts.naming import person_name
from solidaires.core.caching import data_version
from solidaires.core.fragments import DEFAULT_TIMEOUT as FRAGMENT_TIMEOUT
from solidaires.core.fragments import cached_fragments, fragment_prefix, select_options
from solidaires.core.guards import agent_required
from solidaires.core.http import safe_next
from solidaires.grants.applications.models import ApplicantKind, Application, ApplicationState
from solidaires.grants.applications.selectors import SCHEMES_DATA_VERSION
from solidaires.grants.instruction import selectors, services
from solidaires.grants.instruction.forms import (
    BulkAssignForm,
    InboxFilterForm,
)
from solidaires.territory.selectors import commune_choices

S = ApplicationState


INBOX_PER_PAGE = 50


# The filter form and each row's cells (but its checkbox and its age) are rendered once and
# cached as HTML (decision 1024). Bump these when _inbox_filters.html / _inbox_row.html change.
INBOX_FILTERS_TEMPLATE_VERSION = 3  # 2: cached as the template's SafeString; 3: "À traiter"


INBOX_ROW_TEMPLATE_VERSION = 2  # 2: the project's communes (issue 11)


INBOX_FILTER_FIELDS = ("scheme", "year", "state", "commune", "assigned", "older_than")


def _digest(values: tuple[Any, ...]) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def _inbox_filters(request: HttpRequest) -> tuple[selectors.InboxFilters, str]:
    """The filters asked for and the filter fields' HTML (with their error summary): the same
    for every agent who asks for the same values, so both are cached, keyed on those values,
    the schemes' version and (in the prefix) the territory's. The form is only built, checked
    and rendered when they are not cached yet."""
    values = tuple(request.GET.get(name) for name in INBOX_FILTER_FIELDS)
    prefix = fragment_prefix("grants-inbox-filters", INBOX_FILTERS_TEMPLATE_VERSION)
    key = f"{prefix}:{data_version(SCHEMES_DATA_VERSION)}:{_digest(values)}"
    cached: tuple[selectors.InboxFilters, str] | None = cache.get(key)
    if cached is None:
        form = InboxFilterForm(request.GET or None, communes=commune_choices())
        filters = selectors.InboxFilters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = selectors.InboxFilters(
                scheme=data["scheme"] or "",
                year=data["year"],
                state=data["state"] or "",
                commune=data["commune"] or "",
                assigned=data["assigned"] or "",
                older_than=data["older_than"],
            )
        # The template's output is a SafeString, and stays one through the cache (pickled).
        html = get_template("grants/instruction/_inbox_filters.html").render({"form": form})
        cached = (filters, html)
        cache.set(key, cached, FRAGMENT_TIMEOUT)
    return cached


def _row_key(row: Any) -> tuple[Any, ...]:
    """Everything a row's cached cells show, so that no write can leave them stale: a
    ``QuerySet.update()`` that skips ``updated_at`` (e.g. a bulk assignment in the demo data),
    a renamed applicant, scheme or agent, the clock paused by a piece request."""
    shown = (
        row.number,
        row.title,
        row.state,
        row.amount_requested_cents,
        row.clock_paused_at is not None,
        row.applicant__name,
        row.applicant__kind,
        row.place_names,
        row.scheme__name,
        row.assigned_agent_id,
        row.assigned_agent__display_name,
        row.assigned_agent__email,
    )
    return (row.id, row.updated_at.isoformat(), _digest(shown))


def _render_rows(rows: list[Any]) -> list[str]:
    template = get_template("grants/instruction/_inbox_row.html")
    states = {value: str(label) for value, label in ApplicationState.choices}
    kinds = {value: str(label) for value, label in ApplicantKind.choices}
    rendered = []
    for row in rows:
        agent = ""
        if row.assigned_agent_id is not None:
            agent = person_name(row.assigned_agent__display_name)
        context = {
            "row": row,
            "state_label": states.get(row.state, row.state),
            "kind_label": kinds.get(row.applicant__kind, ""),
            "agent": agent,
        }
        rendered.append(template.render(context).strip())
    return rendered


def _inbox_rows(rows: list[Any]) -> list[dict[str, Any]]:
    """The table's rows: the cells of each file from the cache; its checkbox and its age
    (which changes with the time of day, not only with the file) are added by the page's
    template."""
    cells = cached_fragments(
        rows,
        namespace="grants-inbox-row",
        template_version=INBOX_ROW_TEMPLATE_VERSION,
        key_parts=_row_key,
        render_missing=_render_rows,
    )
    now = timezone.now()
    return [
        {"id": row.id, "number": row.number, "cells": html, "age": selectors.age_days(row, now)}
        for row, html in zip(rows, cells, strict=True)
    ]


def _agent_options(user: Any) -> SafeString:
    return select_options(selectors.agent_choices(), str(user.pk))


@agent_required
def inbox(request: HttpRequest) -> HttpResponse:
    filters, filters_html = _inbox_filters(request)
    page = selectors.inbox_page(
        user=request.user,
        filters=filters,
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=INBOX_PER_PAGE,
    )
    query = urlencode(
        [(k, v) for k, v in request.GET.items() if k not in {"apres", "avant"} and v], doseq=False
    )
    return render(
        request,
        "grants/instruction/inbox.html",
        {
            "filters_html": filters_html,
            "page": page,
            "rows": _inbox_rows(page.items) if page.items else [],
            "query": query,
            "agent_options": _agent_options(request.user),
            "filtered": bool(query),
            "default_view": not filters.state,
        },
    )


@agent_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    form = BulkAssignForm(request.POST, agents=selectors.agents())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("grants_agents:inbox")
    chosen = Application.objects.filter(pk__in=form.cleaned_data["applications"][:200]).exclude(state=S.DRAFT)
    done = services.applications_assign(
        applications=list(chosen), agent=form.cleaned_data["agent"], by=request.user
    )
    messages.success(request, f"{done} dossier{'s' if done > 1 else ''} réassigné{'s' if done > 1 else ''}.")
    return redirect(safe_next(request, reverse("grants_agents:inbox")))
