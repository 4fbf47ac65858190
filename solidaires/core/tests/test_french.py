from datetime import date, datetime, time

import pytest

from solidaires.core.french import MONTHS, WEEKDAYS, day_number, hour


@pytest.mark.parametrize(
    ("value", "expected"),
    [(time(14, 0), "14 h"), (time(9, 30), "9 h 30"), (datetime(2026, 3, 3, 8, 5), "8 h 05")],
)
def test_hour(value, expected):
    assert hour(value) == expected


def test_names_and_first_day():
    assert WEEKDAYS[date(2026, 3, 3).weekday()] == "mardi"
    assert MONTHS[7] == "août"
    assert day_number(date(2026, 3, 1)) == "1er"
    assert day_number(date(2026, 3, 3)) == "3"
