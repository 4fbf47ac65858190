"""What the agenda's views share: access to an event, the French 403 page, QR codes."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse

from solidaires.core.guards import Refused

from .. import selectors
from ..models import Event


def can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def visible_event(request: HttpRequest, pk: int) -> Event:
    event = selectors.event_for_page(pk=pk)
    if event is None or not can(request, "events.view_event", event):
        raise Http404
    return event


def manageable_event(request: HttpRequest, pk: int) -> Event | HttpResponse:
    """The event of an organisers' page. Decision 1102, in this order: the sign-in page for a
    visitor (an organiser may not be signed in yet), 404 for an event the person may not know
    exists (a draft), the French 403 page for anybody else who may not manage it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = visible_event(request, pk)
    if not can(request, "events.change_event", event):
        raise Refused("Seuls les organisateurs de l'événement et les agents y ont accès.")
    return event


def qr_svg_data_uri(text: str) -> str:
    """A QR code as an SVG data URI for an <img> (no inline script or style: CSP-safe)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
