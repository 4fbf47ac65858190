"""Pure recurrence module: expansion, holidays, exceptions, DST, slots, "open now", wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from solidaires.events.officehours import recurrence as rec
from solidaires.events.officehours.recurrence import PARIS, Move, Schedule


def paris(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=PARIS)


def days(found: list[rec.Occurrence]) -> list[date]:
    return [o.starts_at.date() for o in found]


def tuesday_2pm(rrule: str = "FREQ=WEEKLY;BYDAY=TU", **kwargs) -> Schedule:
    return Schedule(dtstart=date(2026, 1, 6), start=time(14), end=time(17), rrule=rrule, **kwargs)


@pytest.mark.parametrize(
    ("rrule", "dtstart", "expected"),
    [
        # chaque semaine, le mardi
        ("FREQ=WEEKLY;BYDAY=TU", date(2026, 1, 6), [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 20)]),
        # toutes les deux semaines
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            date(2026, 1, 6),
            [date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3)],
        ),
        # le premier lundi du mois (January 5, February 2, March 2)
        ("FREQ=MONTHLY;BYDAY=1MO", date(2026, 1, 5), [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]),
        # le dernier vendredi du mois
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            date(2026, 1, 30),
            [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)],
        ),
        # une seule fois
        ("", date(2026, 1, 8), [date(2026, 1, 8)]),
    ],
)
def test_expansion_of_the_plain_frequencies(rrule, dtstart, expected):
    schedule = Schedule(dtstart=dtstart, start=time(9), end=time(11), rrule=rrule)
    found = rec.occurrences(schedule, paris(2026, 1, 1), paris(2026, 4, 1))
    assert days(found)[:3] == expected


@pytest.mark.parametrize(
    ("frequency", "weekday", "rrule"),
    [
        ("weekly", 1, "FREQ=WEEKLY;BYDAY=TU"),
        ("biweekly", 1, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("monthly_1", 0, "FREQ=MONTHLY;BYDAY=1MO"),
        ("monthly_3", 2, "FREQ=MONTHLY;BYDAY=3WE"),
        ("monthly_last", 4, "FREQ=MONTHLY;BYDAY=-1FR"),
        ("once", 3, ""),
    ],
)
def test_presets_round_trip(frequency, weekday, rrule):
    assert rec.build_rrule(frequency, weekday) == rrule
    parsed = rec.parse_preset(rrule)
    assert parsed is not None
    assert parsed[0] == frequency
    if frequency != "once":
        assert parsed[1] == weekday


def test_unknown_rule_is_not_a_preset_and_is_described_generically():
    assert rec.parse_preset("FREQ=DAILY") is None
    schedule = Schedule(dtstart=date(2026, 1, 5), start=time(9), end=time(10), rrule="FREQ=DAILY")
    assert rec.describe(schedule) == "de 9 h à 10 h, selon un calendrier particulier"


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (tuesday_2pm("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), "le mardi de 14 h à 17 h, toutes les deux semaines"),
        (tuesday_2pm(), "le mardi de 14 h à 17 h, chaque semaine"),
        (
            Schedule(
                date(2026, 1, 5), time(9, 30), time(12), "FREQ=MONTHLY;BYDAY=1MO", until=date(2026, 6, 30)
            ),
            "le premier lundi du mois, de 9 h 30 à 12 h, jusqu'au 30 juin 2026",
        ),
        (Schedule(date(2026, 3, 1), time(10), time(11), ""), "le dimanche 1er mars 2026, de 10 h à 11 h"),
        (tuesday_2pm(count=5), "le mardi de 14 h à 17 h, chaque semaine, 5 fois"),
    ],
)
def test_describe_in_plain_french(schedule, text):
    assert rec.describe(schedule) == text


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=HOURLY",
        "FREQ=WEEKLY;COUNT=3",
        "FREQ=WEEKLY;UNTIL=20260101T000000Z",
        "BYDAY=TU",
        "FREQ",
        "FREQ=WEEKLY;BYDAY=XX",
    ],
)
def test_bad_rules_are_refused_in_french(text):
    with pytest.raises(rec.RecurrenceError) as excinfo:
        rec.normalize_rrule(text)
    assert str(excinfo.value)[0].isupper()


def test_build_rrule_refuses_unknown_frequency_and_weekday():
    with pytest.raises(rec.RecurrenceError):
        rec.build_rrule("daily", 1)
    with pytest.raises(rec.RecurrenceError):
        rec.build_rrule("weekly", 7)


@pytest.mark.parametrize(
    ("skip", "expected"),
    [
        # Monday April 6, 2026 is Easter Monday; May 25 is Whit Monday.
        (True, [date(2026, 3, 30), date(2026, 4, 13)]),
        (False, [date(2026, 3, 30), date(2026, 4, 6), date(2026, 4, 13)]),
    ],
)
def test_public_holidays_skipped_unless_kept(skip, expected):
    schedule = Schedule(
        date(2026, 3, 2), time(9), time(12), "FREQ=WEEKLY;BYDAY=MO", skip_public_holidays=skip
    )
    assert days(rec.occurrences(schedule, paris(2026, 3, 30), paris(2026, 4, 14))) == expected


def test_skipped_occurrences_can_be_listed_with_their_reason():
    schedule = Schedule(
        date(2026, 3, 2), time(9), time(12), "FREQ=WEEKLY;BYDAY=MO", cancelled=frozenset({date(2026, 3, 30)})
    )
    found = rec.occurrences(schedule, paris(2026, 3, 30), paris(2026, 4, 14), include_skipped=True)
    assert [(o.day, o.status) for o in found] == [
        (date(2026, 3, 30), "cancelled"),
        (date(2026, 4, 6), "holiday"),
        (date(2026, 4, 13), "scheduled"),
    ]
    assert found[1].note == "Lundi de Pâques"
    assert [o.is_held for o in found] == [False, False, True]


def test_cancelled_and_moved_exceptions():
    schedule = tuesday_2pm(
        cancelled=frozenset({date(2026, 1, 13)}),
        moved={date(2026, 1, 20): Move(date(2026, 1, 22), time(10), time(12))},
    )
    found = rec.occurrences(schedule, paris(2026, 1, 1), paris(2026, 1, 31))
    assert [(o.starts_at, o.status) for o in found] == [
        (paris(2026, 1, 6, 14), "scheduled"),
        (paris(2026, 1, 22, 10), "moved"),
        (paris(2026, 1, 27, 14), "scheduled"),
    ]
    assert found[1].original_day == date(2026, 1, 20)


def test_a_move_of_a_day_without_occurrence_is_ignored():
    schedule = tuesday_2pm(moved={date(2026, 1, 21): Move(date(2026, 1, 22), time(10), time(12))})
    assert date(2026, 1, 22) not in days(rec.occurrences(schedule, paris(2026, 1, 1), paris(2026, 1, 31)))


def test_until_is_inclusive_and_count_limits():
    until = tuesday_2pm(until=date(2026, 1, 20))
    assert days(rec.occurrences(until, paris(2026, 1, 1), paris(2026, 3, 1))) == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 20),
    ]
    count = tuesday_2pm(count=2)
    assert len(rec.occurrences(count, paris(2026, 1, 1), paris(2026, 3, 1))) == 2


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 24), 13),  # before the last Sunday of March (March 29): UTC+1
        (date(2026, 3, 31), 12),  # after: UTC+2
        (date(2026, 4, 7), 12),
        (date(2026, 10, 20), 12),  # before the last Sunday of October (October 25): UTC+2
        (date(2026, 10, 27), 13),  # after: UTC+1
        (date(2026, 11, 3), 13),
    ],
)
def test_weekly_2pm_stays_at_2pm_local_across_dst(day, utc_hour):
    schedule = tuesday_2pm()
    found = rec.occurrences(
        schedule, datetime.combine(day, time(0), PARIS), datetime.combine(day, time(23), PARIS)
    )
    assert len(found) == 1
    assert found[0].starts_at.astimezone(PARIS).time() == time(14)
    assert found[0].starts_at.astimezone(UTC).hour == utc_hour
    assert found[0].ends_at - found[0].starts_at == timedelta(hours=3)


def test_window_keeps_an_occurrence_already_running():
    schedule = tuesday_2pm()
    found = rec.occurrences(schedule, paris(2026, 1, 6, 16), paris(2026, 1, 6, 18))
    assert days(found) == [date(2026, 1, 6)]
    assert rec.occurrences(schedule, paris(2026, 1, 6, 17), paris(2026, 1, 6, 18)) == []


def test_naive_bounds_are_refused():
    with pytest.raises(ValueError, match="aware"):
        rec.occurrences(tuesday_2pm(), datetime(2026, 1, 1), paris(2026, 2, 1))


def test_split_slots_of_20_minutes():
    occurrence = rec.occurrences(tuesday_2pm(), paris(2026, 1, 6), paris(2026, 1, 7))[0]
    slots = rec.split_slots(occurrence, 20)
    assert len(slots) == 9
    assert slots[0] == rec.Slot(paris(2026, 1, 6, 14), paris(2026, 1, 6, 14, 20))
    assert slots[-1].ends_at == paris(2026, 1, 6, 17)
    assert len(rec.split_slots(occurrence, 40)) == 4  # 16:40–17:00 does not fit a 40-min slot
    with pytest.raises(rec.RecurrenceError):
        rec.split_slots(occurrence, 0)


def test_slots_across_dst_keep_wall_clock():
    occurrence = rec.occurrences(tuesday_2pm(), paris(2026, 3, 31), paris(2026, 4, 1))[0]
    assert rec.split_slots(occurrence, 60)[1].starts_at.astimezone(PARIS).time() == time(15)


def test_open_at():
    schedules = [
        ("juridique", tuesday_2pm()),
        ("francais", Schedule(date(2026, 1, 7), time(14), time(16), "FREQ=WEEKLY;BYDAY=WE")),
    ]
    running = rec.open_at(schedules, paris(2026, 1, 13, 15, 30))
    assert [(key, occ.ends_at) for key, occ in running] == [("juridique", paris(2026, 1, 13, 17))]
    assert rec.open_at(schedules, paris(2026, 1, 13, 17)) == []
    assert rec.open_at(schedules, paris(2026, 1, 13, 13, 59)) == []


def test_occurrence_at_only_matches_a_held_start():
    schedule = tuesday_2pm(cancelled=frozenset({date(2026, 1, 13)}))
    assert rec.occurrence_at(schedule, paris(2026, 1, 6, 14)) is not None
    assert rec.occurrence_at(schedule, paris(2026, 1, 6, 15)) is None
    assert rec.occurrence_at(schedule, paris(2026, 1, 13, 14)) is None


def test_next_occurrences():
    found = rec.next_occurrences(tuesday_2pm(), paris(2026, 1, 7), limit=3)
    assert days(found) == [date(2026, 1, 13), date(2026, 1, 20), date(2026, 1, 27)]


def test_excluded_starts_for_feeds():
    schedule = Schedule(
        date(2026, 3, 2),
        time(9),
        time(12),
        "FREQ=WEEKLY;BYDAY=MO",
        cancelled=frozenset({date(2026, 3, 9)}),
        moved={date(2026, 3, 16): Move(date(2026, 3, 17), time(9), time(12))},
    )
    excluded = rec.excluded_starts(schedule, horizon=date(2026, 6, 1))
    assert excluded == [
        (datetime(2026, 3, 9, 9), "cancelled"),
        (datetime(2026, 3, 16, 9), "moved"),
        (datetime(2026, 4, 6, 9), "holiday"),
        (datetime(2026, 5, 25, 9), "holiday"),
    ]
    kept = Schedule(date(2026, 3, 2), time(9), time(12), "FREQ=WEEKLY;BYDAY=MO", skip_public_holidays=False)
    assert rec.excluded_starts(kept, horizon=date(2026, 6, 1)) == []
    assert (
        rec.excluded_starts(Schedule(date(2026, 3, 2), time(9), time(12), ""), horizon=date(2027, 1, 1)) == []
    )


def test_until_utc_and_first_start():
    schedule = tuesday_2pm(until=date(2026, 7, 1))
    assert rec.until_utc(schedule) == datetime(2026, 7, 1, 21, 59, 59, tzinfo=UTC)
    assert rec.until_utc(tuesday_2pm()) is None
    monday = Schedule(date(2026, 1, 5), time(14), time(17), "FREQ=WEEKLY;BYDAY=TU")
    assert rec.first_start(monday) == date(2026, 1, 6)


@pytest.mark.parametrize(
    ("start", "end", "until", "count"),
    [
        (time(17), time(14), None, None),
        (time(14), time(17), date(2025, 1, 1), None),
        (time(14), time(17), None, 0),
    ],
)
def test_check_refuses_bad_schedules(start, end, until, count):
    with pytest.raises(rec.RecurrenceError):
        rec.check(Schedule(date(2026, 1, 6), start, end, "FREQ=WEEKLY;BYDAY=TU", until=until, count=count))


@pytest.mark.parametrize(
    ("value", "text"),
    [(time(14), "14 h"), (time(9, 5), "9 h 05"), (date(2026, 3, 3), "mardi 3 mars 2026")],
)
def test_french_formats(value, text):
    formatted = rec.format_time(value) if isinstance(value, time) else rec.format_day(value)
    assert formatted == text
