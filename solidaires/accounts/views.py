"""Account pages: profile, security, personal data (export, erasure)."""

from __future__ import annotations

import json
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import privacy, selectors, services
from .forms import DeleteAccountForm, ProfileForm
from .models import User


def _user(request: HttpRequest) -> User:
    """The signed-in user (views below are all behind login_required)."""
    return cast(User, request.user)


def _add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the matching fields (or at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = selectors.profile_for(user=user)
    if request.method == "POST":
        form = ProfileForm(request.POST, initial=ProfileForm.initial_for(user=user, profile=current))
        if form.is_valid():
            try:
                services.profile_update(user=user, data=form.to_service_data())
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, "Votre profil est enregistré.")
                return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user=user, profile=current))
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "security": selectors.security_overview(user=user),
        },
    )


@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/security.html", {"security": selectors.security_overview(user=_user(request))}
    )


@login_required
@require_http_methods(["GET"])
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html", {"export_parts": privacy.exporter_names()})


@login_required
@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    data = privacy.collect_export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"solidaires-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        if form.is_valid():
            services.user_erase(user=user, by=user)
            logout(request)
            messages.success(request, "Votre compte est supprimé. Merci d'avoir fait partie de Solidaires.")
            return redirect("/")
    else:
        form = DeleteAccountForm(user=user)
    return render(
        request,
        "accounts/delete.html",
        {"form": form},
    )
