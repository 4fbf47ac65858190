"""Weekly availability and mission schedules as 21-bit masks (7 days × morning/afternoon/evening).

Bit ``3 * weekday + part`` (Monday = 0; part 0 morning before noon, 1 afternoon until 18 h,
2 evening). A mission open at any time ("horaires libres") is *flexible*. The overlap score
is the share of the mission's slots the person is free for (1 for a flexible mission; 0.5
when either side said nothing: unknown, neither good nor bad).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["availability_mask", "describe_overlap", "overlap", "slot_mask"]

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
PARTS = ["morning", "afternoon", "evening"]
PART_WORDS = ["matin", "après-midi", "soir"]
PART_BOUNDS = [(0, 12 * 60), (12 * 60, 18 * 60), (18 * 60, 24 * 60)]
UNKNOWN = 0.5


def bit(weekday: int, part: int) -> int:
    return 1 << (3 * weekday + part)


def availability_mask(weekdays: Iterable[int], parts: Iterable[str]) -> int:
    """A volunteer offer's days × moments (no moment ticked: the whole day)."""
    part_ids = [PARTS.index(p) for p in parts if p in PARTS] or [0, 1, 2]
    mask = 0
    for day in weekdays:
        if 0 <= int(day) <= 6:
            for part in part_ids:
                mask |= bit(int(day), part)
    return mask


def profile_mask(availability: dict[str, list[str]]) -> int:
    """A profile's grid {"mon": ["morning"], ...}."""
    keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    mask = 0
    for day, parts in availability.items():
        if day in keys:
            for part in parts:
                if part in PARTS:
                    mask |= bit(keys.index(day), PARTS.index(part))
    return mask


def _minutes(hhmm: str) -> int | None:
    try:
        hours, minutes = hhmm.split(":")
        return int(hours) * 60 + int(minutes)
    except (ValueError, AttributeError):
        return None


def slot_mask(weekday: int, start: str, end: str) -> int:
    """A weekly slot {"weekday": 1, "start": "18:00", "end": "20:00"} → the parts it covers."""
    a, b = _minutes(start), _minutes(end)
    if a is None or b is None or b <= a or not 0 <= weekday <= 6:
        return 0
    mask = 0
    for part, (low, high) in enumerate(PART_BOUNDS):
        if a < high and b > low:
            mask |= bit(weekday, part)
    return mask


def one_off_mask(starts: datetime, ends: datetime | None) -> int:
    """A dated mission: the parts of its day it covers (only its first part when it ends on
    another day or has no end)."""
    if ends is not None and ends.date() == starts.date():
        return slot_mask(starts.weekday(), starts.strftime("%H:%M"), ends.strftime("%H:%M"))
    minute = starts.hour * 60 + starts.minute
    part = next(i for i, (low, high) in enumerate(PART_BOUNDS) if low <= minute < high)
    return bit(starts.weekday(), part)


def overlap(volunteer: ArrayLike, mission: ArrayLike, flexible: ArrayLike) -> np.ndarray:
    """Vectorised overlap score in [0, 1] (see the module's docstring)."""
    volunteer = np.asarray(volunteer, dtype=np.int64)
    mission = np.asarray(mission, dtype=np.int64)
    shared = np.bitwise_count(volunteer & mission).astype(np.float64)
    wanted = np.bitwise_count(mission).astype(np.float64)
    score = np.divide(shared, wanted, out=np.zeros_like(shared), where=wanted > 0)
    unknown = (volunteer == 0) | (mission == 0)
    score = np.where(unknown, UNKNOWN, score)
    return np.where(flexible, 1.0, score)


def describe_overlap(volunteer: int, mission: int, *, limit: int = 2) -> str:
    """ "Le mardi soir, quand vous êtes disponible" (the first shared slots), or ""."""
    shared = volunteer & mission
    slots = [f"le {WEEKDAYS[b // 3]} {PART_WORDS[b % 3]}" for b in range(21) if shared & (1 << b)][:limit]
    if not slots:
        return ""
    text = " et ".join(slots)
    return f"{text[0].upper()}{text[1:]}, quand vous êtes disponible"
