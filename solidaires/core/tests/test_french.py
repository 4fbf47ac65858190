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


@pytest.mark.parametrize(
    ("number", "days_text", "since_text"),
    [
        (0, "0 jour", "depuis aujourd'hui"),
        (1, "1 jour", "depuis hier"),
        (2, "2 jours", "depuis 2 jours"),
        (12, "12 jours", "depuis 12 jours"),
    ],
)
def test_day_counts_in_french(number, days_text, since_text):
    """Issue 11: "depuis 0 jours", "1 jours" never again (0 and 1 are singular in French)."""
    from solidaires.core.french import count, days, since_days

    assert days(number) == days_text
    assert since_days(number) == since_text
    assert count(number, "créneau", "créneaux").endswith("créneau" if number < 2 else "créneaux")


def test_day_filters_in_templates():
    from django.template import Context, Template

    html = Template(
        "{% load solidaires_ui %}{{ a|since_days }} · {{ b|since_days }} · {{ c|day_count }}"
    ).render(Context({"a": 0, "b": 1, "c": 1}))
    assert html == "depuis aujourd&#x27;hui · depuis hier · 1 jour"
