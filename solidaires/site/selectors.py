"""Reads for the site's own pages: the territory at a glance on the home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum

from solidaires.associations.models import Association, AssociationStatus
from solidaires.territory.models import Commune, Place, PlaceStatus

FIGURES_CACHE_KEY = "site:territory-figures:v1"
FIGURES_TIMEOUT = 5 * 60


@dataclass(frozen=True)
class TerritoryFigures:
    communes: int
    inhabitants: int
    verified_associations: int
    places: int


def _compute_territory_figures() -> TerritoryFigures:
    communes = Commune.objects.aggregate(count=Count("insee"), inhabitants=Sum("population"))
    return TerritoryFigures(
        communes=communes["count"] or 0,
        inhabitants=communes["inhabitants"] or 0,
        verified_associations=Association.objects.filter(status=AssociationStatus.VERIFIED).count(),
        places=Place.objects.filter(status=PlaceStatus.VERIFIED).count(),
    )


def territory_figures() -> TerritoryFigures:
    """A few live figures for the home page: three queries at most, cached five minutes."""
    cached = cache.get(FIGURES_CACHE_KEY)
    if isinstance(cached, TerritoryFigures):
        return cached
    figures = _compute_territory_figures()
    cache.set(FIGURES_CACHE_KEY, figures, FIGURES_TIMEOUT)
    return figures
