"""Helpers shared by the instruction side's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.urls import reverse

from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.instruction import selectors

S = ApplicationState


def apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else str(error))
    else:
        form.add_error(None, exc.messages)


def commune_list() -> list[tuple[str, str]]:
    from solidaires.territory.models import Commune

    return list(Commune.objects.order_by("name").values_list("insee", "name"))


def agent_file_url(application: Application) -> str:
    return reverse("grants_agents:file", kwargs={"pk": application.pk})


def get_file(pk: int) -> Application:
    try:
        return selectors.instruction_file(pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def error_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return "Cette action n'est pas possible pour ce dossier."
