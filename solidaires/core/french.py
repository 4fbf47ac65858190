"""French names of days and months, and times "à la française" (14 h, 9 h 30).

Pure: no Django import, so the pure modules (schedules, recurrences, attestations) use it
too. Dates given here are already local (Europe/Paris): callers convert.
"""

from __future__ import annotations

from datetime import date, datetime, time

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def hour(value: time | datetime) -> str:
    """14 h, 9 h 30 (no leading zero, minutes only when there are some)."""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def day_number(value: date | datetime) -> str:
    """1er for the first day of a month, the plain number otherwise."""
    return "1er" if value.day == 1 else str(value.day)
