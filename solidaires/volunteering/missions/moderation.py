"""How the moderation app handles missions and volunteer offers (registered in apps.py,
decision 0845): hiding a mission makes the cached public lists of missions stale at once."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from solidaires.core.caching import bump_data_version
from solidaires.moderation.registry import Reportable

from .services import MISSIONS_DATA_VERSION


def _missions_changed(target: models.Model) -> None:
    bump_data_version(MISSIONS_DATA_VERSION)


def _offer_url(offer: Any) -> str:
    return reverse("volunteering:offer_detail", kwargs={"pk": offer.pk})


MISSION = Reportable(
    label="volunteering.mission",
    kind="mission",
    what="cette mission",
    responsible=("posted_by", "contact"),
    audit_prefix="mission",
    on_hidden_changed=_missions_changed,
)

OFFER = Reportable(
    label="volunteering.volunteeroffer",
    kind="offre",
    what="cette proposition d'aide",
    responsible=("volunteer", "user", "person", "author"),
    audit_prefix="volunteeroffer",
    hideable=False,
    link=_offer_url,
)
