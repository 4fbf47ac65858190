"""Helpers shared by the applicant side's views: access to a file, a space, a document."""

from __future__ import annotations

import rules
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from solidaires.grants.applications import selectors
from solidaires.grants.applications.models import Applicant, Application, VaultDocument


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The French 403 page of the applicant side, saying why (the views are behind
    ``login_required``: only signed-in people get here)."""
    return render(request, "grants/forbidden.html", {"message": message}, status=403)


def application_or_404(request: HttpRequest, ref: str) -> Application:
    application = selectors.application_for_user(ref=ref, user=request.user)
    if application is None:
        raise Http404
    return application


def applicant_or_404(request: HttpRequest, pk: int) -> Applicant:
    applicant = get_object_or_404(Applicant.objects.select_related("association"), pk=pk)
    if not rules.has_perm("grants.view_applicant", request.user, applicant):
        raise Http404
    return applicant


def safe_next(request: HttpRequest, *, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/projets/") and "//" not in candidate:
        return candidate
    return default


def document_or_404(request: HttpRequest, pk: int) -> VaultDocument:
    document = get_object_or_404(VaultDocument.objects.select_related("applicant", "kind"), pk=pk)
    if not rules.has_perm("grants.view_vault", request.user, document):
        raise Http404
    return document
