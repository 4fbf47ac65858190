"""Distances between communes and what a person can reach with the means they have.

Distances are straight lines between town halls (haversine). The mobility model
(decision 1300) gives each means of transport a *reach* (beyond it the mission is not
proposed) and a *scale* (the proximity ``exp(-km / scale)`` falls to 37 % at that distance):

=================  =========  ========  ===========================================
means              reach km   scale km  condition
=================  =========  ========  ===========================================
car                30         12
public transport   20         8         the destination is served (a town or a
                                        suburb: urban class) or within 5 km
bike or on foot    8          4
needs a lift       15         8         the same intercommunality (its minibuses)
not said           15         8         (as the former digest: 15 km)
=================  =========  ========  ===========================================

Several means: the best proximity of them. Communes the person named in their offer
("communes où vous pouvez vous rendre") are reachable with a proximity of at least 0.8.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["MODES", "Mode", "haversine_km", "max_reach_km", "proximity"]

EARTH_RADIUS_KM = 6371.0
WALKING_FROM_STOP_KM = 5.0
NAMED_COMMUNE_PROXIMITY = 0.8


@dataclass(frozen=True)
class Mode:
    key: str
    label: str
    reach_km: float
    scale_km: float
    needs_service: bool = False  # public transport: the destination must be served
    same_area: bool = False  # minibus: within the intercommunality


CAR = "car"
PUBLIC_TRANSPORT = "public_transport"
BIKE = "bike"
NEEDS_LIFT = "needs_lift"
UNKNOWN = ""

MODES: dict[str, Mode] = {
    CAR: Mode(CAR, "en voiture", 30.0, 12.0),
    PUBLIC_TRANSPORT: Mode(PUBLIC_TRANSPORT, "en transports en commun", 20.0, 8.0, needs_service=True),
    BIKE: Mode(BIKE, "à vélo ou à pied", 8.0, 4.0),
    NEEDS_LIFT: Mode(NEEDS_LIFT, "avec un minibus solidaire", 15.0, 8.0, same_area=True),
    UNKNOWN: Mode(UNKNOWN, "", 15.0, 8.0),
}


def modes_of(keys: Iterable[str]) -> list[Mode]:
    found = [MODES[k] for k in keys if k in MODES and k != UNKNOWN]
    return found or [MODES[UNKNOWN]]


def max_reach_km(keys: Iterable[str]) -> float:
    return max(mode.reach_km for mode in modes_of(keys))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances in km from one point to many (vectorised)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def proximity(
    km: np.ndarray,
    modes: list[Mode],
    *,
    served: np.ndarray,
    same_area: np.ndarray,
    named: np.ndarray | None = None,
) -> np.ndarray:
    """Proximity in [0, 1] of destinations at ``km`` for a person with ``modes``: 0 where none
    of their means reaches. ``served``: the destination has public transport; ``same_area``: it
    is in the person's intercommunality; ``named``: the person said they can go there."""
    km = np.asarray(km, dtype=np.float64)
    best = np.zeros_like(km)
    for mode in modes:
        ok = km <= mode.reach_km
        if mode.needs_service:
            ok &= served | (km <= WALKING_FROM_STOP_KM)
        if mode.same_area:
            ok &= same_area
        best = np.maximum(best, np.where(ok, np.exp(-km / mode.scale_km), 0.0))
    if named is not None:
        best = np.where(named, np.maximum(best, NAMED_COMMUNE_PROXIMITY), best)
    return best


def mode_proximity(km: float, mode: Mode, *, served: bool, same_area: bool) -> float:
    """:func:`proximity` for one destination and one means (plain Python, for explanations)."""
    if km > mode.reach_km:
        return 0.0
    if mode.needs_service and not (served or km <= WALKING_FROM_STOP_KM):
        return 0.0
    if mode.same_area and not same_area:
        return 0.0
    return math.exp(-km / mode.scale_km)


def best_mode(km: float, modes: list[Mode], *, served: bool, same_area: bool) -> tuple[Mode | None, float]:
    """The means that gives the best proximity and that proximity (None, 0 if none reaches)."""
    best, found = 0.0, None
    for mode in modes:
        value = mode_proximity(km, mode, served=served, same_area=same_area)
        if value > best:
            best, found = value, mode
    return found, best
