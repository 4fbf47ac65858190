"""Recurring office hours (permanences): pure calendar arithmetic, no Django import.

A permanence is a local date (``dtstart``), local start/end times and an RFC 5545 RRULE
(without DTSTART, UNTIL or COUNT: those are separate fields). Everything is computed in
Europe/Paris *wall-clock* time and localised at the end, so a weekly 14:00 permanence stays
at 14:00 local time across the daylight-saving changes (decision 0920).

- ``occurrences()`` expands a schedule between two aware datetimes, minus cancelled dates,
  moved dates (shown at their new time) and French public holidays (unless kept);
- ``split_slots()`` cuts an occurrence into appointment slots;
- ``open_at()`` says which schedules are open at a given instant;
- ``excluded_starts()`` lists the EXDATEs a calendar feed must carry;
- ``build_rrule()`` / ``parse_preset()`` / ``describe()`` translate between the plain French
  frequencies of the form ("toutes les deux semaines", "le premier lundi du mois") and RRULEs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from dateutil.rrule import rrule, rrulestr

from solidaires.core.french import MONTHS as MONTH_NAMES
from solidaires.core.french import WEEKDAYS as WEEKDAY_NAMES

PARIS = ZoneInfo("Europe/Paris")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}

# The plain frequencies offered by the form, in display order.
FREQUENCIES: tuple[tuple[str, str], ...] = (
    ("weekly", "Chaque semaine"),
    ("biweekly", "Toutes les deux semaines"),
    ("monthly_1", "Le premier … du mois"),
    ("monthly_2", "Le deuxième … du mois"),
    ("monthly_3", "Le troisième … du mois"),
    ("monthly_4", "Le quatrième … du mois"),
    ("monthly_last", "Le dernier … du mois"),
    ("once", "Une seule fois"),
)
_MONTHLY_POSITIONS = {"monthly_1": 1, "monthly_2": 2, "monthly_3": 3, "monthly_4": 4, "monthly_last": -1}
_FORBIDDEN_PARTS = frozenset({"DTSTART", "UNTIL", "COUNT"})
_ALLOWED_FREQS = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
MAX_SLOTS_PER_OCCURRENCE = 96


class RecurrenceError(ValueError):
    """An RRULE or a schedule we cannot use; ``str()`` is a French message for people."""


@dataclass(frozen=True)
class Move:
    """An occurrence moved to another day and/or hours (local)."""

    day: date
    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    """One permanence's recurrence, in local (Europe/Paris) wall-clock time."""

    dtstart: date
    start: time
    end: time
    rrule: str = ""  # "" = a single occurrence on dtstart
    until: date | None = None  # inclusive
    count: int | None = None
    skip_public_holidays: bool = True
    cancelled: frozenset[date] = frozenset()
    moved: dict[date, Move] = field(default_factory=dict, hash=False, compare=False)
    tz: str = "Europe/Paris"

    @property
    def duration(self) -> timedelta:
        return datetime.combine(self.dtstart, self.end) - datetime.combine(self.dtstart, self.start)


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    original_day: date  # the day the rule gives (differs from starts_at's day when moved)
    status: str = "scheduled"  # scheduled | moved | cancelled | holiday
    note: str = ""  # holiday name

    @property
    def is_held(self) -> bool:
        return self.status in ("scheduled", "moved")

    @property
    def day(self) -> date:
        return self.starts_at.date()


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


# -- RRULE text --------------------------------------------------------------------------------


