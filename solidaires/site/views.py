from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from solidaires.core.caching import cache_anonymous
from solidaires.core.context_processors import MAIN_NAV, contact_email
from solidaires.core.links import absolute_url
from solidaires.events.agenda.selectors import next_cafes
from solidaires.territory.models import Epci
from solidaires.territory.selectors import commune_choices

from .selectors import territory_figures

PAGE_CACHE_SECONDS = 5 * 60
PLACEHOLDER = "à compléter par l'exploitant"
LEGAL_PAGES_UPDATED_ON = date(2026, 11, 25)


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def home(request: HttpRequest) -> HttpResponse:
    context = {"figures": territory_figures(), "communes": commune_choices(), "cafes": next_cafes(3)}
    return render(request, "site/home.html", context)


# Sections announced in the navigation but not built yet. Each one will be replaced by its
# app's own views; until then a visitor gets a real page that says what is coming.
@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str
    coming: str


SECTIONS: dict[str, Section] = {
    section.slug: section
    for section in (
        Section(
            "ressources",
            "Ressources partagées",
            "Vous trouverez ici le matériel, les salles et les minibus que l'agglomération et "
            "les associations mettent en commun.",
            "Vous pourrez réserver une salle ou un minibus associatif et voir ce qui est disponible.",
        ),
        Section(
            "participer",
            "Participer à la vie locale",
            "Vous trouverez ici les conseils citoyens intercommunaux, leurs réunions et leurs comptes rendus.",
            "Vous pourrez faire des propositions, voter pour les priorités de l'année et suivre "
            "ce qu'elles deviennent.",
        ),
    )
}


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def section(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SECTIONS:
        raise Http404
    return render(request, "site/section.html", {"section": SECTIONS[slug]})


# Legal pages. What only the operator knows comes from settings; anything missing is shown
# as a clearly marked placeholder rather than invented.
@dataclass(frozen=True)
class Operator:
    name: str
    address: str
    publication_director: str
    dpo_email: str
    host_name: str
    host_address: str
    source_url: str
    contact_email: str


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or "")


def _territory_epci_names() -> str:
    sirens = list(getattr(settings, "SOLIDAIRES_TERRITORY", []))
    return ", ".join(Epci.objects.filter(siren__in=sirens).values_list("name", flat=True))


def operator() -> Operator:
    """Who runs this deployment (SOLIDAIRES_OPERATOR_* settings; the EPCI of the territory by default)."""
    return Operator(
        name=_setting("SOLIDAIRES_OPERATOR_NAME") or _territory_epci_names(),
        address=_setting("SOLIDAIRES_OPERATOR_ADDRESS"),
        publication_director=_setting("SOLIDAIRES_PUBLICATION_DIRECTOR"),
        dpo_email=_setting("SOLIDAIRES_DPO_EMAIL"),
        host_name=_setting("SOLIDAIRES_HOST_NAME"),
        host_address=_setting("SOLIDAIRES_HOST_ADDRESS"),
        source_url=_setting("SOLIDAIRES_SOURCE_URL"),
        contact_email=contact_email(),
    )


def security_email() -> str:
    """Where security reports go (SOLIDAIRES_SECURITY_EMAIL, else the general contact)."""
    return _setting("SOLIDAIRES_SECURITY_EMAIL") or contact_email()


def _legal_page(request: HttpRequest, template: str, **extra: object) -> HttpResponse:
    context = {"operator": operator(), "placeholder": PLACEHOLDER, "updated_on": LEGAL_PAGES_UPDATED_ON}
    return render(request, template, {**context, **extra})


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def accessibility(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "site/accessibility.html")


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def privacy(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "site/privacy.html")


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "site/legal_notice.html")


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def security_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/security.html", {"security_email": security_email()})


@require_safe
@cache_anonymous(PAGE_CACHE_SECONDS)
def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "site/sitemap.html", {"sections": MAIN_NAV})


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116. Expires one year ahead, computed at each request so it never goes stale."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{security_email()}",
        f"Contact: {absolute_url('/securite/')}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {absolute_url('/.well-known/security.txt')}",
        f"Policy: {absolute_url('/securite/')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "queue_lag_seconds": _queue_lag_seconds()})


def _queue_lag_seconds() -> int | None:
    """Age of the oldest task waiting for a worker (None when the queue is empty)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    )
    return None if oldest is None else int((timezone.now() - oldest).total_seconds())
