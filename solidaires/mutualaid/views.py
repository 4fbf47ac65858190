"""Thin views of the mutual-aid board: parse, check access, call a service or selector, answer."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, select_options
from solidaires.core.guards import Refused, login_required
from solidaires.core.http import safe_next
from solidaires.core.params import query_int
from solidaires.moderation import views as moderation_views
from solidaires.territory.params import commune_param

from . import selectors, services
from .forms import AnswerForm, CloseForm, PostForm, TakeOverForm, apply_service_errors
from .models import Category, MutualAidPost, PostKind

# How the report page names a post (the moderation app's page, decision 0845).
REPORT_WHAT = "cette annonce d'entraide"


def _data(request: HttpRequest) -> Any:
    """The POST data on a POST (even empty, so the form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def _post_or_404(request: HttpRequest, pk: int) -> MutualAidPost:
    post = selectors.post_for_page(pk=pk, user=request.user)
    if post is None:
        raise Http404
    return post


def _int(value: str | None) -> int:
    return query_int(value, minimum=0, maximum=10_000, default=0) or 0


# The board for anonymous visitors: the same for all of them; any change to a post bumps the
# "mutualaid" data version (services), so a new, edited, closed or hidden post shows at once.
BOARD_CACHE_SECONDS = 60
# Each card is rendered once per version of the post and cached (decision 0844). Bump
# CARD_TEMPLATE_VERSION when card.html changes; the key also carries the page cache and
# territory versions (commune names).
CARD_TEMPLATE = "mutualaid/includes/card.html"
CARD_TEMPLATE_VERSION = 1
CARD_CACHE_SECONDS = 15 * 60


def _card_key(post: MutualAidPost) -> tuple[object, ...]:
    # The card shows the author's first name, which changes without the post's updated_at
    # (a new display name, an erased account): a short digest of the names is in the key.
    names = f"{post.on_behalf_name}\x00{getattr(post, 'author_name', '')}"
    digest = hashlib.blake2b(names.encode(), digest_size=6).hexdigest()
    return (post.pk, post.updated_at.isoformat(), post.commune_id, digest)


def _render_cards(posts: list[MutualAidPost]) -> list[str]:
    """The cards not cached yet: their posts loaded with what a card shows (one query)."""
    template = get_template(CARD_TEMPLATE)
    return [
        str(template.render({"post": post})).strip() if post is not None else ""
        for post in selectors.posts_for_cards(posts)
    ]


def board_cards(posts: Sequence[MutualAidPost]) -> list[SafeString]:
    """The HTML of each post's card (``board_page`` items), in order: from the cache, or
    rendered and cached."""
    return cached_fragments(
        posts,
        namespace="mutualaid:card",
        template_version=CARD_TEMPLATE_VERSION,
        key_parts=_card_key,
        render_missing=_render_cards,
        timeout=CARD_CACHE_SECONDS,
    )


@lru_cache(maxsize=8)
def _choices(enum: type[TextChoices], language: str | None) -> tuple[tuple[str, str], ...]:
    """``(value, label)`` of a choices class, labels translated, once per process and language."""
    return tuple((value, str(label)) for value, label in enum.choices)


@cache_anonymous(BOARD_CACHE_SECONDS, version_keys=(selectors.BOARD_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    # A commune outside the territory: the page says so and shows every commune.
    commune = commune_param(request.GET.get("commune"))
    filters = selectors.PostFilters(
        q=request.GET.get("q", "").strip()[:200],
        kind=request.GET.get("type", "").strip()[:10],
        category=request.GET.get("categorie", "").strip()[:12],
        commune=commune.insee,
        rayon=_int(request.GET.get("rayon")),
    )
    page = selectors.board_page(
        filters=filters, viewer=request.user, after=request.GET.get("apres"), before=request.GET.get("avant")
    )
    query = urlencode(
        [
            (k, v)
            for k, v in (
                ("q", filters.q),
                ("type", filters.kind),
                ("categorie", filters.category),
                ("commune", filters.commune),
                ("rayon", str(filters.rayon) if filters.rayon else ""),
            )
            if v
        ]
    )
    communes = selectors.commune_choices()
    language = get_language()
    return render(
        request,
        "mutualaid/index.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "cards": board_cards(page.items),
            "kind_options": select_options(_choices(PostKind, language), filters.kind),
            "category_options": select_options(_choices(Category, language), filters.category),
            "commune_options": select_options(tuple(communes), filters.commune),
            "commune_name": commune.name,
            "outside_commune": commune.outside,
            # The distances offered, with the one in force (``?rayon=15``) among them.
            "radius_choices": sorted({*selectors.RADIUS_CHOICES[1:], filters.rayon} - {0}),
            "open_filters": bool(filters.kind or filters.category or filters.commune),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    user = request.user
    is_author = user.is_authenticated and post.author_id == user.pk
    answer_problem = ""
    existing_thread = None
    if user.is_authenticated and not is_author:
        answer_problem = services.answer_problem(post=post, by=user)
        from solidaires.messaging.selectors import threads_about

        existing_thread = threads_about(post, user).first()
    context = {
        "post": post,
        "is_author": is_author,
        "can_edit": rules.has_perm("mutualaid.change_post", user, post),
        "can_close": rules.has_perm("mutualaid.close_post", user, post),
        "can_moderate": rules.has_perm("moderation.moderate", user),
        "answer_problem": answer_problem,
        "existing_thread": existing_thread,
    }
    return render(request, "mutualaid/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not rules.has_perm("mutualaid.add_post", request.user):
        raise Refused(
            "Pour publier une annonce, confirmez d'abord votre adresse e-mail "
            "(le lien est dans l'e-mail reçu à l'inscription)."
        )
    initial: dict[str, Any] = {}
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.commune_id:
        initial["commune"] = profile.commune_id
    if request.GET.get("type") in PostKind.values:
        initial["kind"] = request.GET["type"]
    form = PostForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "Votre annonce est en ligne. Les réponses arriveront dans vos messages."
            )
            return redirect(post)
    return render(
        request, "mutualaid/form.html", {"form": form, "post": None}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    if not rules.has_perm("mutualaid.change_post", request.user, post):
        raise Refused("Seule la personne qui a publié une annonce en ligne peut la modifier.")
    form = PostForm(_data(request), instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_update(post=post, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(post)
    return render(
        request, "mutualaid/form.html", {"form": form, "post": post}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    if not rules.has_perm("mutualaid.close_post", request.user, post):
        raise Refused("Seule la personne qui a publié une annonce en ligne peut la retirer.")
    form = CloseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_close(
                post=post, by=request.user, fulfilled=form.cleaned_data["outcome"] == "fulfilled"
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Votre annonce est retirée. Merci d'avoir fait vivre l'entraide !")
            return redirect("mutualaid:mine")
    return render(
        request, "mutualaid/close.html", {"form": form, "post": post}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def guide(request: HttpRequest) -> HttpResponse:
    """The safety guide: anyone may read it; people acknowledge it once before their first exchange."""
    next_url = safe_next(request, reverse("mutualaid:index"))
    acknowledged = services.has_acknowledged_guide(request.user)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        services.safety_guide_acknowledge(by=request.user)
        return redirect(next_url)
    return render(
        request,
        "mutualaid/guide.html",
        {"next": next_url, "acknowledged": acknowledged, "asked": bool(request.GET.get("next"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    problem = services.answer_problem(post=post, by=request.user)
    if not problem and not rules.has_perm("mutualaid.answer_post", request.user, post):
        problem = "Vous ne pouvez pas répondre à cette annonce."
    if problem:
        return render(
            request, "mutualaid/answer_blocked.html", {"post": post, "problem": problem}, status=403
        )
    if not services.has_acknowledged_guide(request.user):
        return redirect(f"{reverse('mutualaid:guide')}?{urlencode({'next': request.path})}")
    form = AnswerForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.post_answer(post=post, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied:
            raise Refused() from None
        else:
            messages.success(request, "Votre message est envoyé. La réponse arrivera ici, dans vos messages.")
            return redirect(thread.get_absolute_url())
    return render(
        request, "mutualaid/answer.html", {"form": form, "post": post}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    return moderation_views.report_page(request, post, REPORT_WHAT, post.get_absolute_url())


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = selectors.my_posts_page(
        user=request.user, after=request.GET.get("apres"), before=request.GET.get("avant")
    )
    return render(request, "mutualaid/mine.html", {"page": page, "query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def take_over(request: HttpRequest) -> HttpResponse:
    form = TakeOverForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_take_over(code=form.cleaned_data["code"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied:
            raise Refused() from None
        else:
            messages.success(request, "C'est fait : cette annonce est maintenant la vôtre.")
            return redirect(post)
    return render(request, "mutualaid/take_over.html", {"form": form}, status=400 if form.errors else 200)
