"""The applicant's desk: own space, groups, associations' spaces, hand-over of a space."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.models import Association, MembershipRole
from solidaires.core.guards import Refused, login_required
from solidaires.grants.applications import selectors, services
from solidaires.grants.applications.forms import (
    GroupForm,
    HandoverClaimForm,
    MembersForm,
    apply_service_errors,
)
from solidaires.grants.applications.models import ApplicantKind
from solidaires.grants.applications.views.common import applicant_or_404


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    managed = Association.objects.filter(
        memberships__user=request.user.pk, memberships__role=MembershipRole.MANAGER
    ).exclude(grant_applicants__isnull=False)
    return render(
        request,
        "grants/desk.html",
        {
            "spaces": selectors.desk(request.user),
            "associations_without_space": list(managed.only("name", "slug")),
        },
    )


@require_POST
@login_required
def association_space(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    try:
        space = services.applicant_association_space(association=association, by=request.user)
    except PermissionDenied:
        raise Refused("Seuls les responsables de l'association peuvent ouvrir son espace.") from None
    return redirect(space)


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                by=request.user,
                name=form.cleaned_data["name"],
                commune=form.cleaned_data["commune"],
                member_emails=form.cleaned_data["member_emails"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Le groupe est créé. Vous pouvez déposer un dossier en son nom.")
            return redirect(group)
    return render(request, "grants/group_form.html", {"form": form})


@login_required
def applicant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk)
    today = timezone.localdate()
    documents = list(selectors.vault_documents(applicant))
    for document in documents:
        document.locked = services.document_is_locked(document)  # type: ignore[attr-defined]
    return render(
        request,
        "grants/applicant_detail.html",
        {
            "applicant": applicant,
            "applications": list(
                applicant.applications.select_related("scheme", "call").order_by("-updated_at")
            ),
            "documents": documents,
            "expired": [d for d in documents if d.is_expired(today)],
            "expiring": [d for d in documents if d.expires_soon(today)],
            "members": list(applicant.members.order_by("display_name")),
            "members_form": MembersForm() if applicant.kind == ApplicantKind.GROUP else None,
            "today": today,
        },
    )


@require_POST
@login_required
def group_members(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk)
    form = MembersForm(request.POST)
    if form.is_valid():
        try:
            users = services.group_add_members(
                applicant=applicant, by=request.user, member_emails=form.cleaned_data["member_emails"]
            )
        except PermissionDenied:
            raise Refused() from None
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{len(users)} membre(s) ajouté(s) au groupe.")
            return redirect(applicant)
    return render(request, "grants/members_form.html", {"applicant": applicant, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def handover_claim(request: HttpRequest, code: str = "") -> HttpResponse:
    form = HandoverClaimForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            applicant = services.handover_claim(code=form.cleaned_data["code"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "C'est fait : vous retrouvez ici les dossiers préparés avec l'agent.")
            return redirect(applicant)
    return render(request, "grants/handover_claim.html", {"form": form})
