"""The document vault of an applicant space: upload, download, deletion."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import Refused, login_required
from solidaires.core.http import safe_next
from solidaires.core.params import query_int
from solidaires.grants.applications import services
from solidaires.grants.applications.forms import (
    VaultUploadForm,
    apply_service_errors,
)
from solidaires.grants.applications.models import Applicant, Application, ApplicationState, DocumentKind
from solidaires.grants.applications.views.common import (
    applicant_or_404,
    document_or_404,
)


@require_http_methods(["GET", "POST"])
@login_required
def vault_upload(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk)
    if not rules.has_perm("grants.upload_document", request.user, applicant):
        raise Refused()
    next_url = safe_next(request, default=applicant.get_absolute_url())
    initial = {"kind": DocumentKind.objects.filter(code=request.GET.get("type", "")).first()}
    draft = _draft_to_join(request, applicant)
    form = VaultUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = {
            "by": request.user,
            "kind": form.cleaned_data["kind"],
            "uploaded_file": form.cleaned_data["file"],
            "valid_until": form.cleaned_data["valid_until"],
        }
        try:
            if draft is not None:
                services.application_upload_piece(application=draft, **upload)
            else:
                services.vault_upload(applicant=applicant, **upload)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if draft is not None:
                messages.success(request, "Le document est ajouté à votre coffre-fort et joint au dossier.")
            else:
                messages.success(request, "Le document est ajouté à votre coffre-fort.")
            return redirect(next_url)
    return render(
        request,
        "grants/vault_upload.html",
        {"applicant": applicant, "form": form, "next_url": next_url, "draft": draft},
    )


def _draft_to_join(request: HttpRequest, applicant: Applicant) -> Application | None:
    """The draft whose pieces step sent here (``?dossier=<id>``): what is uploaded is joined to
    it at once. Only a draft of this space that the person may change; otherwise the document
    only goes to the vault."""
    pk = query_int(request.GET.get("dossier"), minimum=1, maximum=2**31 - 1)
    if pk is None:
        return None
    draft = Application.objects.filter(pk=pk, applicant=applicant, state=ApplicationState.DRAFT).first()
    if draft is None or not rules.has_perm("grants.change_application", request.user, draft):
        return None
    return draft


@login_required
def vault_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    document = document_or_404(request, pk)
    handle = document.file.open("rb")
    download = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    download["Cache-Control"] = "private, no-store"
    download["X-Content-Type-Options"] = "nosniff"
    return download


@require_http_methods(["GET", "POST"])
@login_required
def vault_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    applicant = document.applicant
    locked = services.document_is_locked(document)
    if request.method == "POST" and not locked:
        try:
            services.vault_delete(document=document, by=request.user)
        except PermissionDenied:
            raise Refused() from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Le document est supprimé.")
            return redirect(applicant)
    return render(
        request, "grants/vault_delete.html", {"document": document, "applicant": applicant, "locked": locked}
    )
