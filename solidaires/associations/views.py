"""Public directory, association pages, creation, edition, claims, members, invitations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, offered, select_options
from solidaires.core.guards import Refused, login_required
from solidaires.territory.params import commune_param

from . import selectors, services
from .forms import AssociationForm, ClaimForm, InvitationForm, RoleForm, apply_service_errors
from .models import Association, Membership

DIRECTORY_CACHE_SECONDS = 120
# Each directory result (list item and card) is rendered once per version of the association
# and cached (decision 0700). Bump RESULT_TEMPLATE_VERSION when result.html or card.html
# changes; the key also carries the page cache and territory versions (commune names).
RESULT_TEMPLATE = "associations/includes/result.html"
RESULT_TEMPLATE_VERSION = 1
RESULT_CACHE_SECONDS = 15 * 60


def _visible_or_404(request: HttpRequest, slug: str) -> Association:
    association = selectors.association_for_page(slug=slug, user=request.user)
    if association is None:
        raise Http404
    return association


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def directory_results(associations: Sequence[Association]) -> list[SafeString]:
    """The HTML of each result, in order: from the cache, or rendered (themes loaded in one
    query for those only) and cached. Keyed on id and ``updated_at``: an edit shows at once."""

    def render_missing(missing: list[Association]) -> list[str]:
        selectors.with_card_themes(missing)
        template = get_template(RESULT_TEMPLATE)
        return [str(template.render({"association": a})).strip() for a in missing]

    return cached_fragments(
        associations,
        namespace="associations:result",
        template_version=RESULT_TEMPLATE_VERSION,
        key_parts=lambda a: (a.pk, a.updated_at.isoformat(), a.head_office_commune_id),
        render_missing=render_missing,
        timeout=RESULT_CACHE_SECONDS,
    )


@cache_anonymous(DIRECTORY_CACHE_SECONDS)
def directory(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    # A commune outside the territory: the page says so and shows every commune.
    commune = commune_param(request.GET.get("commune"), choices.communes)  # every commune
    filters = selectors.DirectoryFilters(
        q=request.GET.get("q", "").strip()[:200],
        theme=offered(request.GET.get("theme", "").strip()[:40], choices.themes),
        commune=commune.insee,
    )
    result = selectors.directory_page(
        filters=filters,
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        with_themes=False,  # loaded by directory_results for the results not cached yet
    )
    query = urlencode(
        [(k, v) for k, v in (("q", filters.q), ("theme", filters.theme), ("commune", filters.commune)) if v]
    )
    return render(
        request,
        "associations/list.html",
        {
            "result": result,
            "page": result.page,
            "results": directory_results(result.page.items),
            "filters": filters,
            "theme_options": select_options(choices.themes, filters.theme),
            "commune_options": select_options(choices.communes, filters.commune),
            "query": query,
            "theme_label": choices.theme_label(filters.theme),
            "commune_name": choices.commune_name(filters.commune),
            "commune": commune,
            "open_filters": bool(filters.theme or filters.commune),
            "map_tiles": settings.SOLIDAIRES_MAP_TILE_URL,
            "map_attribution": settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION,
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = _visible_or_404(request, slug)
    viewer = selectors.viewer_context(association, request.user)
    context = {
        "association": association,
        "related": selectors.related_associations(association) if association.is_verified else [],
        "role": viewer["role"],
        "pending_claim": viewer["pending_claim"],
        "can_edit": _can(request, "associations.change_association", association),
        "can_manage_members": _can(request, "associations.manage_members", association),
        "can_verify": _can(request, "associations.verify_association", association),
        # Anonymous visitors see the link too: it leads to the login page, then to the claim form.
        "can_claim": viewer["role"] is None and not viewer["pending_claim"] and association.is_verified,
    }
    return render(request, "associations/detail.html", context)


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _can(request, "associations.add_association"):
        raise Refused(
            "Pour inscrire une association, confirmez d'abord votre adresse e-mail "
            "(le lien est dans l'e-mail reçu à l'inscription)."
        )
    form = AssociationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Merci ! L'association est inscrite. Un agent de l'Agglo va la vérifier ; "
                "elle apparaîtra dans l'annuaire une fois vérifiée.",
            )
            return redirect(association)
    return render(request, "associations/form.html", {"form": form, "association": None})


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    association = _visible_or_404(request, slug)
    if not _can(request, "associations.change_association", association):
        raise Refused("Seuls les responsables de l'association et les agents peuvent la modifier.")
    form = AssociationForm(request.POST or None, request.FILES or None, instance=association)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_update(
                association=association, by=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(association)
    return render(request, "associations/form.html", {"form": form, "association": association})


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    association = _visible_or_404(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _can(request, "associations.claim_association", association):
        raise Refused("Vous êtes déjà membre de cette association.")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.association_claim(
                association=association, by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Votre demande est envoyée. Un agent de l'Agglo vous répondra par e-mail.",
            )
            return redirect(association)
    return render(request, "associations/claim.html", {"form": form, "association": association})


def _members_page(
    request: HttpRequest,
    association: Association,
    *,
    invite_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = selectors.members_of(association)
    context = {
        "association": association,
        "members": [(m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members],
        "invitations": selectors.open_invitations(association),
        "invite_form": invite_form or InvitationForm(),
    }
    return render(request, "associations/members.html", context, status=status)


def _managed_or_403(request: HttpRequest, slug: str) -> Association | HttpResponse:
    association = _visible_or_404(request, slug)
    if not _can(request, "associations.manage_members", association):
        raise Refused("Seuls les responsables de l'association peuvent gérer ses membres.")
    return association


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    association = _managed_or_403(request, slug)
    if isinstance(association, HttpResponse):
        return association
    invite_form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if invite_form.is_valid():
            try:
                invitation = services.invitation_create(
                    association=association,
                    email=invite_form.cleaned_data["email"],
                    role=invite_form.cleaned_data["role"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(invite_form, exc)
            else:
                messages.success(
                    request, f"Invitation envoyée à {invitation.email}. Le lien est valable 14 jours."
                )
                return redirect("associations:members", slug=association.slug)
        return _members_page(request, association, invite_form=invite_form)
    return _members_page(request, association)


def _membership_or_404(association: Association, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "association"), pk=pk, association=association
    )


@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("associations:members", kwargs={"slug": slug}))
    association = _managed_or_403(request, slug)
    if isinstance(association, HttpResponse):
        return association
    membership = _membership_or_404(association, pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Le rôle de {membership.user} est mis à jour.")
    else:
        messages.error(request, "Choisissez un rôle.")
    return redirect("associations:members", slug=association.slug)


@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    association = _managed_or_403(request, slug)
    if isinstance(association, HttpResponse):
        return association
    membership = _membership_or_404(association, pk)
    error = ""
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{membership.user} ne fait plus partie de l'association.")
            if membership.user_id == request.user.pk:
                return redirect(association)
            return redirect("associations:members", slug=association.slug)
    return render(
        request,
        "associations/member_remove.html",
        {"association": association, "membership": membership, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_for_token(token)
    if found is None:
        raise Http404
    context: dict[str, Any] = {"invitation": found, "association": found.association, "error": ""}
    if request.user.is_authenticated and not found.is_expired and found.accepted_at is None:
        context["email_matches"] = services.user_has_verified_email(request.user, found.email)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "associations/invitation.html", context, status=400)
        except PermissionDenied:
            raise Refused() from None
        messages.success(request, f"Bienvenue dans l'association {found.association.name} !")
        return redirect("associations:detail", slug=found.association.slug)
    return render(request, "associations/invitation.html", context)


# Fills of the account pages' slots (accounts.slots, registered in apps.py).


def profile_memberships_section(*, user: Any, request: HttpRequest | None = None) -> str:
    """« Mes associations » on « Mon compte »."""
    memberships = selectors.memberships_for(user=user)
    return render_to_string(
        "associations/account/profile_memberships.html", {"memberships": memberships}, request=request
    )


def erased_memberships_item(*, user: Any, request: HttpRequest | None = None) -> str:
    """« votre place dans vos associations (…) » in what deleting an account erases."""
    memberships = selectors.memberships_for(user=user)
    return render_to_string("associations/account/erased_memberships.html", {"memberships": memberships})