def parse_parts(text: str) -> dict[str, str]:
    """``"FREQ=WEEKLY;BYDAY=TU"`` → ``{"FREQ": "WEEKLY", "BYDAY": "TU"}`` (upper-cased keys)."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        key, sep, value = chunk.partition("=")
        if not sep:
            raise RecurrenceError("La règle de répétition est mal écrite.")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def normalize_rrule(text: str) -> str:
    """Check an RRULE typed or built by us; return it normalised, or raise RecurrenceError."""
    if not text.strip():
        return ""
    parts = parse_parts(text)
    if _FORBIDDEN_PARTS & parts.keys():
        raise RecurrenceError(
            "La règle de répétition ne doit pas contenir de date de début, de fin ni de nombre : "
            "utilisez les champs prévus."
        )
    if parts.get("FREQ") not in _ALLOWED_FREQS:
        raise RecurrenceError("Une permanence se répète au plus une fois par jour.")
    normalised = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rrulestr(normalised, dtstart=datetime(2026, 1, 1))  # noqa: DTZ001 (local wall-clock)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError("La règle de répétition n'est pas valide.") from exc
    return normalised


def build_rrule(frequency: str, weekday: int) -> str:
    """The RRULE of a plain frequency of the form on ``weekday`` (0 = Monday)."""
    if not 0 <= weekday <= 6:
        raise RecurrenceError("Choisissez un jour de la semaine.")
    code = WEEKDAY_CODES[weekday]
    if frequency == "weekly":
        return f"FREQ=WEEKLY;BYDAY={code}"
    if frequency == "biweekly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={code}"
    if frequency in _MONTHLY_POSITIONS:
        return f"FREQ=MONTHLY;BYDAY={_MONTHLY_POSITIONS[frequency]}{code}"
    if frequency == "once":
        return ""
    raise RecurrenceError("Choisissez une fréquence.")


def parse_preset(text: str) -> tuple[str, int | None] | None:
    """The (frequency, weekday) of a form preset for this RRULE, or None when it is another rule."""
    if not text.strip():
        return ("once", None)
    parts = parse_parts(text)
    byday = parts.get("BYDAY", "")
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    extra = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST"}
    if extra or not byday or "," in byday:
        return None
    if freq == "WEEKLY" and byday in WEEKDAY_CODES and interval in ("1", "2"):
        return ("weekly" if interval == "1" else "biweekly", WEEKDAY_CODES.index(byday))
    if freq == "MONTHLY" and interval == "1" and byday[-2:] in WEEKDAY_CODES:
        try:
            position = int(byday[:-2])
        except ValueError:
            return None
        for name, pos in _MONTHLY_POSITIONS.items():
            if pos == position:
                return (name, WEEKDAY_CODES.index(byday[-2:]))
    return None


# -- French wording ----------------------------------------------------------------------------


def format_time(value: time) -> str:
    """``14 h``, ``9 h 30``."""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def format_day(value: date, *, weekday: bool = True) -> str:
    """``mardi 3 mars 2026`` (``1er`` for the first day of a month)."""
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {MONTH_NAMES[value.month - 1]} {value.year}"
    return f"{WEEKDAY_NAMES[value.weekday()]} {text}" if weekday else text


def format_hours(start: time, end: time) -> str:
    return f"de {format_time(start)} à {format_time(end)}"


def describe(schedule: Schedule) -> str:
    """Plain French: "le mardi de 14 h à 17 h, toutes les deux semaines"."""
    hours = format_hours(schedule.start, schedule.end)
    preset = parse_preset(schedule.rrule)
    if preset is None:
        text = f"{hours}, selon un calendrier particulier"
    else:
        frequency, weekday = preset
        if frequency == "once" or weekday is None:
            return f"le {format_day(schedule.dtstart)}, {hours}"
        name = WEEKDAY_NAMES[weekday]
        if frequency == "weekly":
            text = f"le {name} {hours}, chaque semaine"
        elif frequency == "biweekly":
            text = f"le {name} {hours}, toutes les deux semaines"
        else:
            text = f"le {ORDINALS[_MONTHLY_POSITIONS[frequency]]} {name} du mois, {hours}"
    if schedule.until is not None:
        text += f", jusqu'au {format_day(schedule.until, weekday=False)}"
    elif schedule.count is not None:
        text += f", {schedule.count} fois"
    return text


# -- Public holidays ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _french_holidays_of_year(year: int) -> dict[date, str]:
    return dict(holidays_lib.France(years=year, language="fr").items())


def french_holidays(years: Iterable[int]) -> dict[date, str]:
    """French public holidays (national list) of the given years: day → French name."""
    found: dict[date, str] = {}
    for year in years:
        found.update(_french_holidays_of_year(year))
    return found


def holiday_name(day: date) -> str | None:
    return _french_holidays_of_year(day.year).get(day)


# -- Expansion ---------------------------------------------------------------------------------


def check(schedule: Schedule) -> None:
    """Raise RecurrenceError for a schedule that cannot be expanded."""
    if schedule.end <= schedule.start:
        raise RecurrenceError("L'heure de fin doit être après l'heure de début.")
    if schedule.until is not None and schedule.until < schedule.dtstart:
        raise RecurrenceError("La date de fin doit être après la date de début.")
    if schedule.count is not None and schedule.count < 1:
        raise RecurrenceError("Le nombre de séances doit être d'au moins 1.")
    normalize_rrule(schedule.rrule)


def _rule(schedule: Schedule) -> rrule | None:
    """The dateutil rule in naive local time, or None for a single occurrence."""
    if not schedule.rrule.strip():
        return None
    start = datetime.combine(schedule.dtstart, schedule.start)
    rule: Any = rrulestr(normalize_rrule(schedule.rrule), dtstart=start, cache=True)
    if schedule.until is not None:
        rule = rule.replace(until=datetime.combine(schedule.until, time(23, 59, 59)))
    elif schedule.count is not None:
        rule = rule.replace(count=schedule.count)
    return rule  # type: ignore[no-any-return]


def _rule_starts(schedule: Schedule, after: datetime, before: datetime) -> list[datetime]:
    """Naive local starts given by the rule, ``after <= start <= before``."""
    rule = _rule(schedule)
    if rule is None:
        single = datetime.combine(schedule.dtstart, schedule.start)
        return [single] if after <= single <= before else []
    return list(rule.between(after, before, inc=True))


def first_start(schedule: Schedule) -> date | None:
    """The first day the rule actually gives (RFC 5545 counts DTSTART itself; dateutil does not
    when DTSTART does not match BYDAY), used to store a DTSTART that matches the rule."""
    rule = _rule(schedule)
    if rule is None:
        return schedule.dtstart
    first = rule.after(datetime.combine(schedule.dtstart, time(0, 0)), inc=True)
    return first.date() if first is not None else None


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    """Aware → naive wall-clock time in ``tz``."""
    return value.astimezone(tz).replace(tzinfo=None)


def _aware(value: datetime, tz: ZoneInfo) -> datetime:
    return value.replace(tzinfo=tz)


def occurrences(
    schedule: Schedule,
    start: datetime,
    end: datetime,
    *,
    include_skipped: bool = False,
) -> list[Occurrence]:
    """Occurrences overlapping ``[start, end)`` (aware datetimes), sorted by start.

    Cancelled dates and public holidays (unless kept) are left out, or returned with status
    "cancelled" / "holiday" when ``include_skipped``; moved dates appear at their new time.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    tz = ZoneInfo(schedule.tz)
    duration = schedule.duration
    local_start, local_end = _local(start, tz), _local(end, tz)
    found: list[Occurrence] = []
    for naive in _rule_starts(schedule, local_start - duration, local_end):
        naive_end = naive + duration
        if not (naive < local_end and naive_end > local_start):
            continue
        day = naive.date()
        if day in schedule.moved:
            continue  # handled below, at its new time
        status, note = "scheduled", ""
        if day in schedule.cancelled:
            status = "cancelled"
        elif schedule.skip_public_holidays and (name := holiday_name(day)):
            status, note = "holiday", name
        if status != "scheduled" and not include_skipped:
            continue
        found.append(Occurrence(_aware(naive, tz), _aware(naive_end, tz), day, status, note))
    for original, move in schedule.moved.items():
        new_start = datetime.combine(move.day, move.start)
        new_end = datetime.combine(move.day, move.end)
        if not (new_start < local_end and new_end > local_start):
            continue
        original_start = datetime.combine(original, schedule.start)
        if not _rule_starts(schedule, original_start, original_start):
            continue  # the rule has no occurrence that day: nothing to move
        found.append(Occurrence(_aware(new_start, tz), _aware(new_end, tz), original, "moved"))
    found.sort(key=lambda o: (o.starts_at, o.original_day))
    return found


