"""French dates and times for the agenda ("mardi 3 mars, 14 h – 17 h"). Pure: no Django import.

Datetimes given here must already be in local time (Europe/Paris); callers convert.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from solidaires.core.french import MONTHS, WEEKDAYS, hour


def day(value: date | datetime, *, with_year: bool = False, with_weekday: bool = True) -> str:
    """mardi 3 mars (2026), 1er for the first day of the month."""
    number = "1er" if value.day == 1 else str(value.day)
    text = f"{number} {MONTHS[value.month - 1]}"
    if with_weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    if with_year:
        text = f"{text} {value.year}"
    return text


def month(year: int, month_number: int) -> str:
    return f"{MONTHS[month_number - 1]} {year}"


def span(start: datetime, end: datetime, *, with_year: bool = False) -> str:
    """mardi 3 mars, 14 h – 17 h ; or over several days: du samedi 3 mars, 10 h au dimanche 4 mars, 18 h."""
    # An evening that ends after midnight still reads as one day ("samedi 5 juillet, 20 h – 1 h").
    if start.date() == end.date() or (end - start <= timedelta(hours=12) and end.hour < 6):
        return f"{day(start, with_year=with_year)}, {hour(start)} – {hour(end)}"
    return (
        f"du {day(start, with_year=with_year)}, {hour(start)} au {day(end, with_year=with_year)}, {hour(end)}"
    )


def iso_week_bounds(value: str) -> date | None:
    """Monday of an ISO week written "2026-W49"; None if the text is not a week."""
    try:
        year_text, week_text = value.upper().split("-W")
        return date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        return None


def iso_week(value: date) -> str:
    year, week, _ = value.isocalendar()
    return f"{year}-W{week:02d}"


def month_start(value: str) -> date | None:
    """First day of a month written "2026-12"; None if the text is not a month."""
    try:
        year_text, month_text = value.split("-")
        return date(int(year_text), int(month_text), 1)
    except ValueError:
        return None


def add_months(value: date, count: int) -> date:
    index = value.year * 12 + value.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_grid(first: date) -> list[list[date]]:
    """Weeks (Monday first) covering the month that starts at ``first``."""
    start = first - timedelta(days=first.weekday())
    following = add_months(first, 1)
    weeks: list[list[date]] = []
    current = start
    while current < following:
        weeks.append([current + timedelta(days=i) for i in range(7)])
        current += timedelta(days=7)
    return weeks


def ordinal(position: int) -> str:
    """1re, 2e, 3e (French ordinal, feminine for "place")."""
    return "1re" if position == 1 else f"{position}e"
