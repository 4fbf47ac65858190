"""Inclusion tags for place and association pages: what is open now, coming permanences and
events ("En ce moment : permanence juridique jusqu'à 17 h"). A few queries each."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from solidaires.events.agenda import selectors as agenda_selectors
from solidaires.events.officehours import selectors

register = template.Library()


@register.inclusion_tag("events/officehours/agenda_block.html")
def place_agenda(place: Any) -> dict[str, Any]:
    """On a place's page."""
    return {
        "agenda": agenda_selectors.place_agenda(place.pk),
        "subject": "place",
        "feed_kind": "lieu",
        "feed_slug": place.slug,
        "show_place": False,
        "events_url": "",
    }


@register.inclusion_tag("events/officehours/agenda_block.html")
def association_agenda(association: Any) -> dict[str, Any]:
    """On an association's page (only verified associations have a public feed)."""
    return {
        "agenda": selectors.association_agenda(association.pk),
        "subject": "association",
        "feed_kind": "association" if association.status == "verified" else "",
        "feed_slug": association.slug,
        "show_place": True,
        "events_url": f"{reverse('events:index')}?{urlencode({'association': association.slug})}",
    }
