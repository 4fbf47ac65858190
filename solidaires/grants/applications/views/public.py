"""The public page of schemes and calls (/projets/), cached for anonymous visitors (decision 1024)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString

from solidaires.core import caching as page_cache
from solidaires.core.fragments import cached_fragments
from solidaires.grants.applications import selectors
from solidaires.grants.applications.models import Call, DocumentKind, Scheme

# The public page of schemes and calls, cached for anonymous visitors (the same for all of
# them). Any write to a scheme, a call or a document kind (services, admin, demo data) bumps
# the schemes' data version, so a change shows at once; a stored page also never outlives the
# next opening or closing of a call it shows. Each scheme's card is cached too (decision 1024).
INDEX_CACHE_SECONDS = 60


OFFER_CARD_TEMPLATE_VERSION = 2  # bump when grants/includes/offer.html changes


def _bump_schemes_version(**_kwargs: Any) -> None:
    """Signal receiver: now and after commit (core.caching.bump_data_version)."""
    page_cache.bump_data_version(selectors.SCHEMES_DATA_VERSION)


for _model in (Scheme, Call, DocumentKind):
    post_save.connect(
        _bump_schemes_version, sender=_model, dispatch_uid=f"grants-index-save-{_model.__name__}"
    )
    post_delete.connect(
        _bump_schemes_version, sender=_model, dispatch_uid=f"grants-index-delete-{_model.__name__}"
    )


m2m_changed.connect(
    _bump_schemes_version, sender=Scheme.required_documents.through, dispatch_uid="grants-index-documents"
)


def _offer_cards(offers: list[selectors.OfferTimes], now: datetime) -> list[SafeString]:
    """The schemes' cards, each rendered once per version of the scheme and of its calls'
    phase (which are open, which are upcoming) and kept in the cache."""
    version = page_cache.data_version(selectors.SCHEMES_DATA_VERSION)
    phases = {}
    for offer in offers:
        open_calls, upcoming_calls = offer.phase(now)
        phases[offer.scheme_pk] = "open-{}-upcoming-{}".format(
            ".".join(map(str, open_calls)), ".".join(map(str, upcoming_calls))
        )

    def render_missing(missing: list[selectors.OfferTimes]) -> list[str]:
        loaded = {
            o.scheme.pk: o for o in selectors.open_offers(now=now, scheme_pks=[m.scheme_pk for m in missing])
        }
        template = get_template("grants/includes/offer.html")
        # A scheme deactivated since the page query has no card (and a new data version).
        return [
            template.render({"offer": loaded[m.scheme_pk]}).strip() if m.scheme_pk in loaded else ""
            for m in missing
        ]

    cards = cached_fragments(
        offers,
        namespace="grants-offer",
        template_version=OFFER_CARD_TEMPLATE_VERSION,
        key_parts=lambda o: (o.scheme_pk, o.updated_at.isoformat(), version, phases[o.scheme_pk]),
        render_missing=render_missing,
        timeout=INDEX_CACHE_SECONDS,  # what a write skipping save() could leave stale
    )
    return cards


@page_cache.cache_anonymous(INDEX_CACHE_SECONDS, version_keys=(selectors.SCHEMES_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    offers = selectors.offer_times(now=now)
    response = render(
        request, "grants/index.html", {"has_offers": bool(offers), "offer_cards": _offer_cards(offers, now)}
    )
    # Until the next opening or closing of a call shown here, at most INDEX_CACHE_SECONDS.
    moments = [moment for offer in offers for moment in offer.moments(now)]
    seconds = min([(moment - now).total_seconds() for moment in moments] + [INDEX_CACHE_SECONDS])
    response.page_cache_timeout = int(seconds)  # type: ignore[attr-defined]
    return response
