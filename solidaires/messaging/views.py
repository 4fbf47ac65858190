"""Thin views of the messaging app: parse, check access, call a service or selector, answer.

A thread the user may not read is a 404 (not a 403): nobody learns that it exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.forms import apply_service_errors
from solidaires.core.guards import login_required
from solidaires.moderation import selectors as moderation_selectors
from solidaires.moderation import services as moderation_services

from . import selectors, services
from .digest import digest_texts, user_id_from_token
from .forms import MessageForm, PreferencesForm
from .models import Thread


def _thread_or_404(request: HttpRequest, pk: int) -> Thread:
    thread = selectors.thread_for_user(request.user, pk)
    if thread is None:
        raise Http404
    return thread


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The inbox: threads newest first, with unread counts."""
    page = selectors.inbox_page(request.user, after=request.GET.get("apres"), before=request.GET.get("avant"))
    return render(request, "messaging/index.html", {"page": page, "query": ""})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread_or_404(request, pk)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                message = services.message_send(
                    thread=thread, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied:
                form.add_error(None, "Vous ne pouvez pas écrire dans cette conversation.")
            else:
                messages.success(request, "Votre message est envoyé.")
                return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
        status = 400
    else:
        services.thread_mark_read(thread=thread, by=request.user)
    people = selectors.thread_people(thread)
    others = [p.user for p in people if p.user_id != request.user.pk]
    blocked_ids = set(
        moderation_selectors.blocked_people(request.user)
        .filter(blocked__in=others)
        .values_list("blocked_id", flat=True)
    )
    participant = selectors.participant_for(thread, request.user)
    context = {
        "thread": thread,
        "thread_messages": list(selectors.thread_messages(thread)),
        "people": people,
        "others": [(u, u.pk in blocked_ids) for u in others],
        "any_block": any(moderation_selectors.blocked_between(request.user, u) for u in others),
        "form": form,
        "muted": bool(participant and participant.muted),
        "can_report": True,  # the moderation app's report page
    }
    return render(request, "messaging/thread.html", context, status=status)


@require_POST
@login_required
def thread_mute(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread_or_404(request, pk)
    muted = request.POST.get("muted") == "1"
    services.thread_set_muted(thread=thread, by=request.user, muted=muted)
    messages.success(
        request,
        "Vous ne recevrez plus d'e-mail pour cette conversation."
        if muted
        else "Vous recevrez à nouveau un e-mail pour les nouveaux messages de cette conversation.",
    )
    return redirect(thread)


def _other_person(thread: Thread, request: HttpRequest, user_pk: int) -> Any:
    """Someone the requester talks with in this thread (only them can be blocked from here)."""
    for participant in selectors.thread_people(thread):
        if participant.user_id == user_pk and user_pk != request.user.pk:
            return participant.user
    raise Http404


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def block(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Confirmation page, then block the person."""
    thread = _thread_or_404(request, pk)
    person = _other_person(thread, request, user_pk)
    if request.method == "POST":
        moderation_services.block_create(by=request.user, blocked=person)
        messages.success(request, f"Vous avez bloqué {person}. Vous ne pourrez plus vous écrire.")
        return redirect(thread)
    return render(request, "messaging/block_confirm.html", {"thread": thread, "person": person})


@require_POST
@login_required
def unblock(request: HttpRequest, user_pk: int) -> HttpResponse:
    person = get_user_model().objects.filter(pk=user_pk).first()
    if person is None or not moderation_selectors.has_blocked(request.user, person):
        raise Http404
    moderation_services.block_delete(by=request.user, blocked=person)
    messages.success(request, f"Vous avez débloqué {person}.")
    return redirect("messaging:blocks")


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/blocks.html",
        {"blocks": list(moderation_selectors.blocked_people(request.user)[:200])},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    from solidaires.accounts.models import NotificationPreference, Profile

    profile, _created = Profile.objects.get_or_create(user=request.user)
    prefs = services.preferences_for(request.user)
    initial = {
        "email_messages": profile.wants(NotificationPreference.EMAIL_MESSAGES),
        "weekly_digest": profile.wants(NotificationPreference.WEEKLY_DIGEST),
        "use_profile_interests": "1" if prefs.digest_use_profile_interests else "0",
        "themes": list(prefs.digest_themes.all()) if not prefs.digest_use_profile_interests else [],
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(
                user=request.user,
                email_messages=form.cleaned_data["email_messages"],
                weekly_digest=form.cleaned_data["weekly_digest"],
                use_profile_interests=form.cleaned_data["use_profile_interests"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Vos préférences sont enregistrées.")
            return redirect("messaging:preferences")
    context = {
        "form": form,
        "interests": list(profile.interests.all()),
        "blocks_count": moderation_selectors.blocked_people(request.user).count(),
        "digest": digest_texts(),
    }
    return render(request, "messaging/preferences.html", context, status=400 if form.errors else 200)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe (RFC 8058): GET shows a button, POST (no CSRF: mail clients post
    ``List-Unsubscribe=One-Click`` without a session) turns the digest off."""
    user_id = user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id, erased_at__isnull=True).first() if user_id else None
    if user is None:
        raise Http404
    if request.method == "POST":
        services.digest_unsubscribe(user=user)
        return render(request, "messaging/unsubscribed.html", {"digest": digest_texts()})
    return render(request, "messaging/unsubscribe.html", {"token": token, "digest": digest_texts()})
