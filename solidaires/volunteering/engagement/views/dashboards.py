"""Dashboards (the volunteer's, the association's), the agents' queue and attestations."""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.guards import AGENTS_ONLY_MESSAGE, Refused, login_required
from solidaires.core.pdf import pdf_filename
from solidaires.volunteering.engagement import selectors
from solidaires.volunteering.engagement.attestation import (
    AttestationData,
    association_identifier,
    render_attestation,
)
from solidaires.volunteering.engagement.forms import (
    AttestationForm,
)
from solidaires.volunteering.engagement.hours_summary import (
    format_minutes,
    per_association,
    period_bounds,
)
from solidaires.volunteering.engagement.models import (
    Engagement,
)
from solidaires.volunteering.engagement.rules import AttestationSubject
from solidaires.volunteering.engagement.views.common import (
    PER_PAGE,
    T,
    _age_days,
    _association_for_manager,
    _can,
    _keyset,
)

# Dashboards ------------------------------------------------------------------------------------


@login_required
def volunteer_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = timezone.localdate().year
    paginator = Paginator(selectors.volunteer_engagements(user), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    hours = per_association(selectors.volunteer_hours_rows(user, year=year), year=year)
    today = timezone.localdate()
    slugs = {a.pk: a.slug for a in selectors.attestation_associations(user)}
    for item in hours:
        item.attestation_slug = slugs.get(item.association_id or 0, "")  # type: ignore[attr-defined]
    context = {
        "page": page,
        "engagements": list(page.object_list),
        "upcoming": selectors.upcoming_missions(user),
        "hours": hours,
        "year": year,
        "year_start": date(year, 1, 1).isoformat(),
        "today": today.isoformat(),
        "proposals": selectors.pending_proposals(user),
        "managed": selectors.managed_associations(user),
        "now": timezone.now(),
    }
    return render(request, T + "volunteer_dashboard.html", context)


@login_required
def association_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    association = _association_for_manager(request, slug, "volunteering.engagement_association_dashboard")
    if isinstance(association, HttpResponse):
        return association
    applications = _keyset(request, selectors.association_applications(association), "c_")
    _age_days(applications.items)
    active = _keyset(request, selectors.association_active(association), "b_")
    for item in active.items:
        item.validated_label = format_minutes(item.validated_minutes or 0)
    pending_hours = _keyset(request, selectors.association_pending_hours(association), "h_", ("day", "id"))
    years = selectors.association_hours_years(association)
    context = {
        "association": association,
        "applications": applications,
        "active": active,
        "pending_hours": pending_hours,
        "counts": selectors.association_counts(association),
        "years": years,
        "this_year": timezone.localdate().year,
        "response_time": selectors.association_response_time(association),
    }
    return render(request, T + "association_dashboard.html", context)


# Agents ----------------------------------------------------------------------------------------


@login_required
def agents_queue(request: HttpRequest) -> HttpResponse:
    if not _can(request, "volunteering.engagement_agents_queue"):
        raise Refused(AGENTS_ONLY_MESSAGE)
    page = _keyset(request, selectors.agents_unanswered(), "")
    _age_days(page.items)
    return render(request, T + "agents_queue.html", {"page": page, "query": ""})


# Attestation --------------------------------------------------------------------------------------


def _attestation_reference(volunteer_id: int, association_id: int, start: date, end: date) -> str:
    raw = f"{volunteer_id}:{association_id}:{start}:{end}".encode()
    return hashlib.sha256(raw).hexdigest()[:10].upper()


@login_required
def attestation(request: HttpRequest) -> HttpResponse:
    """No parameters: the form. ``?association=<slug>&du=…&au=…`` (``&benevole=<id>`` for a
    manager): the PDF, generated on demand."""
    choices = selectors.attestation_associations(request.user)
    if "association" not in request.GET:
        today = timezone.localdate()
        form = AttestationForm(initial={"du": date(today.year, 1, 1), "au": today})
        return render(request, T + "attestation_form.html", {"form": form, "choices": choices})
    form = AttestationForm(request.GET)
    if not form.is_valid():
        return render(request, T + "attestation_form.html", {"form": form, "choices": choices}, status=400)
    association = get_object_or_404(Association, slug=form.cleaned_data["association"])
    volunteer = request.user
    raw_volunteer = request.GET.get("benevole", "")
    if raw_volunteer and raw_volunteer != str(request.user.pk):
        if not raw_volunteer.isdigit():
            raise Http404
        found = (
            Engagement.objects.filter(volunteer_id=int(raw_volunteer), mission__association=association)
            .select_related("volunteer")
            .first()
        )
        if found is None:
            raise Http404
        volunteer = found.volunteer
    if not _can(request, "volunteering.engagement_attestation", AttestationSubject(volunteer, association)):
        raise Http404
    start, end = period_bounds(
        form.cleaned_data.get("du"), form.cleaned_data.get("au"), today=timezone.localdate()
    )
    data = AttestationData(
        volunteer_name=str(volunteer),
        association_name=association.name,
        association_identifier=association_identifier(association),
        association_commune=association.head_office_commune.name,
        start=start,
        end=end,
        rows=selectors.attestation_rows(volunteer=volunteer, association=association, start=start, end=end),
        issued_on=timezone.localdate(),
        reference=_attestation_reference(volunteer.pk or 0, association.pk or 0, start, end),
    )
    response = HttpResponse(render_attestation(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename("attestation-benevolat")}"'
    response["Cache-Control"] = "no-store"
    return response


def attestation_query(association: Association, start: date, end: date) -> str:
    return urlencode({"association": association.slug, "du": start.isoformat(), "au": end.isoformat()})
