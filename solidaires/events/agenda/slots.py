"""What the agenda shows on lower apps' pages (decision 1101): the "Permanences et
événements" block of a place's and of an association's page. Registered in EventsConfig.ready()."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from solidaires.events.officehours import selectors as officehours_selectors

from . import selectors

AGENDA_BLOCK = "events/officehours/agenda_block.html"


def place_agenda(*, place: Any, **_: Any) -> str:
    """On a place's page: what is open now, its permanences and coming events."""
    return render_to_string(
        AGENDA_BLOCK,
        {
            "agenda": selectors.place_agenda(place.pk),
            "subject": "place",
            "feed_kind": "lieu",
            "feed_slug": place.slug,
            "show_place": False,
            "events_url": "",
        },
    )


def association_agenda(*, association: Any, **_: Any) -> str:
    """On an association's page: its permanences, a link to its events (only verified
    associations have a public feed)."""
    return render_to_string(
        AGENDA_BLOCK,
        {
            "agenda": officehours_selectors.association_agenda(association.pk),
            "subject": "association",
            "feed_kind": "association" if association.status == "verified" else "",
            "feed_slug": association.slug,
            "show_place": True,
            "events_url": f"{reverse('events:index')}?{urlencode({'association': association.slug})}",
        },
    )
