"""What every endpoint of the JSON API shares (decisions 1102, 1115 and 1117).

- ``SignedIn``: the ninja ``auth`` of an endpoint that needs an account, optionally a named
  permission (``rules.py``), the same rule as the web page. It runs before the body is read:
  a visitor gets 401 whatever the body, a person without the permission 403, both with a
  French message; unsafe methods also check the CSRF token (session clients).
- ``InputSchema``: the base of every input schema (query strings and bodies). Its text is
  cleaned by ``solidaires.core.text.clean_text`` and a body must be a JSON object.
- ``install_error_handlers``: French JSON answers for invalid input (422), an unreadable
  body (400) and a body over the upload limit (413), instead of ninja's English ones or
  the HTML error page.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf
from pydantic import field_validator, model_validator

from solidaires.core.text import InvalidText, clean_text

SIGN_IN_MESSAGE = "Connectez-vous pour utiliser ce service."
REFUSED_MESSAGE = "Votre compte ne donne pas accès à ce service."
CSRF_MESSAGE = "Jeton CSRF manquant ou invalide : rechargez la page et réessayez."
NOT_AN_OBJECT = 'Le corps de la requête doit être un objet JSON, par exemple {"message": "…"}.'
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SignedIn(APIKeyCookie):
    """Session authentication (the site's cookie) with an optional permission (decision 1115)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self, perm: str = "", *, sign_in_message: str = "", refused_message: str = "") -> None:
        super().__init__(csrf=False)  # checked below, after the sign-in, with a French message
        self.perm = perm
        self.sign_in_message = sign_in_message or SIGN_IN_MESSAGE
        self.refused_message = refused_message or REFUSED_MESSAGE

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            raise HttpError(401, self.sign_in_message)
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, CSRF_MESSAGE)
        if self.perm and not rules.has_perm(self.perm, user):
            raise HttpError(403, self.refused_message)
        return user


class InputSchema(Schema):
    """Base of every input schema of the API (``tests`` check that none is forgotten)."""

    @model_validator(mode="before")
    @classmethod
    def _a_json_object(cls, data: Any) -> Any:
        # ninja's Schema reads attributes of any object (its DjangoGetter): without this, a JSON
        # array, null, a number or a string would pass as a body with every field at its default.
        value = getattr(data, "_obj", data)
        if value is None or isinstance(value, (list, str, bytes, int, float)):
            raise ValueError(NOT_AN_OBJECT)
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return clean_text(value)
            except InvalidText as exc:
                raise ValueError(str(exc)) from exc
        return value


def _field(location: tuple[Any, ...]) -> str:
    """("body", "payload", "message") → "message"; ("body", "payload") → the whole body."""
    inner = [str(part) for part in location[1:]]
    if len(inner) > 1:
        inner = inner[1:]  # the name of the view's parameter (payload, params): not the client's
    elif location[:1] == ("body",):
        inner = []
    return ".".join(inner) or "__all__"


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing" and len(error.get("loc", ())) <= 2 and tuple(error.get("loc", ()))[:1] == ("body",):
        return NOT_AN_OBJECT
    if kind == "value_error":
        return str(context.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    return {
        "missing": "Ce champ est obligatoire.",
        "string_too_long": f"{context.get('max_length')} caractères au plus.",
        "string_too_short": f"{context.get('min_length')} caractères au moins.",
        "string_pattern_mismatch": "Valeur au mauvais format.",
        "bool_parsing": "Valeur attendue : true ou false.",
        "bool_type": "Valeur attendue : true ou false.",
        "int_parsing": "Nombre entier attendu.",
        "int_type": "Nombre entier attendu.",
        "string_type": "Texte attendu.",
        "date_from_datetime_parsing": "Date attendue (AAAA-MM-JJ).",
        "date_parsing": "Date attendue (AAAA-MM-JJ).",
        "enum": "Valeur inconnue.",
        "literal_error": "Valeur inconnue.",
        "model_attributes_type": "Le corps de la requête doit être un objet JSON.",
        "dict_type": "Le corps de la requête doit être un objet JSON.",
    }.get(kind, "Valeur invalide.")


def validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(tuple(error.get("loc", ()))), []).append(_message(error))
    detail = " ".join(
        " ".join(messages) if field == "__all__" else f"{field} : {' '.join(messages)}"
        for field, messages in errors.items()
    )
    return api.create_response(
        request, {"detail": f"Requête invalide. {detail}", "errors": errors}, status=422
    )


def body_too_big(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return api.create_response(
        request, {"detail": f"Requête trop volumineuse ({limit // 1024} Kio au plus)."}, status=413
    )


def http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    message = str(exc)
    if message == "Cannot parse request body":  # ninja's own words for invalid JSON
        message = "Le corps de la requête n'est pas du JSON valide (UTF-8)."
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, partial(validation_error, api=api))
    api.add_exception_handler(RequestDataTooBig, partial(body_too_big, api=api))
    api.add_exception_handler(HttpError, partial(http_error, api=api))
