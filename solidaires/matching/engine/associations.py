"""Associations proches: pairs of associations with close themes in different communes near
each other, for the agents to introduce (the article's "catalysts").

Closeness = themes × proximity: themes as in scoring.theme_scores (shared over the smaller
set, 0.5 for close themes only), proximity ``exp(-km / 10)`` up to 25 km; two associations
of the same commune are left out (they usually know each other already).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from solidaires.matching.engine import geo
from solidaires.matching.engine.model import Place, Taxonomy

REACH_KM = 25.0
SCALE_KM = 10.0


@dataclass(frozen=True)
class AssociationRecord:
    id: int
    name: str
    themes: frozenset[str]
    place: str


@dataclass(frozen=True)
class Pair:
    first: int
    second: int
    score: float
    reason: str


def _themes_score(
    a: frozenset[str], b: frozenset[str], taxonomy: Taxonomy
) -> tuple[float, list[str], list[str]]:
    shared = sorted(a & b, key=list(taxonomy.labels).index)
    if shared:
        return len(shared) / min(len(a), len(b)), shared, []
    order = list(taxonomy.labels).index
    close = sorted(sorted((x, y), key=order) for x in a for y in b if frozenset({x, y}) in taxonomy.related)
    return (0.5, [], close[0]) if close else (0.0, [], [])


def close_pairs(
    associations: list[AssociationRecord],
    places: dict[str, Place],
    taxonomy: Taxonomy,
    *,
    only: int | None = None,
    limit: int = 30,
) -> list[Pair]:
    """The best pairs (``only``: those of one association), best first."""
    by_place: dict[str, list[AssociationRecord]] = defaultdict(list)
    for a in associations:
        if a.place in places and a.themes:
            by_place[a.place].append(a)
    keys = list(by_place)
    found: list[Pair] = []
    for i, key in enumerate(keys):
        origin = places[key]
        for other in keys[i + 1 :]:
            target = places[other]
            km = geo.haversine_km(origin.lat, origin.lon, target.lat, target.lon)
            if km > REACH_KM:
                continue
            proximity = math.exp(-km / SCALE_KM)
            for a in by_place[key]:
                for b in by_place[other]:
                    if only is not None and only not in (a.id, b.id):
                        continue
                    value, shared, close = _themes_score(a.themes, b.themes, taxonomy)
                    if value <= 0:
                        continue
                    if shared:
                        what = "Thèmes en commun" if len(shared) > 1 else "Thème en commun"
                        labels = ", ".join(taxonomy.labels[s] for s in shared[:2])
                    else:
                        what, labels = "Thèmes proches", " / ".join(taxonomy.labels[c] for c in close)
                    reason = f"{what} : {labels} ; à {max(1, round(km))} km ({origin.name} – {target.name})"
                    first, second = sorted((a.id, b.id))
                    found.append(Pair(first, second, round(value * proximity, 4), reason))
    found.sort(key=lambda p: (-p.score, p.first, p.second))
    return found[:limit]
