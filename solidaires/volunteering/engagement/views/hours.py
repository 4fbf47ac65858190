"""Hours: logging, validating, refusing; the association's yearly summary (page and CSV)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.models import Association
from solidaires.core.exports import csv_bytes
from solidaires.core.guards import Refused, login_required
from solidaires.volunteering.engagement import selectors, services
from solidaires.volunteering.engagement.forms import (
    HoursForm,
    ReasonForm,
    apply_service_errors,
)
from solidaires.volunteering.engagement.hours_summary import (
    cec_deadlines,
    format_minutes,
    yearly_summary,
)
from solidaires.volunteering.engagement.models import (
    HoursEntry,
)
from solidaires.volunteering.engagement.views.common import (
    T,
    _association_for_manager,
    _can,
    _engagement_or_404,
    _next_url,
)

# Hours ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.hours_log", engagement):
        raise Refused("Seule la personne bénévole déclare ses heures.")
    form = HoursForm(request.POST or None, initial={"day": timezone.localdate(), "hours": 0, "minutes": 0})
    first, last = services.hours_day_bounds(engagement)
    form.fields["day"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_log(
                engagement=engagement,
                by=request.user,
                day=form.cleaned_data["day"],
                minutes=form.cleaned_data["total_minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{format_minutes(form.cleaned_data['total_minutes'])} déclarées. "
                "L'association va les valider.",
            )
            return redirect(engagement)
    return render(
        request,
        T + "hours_form.html",
        {"engagement": engagement, "mission": engagement.mission, "form": form},
        status=400 if form.errors else 200,
    )


def _entry_or_404(request: HttpRequest, pk: int) -> HoursEntry:
    entry = get_object_or_404(
        HoursEntry.objects.select_related(
            "engagement", "engagement__mission", "engagement__mission__association", "engagement__volunteer"
        ),
        pk=pk,
    )
    if not _can(request, "volunteering.engagement_view", entry.engagement):
        raise Http404
    return entry


@require_POST
@login_required
def hours_validate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    if not _can(request, "volunteering.hours_decide", entry):
        raise Refused("Seuls les responsables de la mission valident les heures.")
    try:
        services.hours_validate(entry=entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{format_minutes(entry.minutes)} validées pour {entry.engagement.volunteer}."
        )
    return redirect(_next_url(request, entry.engagement))


@require_http_methods(["GET", "POST"])
@login_required
def hours_reject(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    if not _can(request, "volunteering.hours_decide", entry):
        raise Refused("Seuls les responsables de la mission valident les heures.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_reject(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Ces heures sont refusées. La personne verra le motif.")
            return redirect(entry.engagement)
    return render(
        request,
        T + "reason.html",
        {
            "engagement": entry.engagement,
            "form": form,
            "title": f"Refuser {format_minutes(entry.minutes)} du {entry.day:%d/%m/%Y}",
            "lead": f"Heures déclarées par {entry.engagement.volunteer}. Dites pourquoi vous les refusez : "
            "la personne verra ce motif.",
            "label": "Refuser ces heures",
            "back": entry.engagement.get_absolute_url(),
            "next": "tableau" if (request.POST.get("next") or request.GET.get("next")) == "tableau" else "",
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def hours_validate_bulk(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("association", "")
    association = get_object_or_404(Association, slug=slug)
    if not _can(request, "volunteering.engagement_association_dashboard", association):
        raise Refused("Seuls les responsables de l'association valident les heures.")
    ids = [int(v) for v in request.POST.getlist("heures") if v.isdigit()][:200]
    back = redirect("volunteering:engagement_association_dashboard", slug=association.slug)
    if not ids:
        messages.error(request, "Cochez au moins une ligne d'heures à valider.")
        return back
    entries = list(
        selectors.association_pending_hours(association)
        .filter(pk__in=ids)
        .select_related("engagement__mission__association")
    )
    done = services.hours_validate_bulk(entries=entries, by=request.user)
    total = format_minutes(sum(e.minutes for e in done))
    messages.success(
        request,
        f"{len(done)} ligne{'s' if len(done) > 1 else ''} validée{'s' if len(done) > 1 else ''} ({total}).",
    )
    return back


def _summary(association: Association, year: int) -> list[Any]:
    return yearly_summary(selectors.association_year_rows(association, year=year), year=year)


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404


@login_required
def hours_summary_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _check_year(year)
    association = _association_for_manager(request, slug, "volunteering.hours_summary")
    if isinstance(association, HttpResponse):
        return association
    people = _summary(association, year)
    declare_before, attest_before = cec_deadlines(year)
    context = {
        "association": association,
        "year": year,
        "people": people,
        "total_label": format_minutes(sum(p.minutes for p in people)),
        "reaching": sum(1 for p in people if p.reaches_cec_share),
        "declare_before": declare_before,
        "attest_before": attest_before,
        "other_years": [y for y in selectors.association_hours_years(association) if y != year],
    }
    return render(request, T + "hours_summary.html", context)


CSV_HEADER = [
    "Année",
    "Association",
    "RNA",
    "SIREN",
    "Bénévole",
    "Heures validées",
    "Heures entières",
    "Jours",
    "Missions",
    "Au moins 100 h dans l'association",
]


@login_required
def hours_summary_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _check_year(year)
    association = _association_for_manager(request, slug, "volunteering.hours_summary")
    if isinstance(association, HttpResponse):
        return association
    rows = (
        [
            str(year),
            association.name,
            association.rna,
            association.siret[:9],
            person.volunteer_name,
            person.decimal_hours,
            str(person.whole_hours),
            str(person.days),
            " | ".join(person.missions),
            "oui" if person.reaches_cec_share else "non",
        ]
        for person in _summary(association, year)
    )
    # Spreadsheets open UTF-8 correctly with a BOM; cells typed by people are neutralised.
    response = HttpResponse(
        csv_bytes(CSV_HEADER, rows, delimiter=";", bom=True), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="heures-benevoles-{association.slug}-{year}.csv"'
    return response