def next_occurrences(
    schedule: Schedule, now: datetime, *, limit: int, horizon_days: int = 370
) -> list[Occurrence]:
    """The next ``limit`` held occurrences not finished at ``now``."""
    found = occurrences(schedule, now, now + timedelta(days=horizon_days))
    return found[:limit]


def occurrence_at(schedule: Schedule, starts_at: datetime) -> Occurrence | None:
    """The held occurrence starting exactly at ``starts_at`` (aware), if there is one."""
    for occurrence in occurrences(schedule, starts_at, starts_at + timedelta(seconds=1)):
        if occurrence.starts_at == starts_at:
            return occurrence
    return None


def split_slots(occurrence: Occurrence, minutes: int) -> list[Slot]:
    """Consecutive ``minutes``-long appointment slots within the occurrence (a shorter tail
    that does not fit is dropped)."""
    if minutes < 5:
        raise RecurrenceError("Un créneau dure au moins 5 minutes.")
    step = timedelta(minutes=minutes)
    tz = occurrence.starts_at.tzinfo
    assert tz is not None
    naive = occurrence.starts_at.replace(tzinfo=None)
    naive_end = occurrence.ends_at.replace(tzinfo=None)
    slots: list[Slot] = []
    while naive + step <= naive_end and len(slots) < MAX_SLOTS_PER_OCCURRENCE:
        slots.append(Slot(naive.replace(tzinfo=tz), (naive + step).replace(tzinfo=tz)))
        naive += step
    return slots


