"""Platform views that belong to no page of the site: the 403 and CSRF failure pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from .guards import Refused


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the French 403 page; a ``Refused`` says why (its message is meant for people),
    any other refusal shows the generic text (its message may be technical: never shown)."""
    context = {}
    if isinstance(exception, Refused):
        back = exception.back_url
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) if back else False
        context = {
            "refusal_title": exception.title,
            "refusal_message": exception.message,
            "back_url": back if safe else "",
        }
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render(context, request))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a French page that explains and offers a way back, no technical detail."""
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
