"""Schedules in plain French ("mardi 3 mars, 14 h – 17 h", "le mardi de 14 h à 17 h").

Pure functions without Django: they take local (Europe/Paris) datetimes or plain dicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from solidaires.core.french import MONTHS, WEEKDAYS, hour

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def day(value: date | datetime, *, year: int | None = None) -> str:
    """mardi 3 mars (the year added when it differs from ``year``); 1er for the first day."""
    number = "1er" if value.day == 1 else str(value.day)
    text = f"{WEEKDAYS[value.weekday()]} {number} {MONTHS[value.month - 1]}"
    if year is not None and value.year != year:
        text += f" {value.year}"
    return text


def one_off(starts: datetime, ends: datetime | None, *, this_year: int | None = None) -> str:
    """mardi 3 mars, 14 h – 17 h ; or "du mardi 3 mars, 14 h au jeudi 5 mars, 12 h"."""
    if ends is None:
        return f"{day(starts, year=this_year)}, {hour(starts)}"
    if ends.date() == starts.date():
        return f"{day(starts, year=this_year)}, {hour(starts)} – {hour(ends)}"
    return f"du {day(starts, year=this_year)}, {hour(starts)} au {day(ends, year=this_year)}, {hour(ends)}"


def parse_hhmm(value: str) -> time | None:
    match = _HHMM.match(value.strip())
    if not match:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def slot_is_valid(slot: Mapping[str, object]) -> bool:
    weekday = slot.get("weekday")
    start = parse_hhmm(str(slot.get("start", "")))
    end = parse_hhmm(str(slot.get("end", "")))
    return (
        isinstance(weekday, int)
        and 0 <= weekday <= 6
        and start is not None
        and end is not None
        and end > start
    )


def weekly_slot(slot: Mapping[str, object]) -> str:
    """le mardi de 14 h à 17 h"""
    weekday = int(str(slot["weekday"]))
    start = parse_hhmm(str(slot["start"]))
    end = parse_hhmm(str(slot["end"]))
    if start is None or end is None:
        return f"le {WEEKDAYS[weekday]}"
    return f"le {WEEKDAYS[weekday]} de {hour(start)} à {hour(end)}"


def weekly_slots(slots: Iterable[Mapping[str, object]]) -> list[str]:
    ordered = sorted(slots, key=lambda s: (int(str(s.get("weekday", 0))), str(s.get("start", ""))))
    return [weekly_slot(s) for s in ordered if slot_is_valid(s)]


def join_fr(items: list[str]) -> str:
    """a, b et c"""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " et " + items[-1]
