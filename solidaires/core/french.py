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


def count(number: int, singular: str, plural: str | None = None) -> str:
    """ "0 jour", "1 jour", "3 jours": 0 and 1 take the singular in French (Django's
    ``pluralize`` writes "0 jours")."""
    return f"{number} {singular if abs(number) < 2 else (plural or singular + 's')}"


def days(number: int) -> str:
    """A number of days: "1 jour", "12 jours"."""
    return count(number, "jour")


def since_days(number: int) -> str:
    """How long something has waited, from its age in whole days: "depuis aujourd'hui",
    "depuis hier", "depuis 3 jours" (never "depuis 0 jours")."""
    if number <= 0:
        return "depuis aujourd'hui"
    if number == 1:
        return "depuis hier"
    return f"depuis {days(number)}"
