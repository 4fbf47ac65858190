"""Pages of engagements, hours, dashboards, attestations and proposals (thin views)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.models import Association
from solidaires.core.pagination import keyset_paginate
from solidaires.core.pdf import pdf_filename

from . import engagement_selectors as selectors
from . import engagement_services as services
from .attestation import AttestationData, association_identifier, render_attestation
from .engagement_forms import (
    ApplyForm,
    AttestationForm,
    HoursForm,
    ProposalForm,
    ReasonForm,
    apply_service_errors,
)
from .engagement_rules import AttestationSubject, is_own_mission
from .hours_summary import (
    AGE_TOO_YOUNG,
    age_in_days,
    cec_deadlines,
    format_minutes,
    per_association,
    period_bounds,
    yearly_summary,
)
from .models import (
    Engagement,
    EngagementState,
    HoursEntry,
    HoursState,
    Mission,
    MissionProposal,
    MissionState,
    VolunteerOffer,
)

T = "volunteering/engagements/"
PER_PAGE = 20


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return bool(rules.has_perm(perm, request.user, obj))


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, T + "forbidden.html", {"message": message}, status=403)


def login_required_here(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _engagement_or_404(request: HttpRequest, pk: int) -> Engagement:
    """Visible to the volunteer, the mission's managers and agents; 404 for anybody else."""
    engagement = selectors.engagement_for_page(pk=pk, user=request.user)
    if engagement is None or not _can(request, "volunteering.engagement_view", engagement):
        raise Http404
    return engagement


def _age_days(items: list[Any], attr: str = "created_at") -> None:
    now = timezone.now()
    for item in items:
        item.age_days = age_in_days(getattr(item, attr), now)


# Applying ------------------------------------------------------------------------------------


def _self_ref(box: dict[str, Any], name: str) -> dict[str, Any]:
    """The box's dict under its own name too: ``context.update(box)`` and
    ``context[name] = box`` both let the template read ``{{ name.… }}``."""
    box[name] = box
    return box


def apply_box_context(
    request: HttpRequest, mission: Mission, form: ApplyForm | None = None
) -> dict[str, Any]:
    """Context of ``volunteering/engagements/apply_box.html`` on the mission page (as ``apply_box``)."""
    user = request.user
    box: dict[str, Any] = {"mission": mission, "status": "open", "form": None, "engagement": None}
    if mission.state != MissionState.PUBLISHED or mission.hidden_at is not None:
        box["status"] = "closed"
        box["closed_reason"] = {
            MissionState.FULL: "Cette mission a trouvé tous ses bénévoles.",
            MissionState.CLOSED: "Cette mission est terminée.",
            MissionState.EXPIRED: "Cette mission est passée.",
        }.get(mission.state, "Cette mission n'accepte pas de candidatures.")
    if not user.is_authenticated:
        box["status"] = "anonymous" if box["status"] == "open" else box["status"]
        return _self_ref(box, "apply_box")
    engagement = selectors.open_engagement(mission=mission, user=user)
    if engagement is not None:
        box.update(status="engaged", engagement=engagement)
        return _self_ref(box, "apply_box")
    if box["status"] != "open":
        return _self_ref(box, "apply_box")
    if is_own_mission(user, mission):
        box["status"] = "own"
        return _self_ref(box, "apply_box")
    requirement = services.apply_checks(mission=mission, volunteer=user)
    if requirement == AGE_TOO_YOUNG:
        box.update(status="too_young")
        return _self_ref(box, "apply_box")
    box["form"] = form or ApplyForm(requirement=requirement, mission=mission)
    return _self_ref(box, "apply_box")