K = TypeVar("K")


def open_at(schedules: Iterable[tuple[K, Schedule]], instant: datetime) -> list[tuple[K, Occurrence]]:
    """Which schedules have a held occurrence running at ``instant`` ("en ce moment")."""
    running: list[tuple[K, Occurrence]] = []
    for key, schedule in schedules:
        for occurrence in occurrences(schedule, instant, instant + timedelta(seconds=1)):
            if occurrence.starts_at <= instant < occurrence.ends_at:
                running.append((key, occurrence))
    running.sort(key=lambda item: item[1].ends_at)
    return running


def excluded_starts(schedule: Schedule, horizon: date) -> list[tuple[datetime, str]]:
    """Naive local starts the rule gives but which are not held as such — cancelled, moved, or
    public holidays skipped — up to the rule's end or ``horizon``: the feed's EXDATEs.

    Reasons: "cancelled", "moved", "holiday".
    """
    if _rule(schedule) is None:
        return []
    if schedule.count is not None:
        last = date.max  # the rule ends by itself
    else:
        last = min(schedule.until, horizon) if schedule.until is not None else horizon
    after = datetime.combine(schedule.dtstart, time(0, 0))
    before = datetime.combine(last, time(23, 59, 59))
    excluded: list[tuple[datetime, str]] = []
    for naive in _rule_starts(schedule, after, before):
        day = naive.date()
        if day in schedule.moved:
            excluded.append((naive, "moved"))
        elif day in schedule.cancelled:
            excluded.append((naive, "cancelled"))
        elif schedule.skip_public_holidays and holiday_name(day):
            excluded.append((naive, "holiday"))
    return excluded


def until_utc(schedule: Schedule) -> datetime | None:
    """The RRULE's UNTIL for a feed: the end of the ``until`` day, local, as UTC (RFC 5545
    requires UTC when DTSTART carries a TZID)."""
    if schedule.until is None:
        return None
    tz = ZoneInfo(schedule.tz)
    local_end = datetime.combine(schedule.until, time(23, 59, 59)).replace(tzinfo=tz)
    return local_end.astimezone(ZoneInfo("UTC"))
