"""Helpers shared by the applicant side's views: access to a file, a space, a document."""

from __future__ import annotations

import rules
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from solidaires.grants.applications import selectors
from solidaires.grants.applications.models import Applicant, Application, VaultDocument


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


def document_or_404(request: HttpRequest, pk: int) -> VaultDocument:
    document = get_object_or_404(VaultDocument.objects.select_related("applicant", "kind"), pk=pk)
    if not rules.has_perm("grants.view_vault", request.user, document):
        raise Http404
    return document