@require_http_methods(["GET", "POST"])
@login_required_here
def apply(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_object_or_404(Mission.objects.select_related("association"), pk=mission_pk)
    if not mission.is_public and not is_own_mission(request.user, mission):
        raise Http404
    requirement = services.apply_checks(mission=mission, volunteer=request.user)
    form = ApplyForm(request.POST or None, requirement=requirement, mission=mission)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                engagement = services.engagement_apply(
                    mission=mission,
                    volunteer=request.user,
                    message=form.cleaned_data["message"],
                    parental_consent=bool(form.cleaned_data.get("parental_consent")),
                    age_confirmed=bool(form.cleaned_data.get("age_confirmed")),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Merci ! Votre candidature est envoyée. L'association vous répondra sur la plateforme.",
                )
                return redirect(engagement)
        status = 400
    box = apply_box_context(request, mission, form=form)
    return render(request, T + "apply.html", {"mission": mission, "apply_box": box}, status=status)


# One engagement --------------------------------------------------------------------------------


def _threads(engagement: Engagement, user: Any) -> list[Any]:
    try:
        from solidaires.messaging.selectors import threads_about
    except ImportError:  # pragma: no cover - the messaging app provides it
        return []
    try:
        return list(threads_about(engagement, user)[:5])
    except Exception:  # noqa: BLE001 - the thread list is a convenience, never a failure
        return []


def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    engagement = _engagement_or_404(request, pk)
    hours = selectors.engagement_hours(engagement)
    validated = sum(h.minutes for h in hours if h.state == HoursState.VALIDATED)
    pending = sum(h.minutes for h in hours if h.state == HoursState.PENDING)
    is_volunteer = engagement.volunteer_id == request.user.pk
    can_decide = _can(request, "volunteering.engagement_decide", engagement)
    context = {
        "engagement": engagement,
        "mission": engagement.mission,
        "history": selectors.engagement_history(engagement),
        "hours": hours,
        "validated_label": format_minutes(validated),
        "pending_label": format_minutes(pending),
        "is_volunteer": is_volunteer,
        "can_decide": can_decide and engagement.state == EngagementState.APPLIED,
        "can_decide_hours": can_decide,
        "can_withdraw": is_volunteer and engagement.state == EngagementState.APPLIED,
        "can_end": _can(request, "volunteering.engagement_end", engagement)
        and engagement.state == EngagementState.ACTIVE,
        "can_log": is_volunteer and engagement.state in (EngagementState.ACTIVE, EngagementState.ENDED),
        "threads": _threads(engagement, request.user),
        "age_days": age_in_days(engagement.created_at, timezone.now()),
    }
    return render(request, T + "detail.html", context)


def _next_url(request: HttpRequest, engagement: Engagement) -> str:
    target = request.POST.get("next", "")
    if target == "tableau" and engagement.mission.association is not None:
        from django.urls import reverse

        return reverse(
            "volunteering:engagement_association_dashboard",
            kwargs={"slug": engagement.mission.association.slug},
        )
    return engagement.get_absolute_url()


@require_http_methods(["GET", "POST"])
@login_required_here
def engagement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.engagement_decide", engagement):
        return forbidden(request, "Seuls les responsables de la mission peuvent répondre aux candidatures.")
    if request.method == "POST":
        try:
            services.engagement_accept(engagement=engagement, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"La candidature de {engagement.volunteer} est acceptée. Elle est prévenue."
            )
        return redirect(_next_url(request, engagement))
    return render(request, T + "confirm.html", _confirm_context(engagement, "accept"))


def _confirm_context(engagement: Engagement, action: str) -> dict[str, Any]:
    texts = {
        "accept": (
            f"Accepter la candidature de {engagement.volunteer} ?",
            "La personne est prévenue et pourra déclarer ses heures.",
            "Oui, accepter",
            "button",
        ),
        "withdraw": (
            "Retirer votre candidature ?",
            "L'association ne la verra plus comme une candidature à traiter. Vous pourrez proposer votre aide à nouveau.",
            "Oui, retirer ma candidature",
            "button-danger",
        ),
        "end": (
            "Terminer cet engagement ?",
            "Les heures déjà déclarées restent comptées. Vous pourrez encore déclarer des heures passées.",
            "Oui, terminer l'engagement",
            "button-danger",
        ),
    }
    title, text, label, css = texts[action]
    return {"engagement": engagement, "title": title, "text": text, "label": label, "css": css}


@require_http_methods(["GET", "POST"])
@login_required_here
def engagement_decline(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.engagement_decide", engagement):
        return forbidden(request, "Seuls les responsables de la mission peuvent répondre aux candidatures.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_decline(
                engagement=engagement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"La candidature de {engagement.volunteer} n'est pas retenue. Elle est prévenue."
            )
            return redirect(_next_url(request, engagement))
    return render(
        request,
        T + "reason.html",
        {
            "engagement": engagement,
            "form": form,
            "title": f"Refuser la candidature de {engagement.volunteer}",
            "lead": "Dites en quelques mots pourquoi : la personne verra ce motif.",
            "label": "Refuser la candidature",
            "back": engagement.get_absolute_url(),
            "next": "tableau" if (request.POST.get("next") or request.GET.get("next")) == "tableau" else "",
        },
        status=400 if form.errors else 200,
    )


def _confirmed_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    perm = {"withdraw": "volunteering.engagement_withdraw", "end": "volunteering.engagement_end"}[action]
    if not _can(request, perm, engagement):
        return forbidden(request, "Vous ne pouvez pas faire cette action sur cet engagement.")
    error = ""
    if request.method == "POST":
        try:
            if action == "withdraw":
                services.engagement_withdraw(engagement=engagement, by=request.user)
                messages.success(request, "Votre candidature est retirée.")
            else:
                services.engagement_end(engagement=engagement, by=request.user)
                messages.success(request, "L'engagement est terminé. Merci pour le temps donné !")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(engagement)
    context = _confirm_context(engagement, action)
    context["error"] = error
    return render(request, T + "confirm.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required_here
def engagement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_move(request, pk, "withdraw")


@require_http_methods(["GET", "POST"])
@login_required_here
def engagement_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_move(request, pk, "end")


# Hours ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required_here
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.hours_log", engagement):
        return forbidden(request, "Seule la personne bénévole déclare ses heures.")
    form = HoursForm(request.POST or None, initial={"day": timezone.localdate(), "hours": 0, "minutes": 0})
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
@login_required_here
def hours_validate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    if not _can(request, "volunteering.hours_decide", entry):
        return forbidden(request, "Seuls les responsables de la mission valident les heures.")
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
@login_required_here
def hours_reject(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    if not _can(request, "volunteering.hours_decide", entry):
        return forbidden(request, "Seuls les responsables de la mission valident les heures.")
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
@login_required_here
def hours_validate_bulk(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("association", "")
    association = get_object_or_404(Association, slug=slug)
    if not _can(request, "volunteering.engagement_association_dashboard", association):
        return forbidden(request, "Seuls les responsables de l'association valident les heures.")
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


# Dashboards ------------------------------------------------------------------------------------


@login_required_here
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


def _association_for_manager(request: HttpRequest, slug: str, perm: str) -> Association | HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    if not _can(request, perm, association):
        return forbidden(request, "Ce tableau de bord est réservé aux responsables de l'association.")
    return association


def _keyset(
    request: HttpRequest, qs: Any, prefix: str, ordering: tuple[str, ...] = ("created_at", "id")
) -> Any:
    return keyset_paginate(
        qs,
        ordering=ordering,
        after=request.GET.get(f"{prefix}apres"),
        before=request.GET.get(f"{prefix}avant"),
        per_page=PER_PAGE,
    )


@login_required_here
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


def _summary(association: Association, year: int) -> list[Any]:
    return yearly_summary(selectors.association_year_rows(association, year=year), year=year)


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404


@login_required_here
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


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ is shown as text)."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


@login_required_here
def hours_summary_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _check_year(year)
    association = _association_for_manager(request, slug, "volunteering.hours_summary")
    if isinstance(association, HttpResponse):
        return association
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="heures-benevoles-{association.slug}-{year}.csv"'
    response.write("\ufeff")  # spreadsheets open UTF-8 correctly with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    for person in _summary(association, year):
        writer.writerow(
            [
                str(year),
                _csv_cell(association.name),
                association.rna,
                association.siret[:9],
                _csv_cell(person.volunteer_name),
                person.decimal_hours,
                str(person.whole_hours),
                str(person.days),
                _csv_cell(" | ".join(person.missions)),
                "oui" if person.reaches_cec_share else "non",
            ]
        )
    return response


# Agents ----------------------------------------------------------------------------------------


@login_required_here
def agents_queue(request: HttpRequest) -> HttpResponse:
    if not _can(request, "volunteering.engagement_agents_queue"):
        return forbidden(request, "Cette page est réservée aux agents de l'Agglo.")
    page = _keyset(request, selectors.agents_unanswered(), "")
    _age_days(page.items)
    return render(request, T + "agents_queue.html", {"page": page, "query": ""})


# Attestation --------------------------------------------------------------------------------------


def _attestation_reference(volunteer_id: int, association_id: int, start: date, end: date) -> str:
    raw = f"{volunteer_id}:{association_id}:{start}:{end}".encode()
    return hashlib.sha256(raw).hexdigest()[:10].upper()


@login_required_here
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


# Proposals ------------------------------------------------------------------------------------


def propose_box_context(
    request: HttpRequest, offer: VolunteerOffer, form: ProposalForm | None = None
) -> dict[str, Any]:
    """Context of ``volunteering/engagements/propose_box.html`` on an offer's page (as ``propose_box``)."""
    box: dict[str, Any] = {"offer": offer, "form": None, "sent": [], "missions_count": 0}
    user = request.user
    if not user.is_authenticated or offer.person_id == user.pk:
        return _self_ref(box, "propose_box")
    missions = selectors.proposable_missions(user)
    sent = selectors.offer_proposals_by(offer, user)
    box["sent"] = sent
    already = {p.mission_id for p in sent}
    available = missions.exclude(pk__in=already)
    if not selectors.managed_associations(user):
        return _self_ref(box, "propose_box")
    box["is_manager"] = True
    box["missions_count"] = available.count()
    if box["missions_count"]:
        box["form"] = form or ProposalForm(missions=available)
    return _self_ref(box, "propose_box")


@require_http_methods(["GET", "POST"])
@login_required_here
def proposal_create(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(VolunteerOffer.objects.visible(), pk=offer_pk)
    if not selectors.managed_associations(request.user) or offer.person_id == request.user.pk:
        return forbidden(request, "Seuls les responsables d'une association peuvent proposer une mission.")
    missions = selectors.proposable_missions(request.user)
    form = ProposalForm(request.POST or None, missions=missions)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(
                offer=offer,
                mission=form.cleaned_data["mission"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except PermissionDenied:
            return forbidden(request, "Vous ne pouvez proposer que les missions de vos associations.")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Votre proposition est envoyée. La personne vous répondra ; écrivez-vous par la messagerie.",
            )
            return redirect(offer)
    box = propose_box_context(request, offer, form=form)
    return render(
        request, T + "propose.html", {"offer": offer, "propose_box": box}, status=400 if form.errors else 200
    )


def _proposal_or_404(request: HttpRequest, pk: int) -> MissionProposal:
    proposal = get_object_or_404(
        MissionProposal.objects.select_related("offer", "mission", "mission__association"), pk=pk
    )
    if not _can(request, "volunteering.proposal_decide", proposal):
        raise Http404
    return proposal


@require_POST
@login_required_here
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    try:
        engagement = services.proposal_accept(proposal=proposal, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("volunteering:engagement_volunteer_dashboard")
    messages.success(request, f"Vous participez à « {proposal.mission.title} ». Merci !")
    return redirect(engagement)


@require_http_methods(["GET", "POST"])
@login_required_here
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.proposal_decline(proposal=proposal, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, "Proposition déclinée. L'association en est informée sur la plateforme."
            )
            return redirect("volunteering:engagement_volunteer_dashboard")
    return render(
        request,
        T + "proposal_decline.html",
        {"proposal": proposal, "error": error},
        status=400 if error else 200,
    )
