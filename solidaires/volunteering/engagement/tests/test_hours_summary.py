"""Pure computations of hours, yearly summaries, response times and age requirements."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from solidaires.volunteering.engagement.hours_summary import (
    AGE_CONFIRM,
    AGE_CONSENT,
    AGE_OK,
    AGE_TOO_YOUNG,
    HoursRow,
    age_requirement,
    cec_deadlines,
    format_minutes,
    median_response_days,
    per_association,
    period_bounds,
    response_time_label,
    unanswered_stage,
    validate_hours,
    yearly_summary,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("minutes", "label"),
    [(0, "0 min"), (45, "45 min"), (60, "1 h"), (180, "3 h"), (210, "3 h 30"), (605, "10 h 05")],
)
def test_format_minutes(minutes, label):
    assert format_minutes(minutes) == label


def test_valid_hours_have_no_error():
    assert validate_hours(day=TODAY, minutes=180, today=TODAY, earliest=date(2026, 11, 1)) == {}


@pytest.mark.parametrize(
    ("day", "minutes", "earliest", "already", "field", "words"),
    [
        (TODAY + timedelta(days=1), 60, None, 0, "day", "à venir"),
        (date(2026, 10, 30), 60, date(2026, 10, 31), 0, "day", "01/11/2026"),
        (TODAY, 0, None, 0, "minutes", "au moins une minute"),
        (TODAY, 24 * 60 + 1, None, 0, "minutes", "24 heures"),
        (TODAY, 120, None, 23 * 60, "minutes", "il reste au plus 1 h"),
        (TODAY, 10, None, 24 * 60, "minutes", "déjà déclaré 24 heures"),
    ],
)
def test_invalid_hours(day, minutes, earliest, already, field, words):
    errors = validate_hours(
        day=day, minutes=minutes, today=TODAY, earliest=earliest, already_logged_that_day=already
    )
    assert field in errors
    assert words in errors[field]


def test_the_day_before_the_start_is_accepted():
    assert validate_hours(day=date(2026, 10, 31), minutes=60, today=TODAY, earliest=date(2026, 10, 31)) == {}


def row(
    volunteer=1,
    name="Camille",
    association=1,
    aname="Bicyclette",
    title="Atelier",
    day=TODAY,
    minutes=60,
    validated=True,
):
    return HoursRow(volunteer, name, association, aname, title, day, minutes, validated)


def test_per_association_splits_validated_and_pending_and_ignores_other_years():
    rows = [
        row(minutes=120),
        row(minutes=30, validated=False),
        row(association=2, aname="Jardins", minutes=600),
        row(minutes=999, day=date(2025, 12, 31)),
    ]
    result = per_association(rows, year=2026)
    assert [(a.association_name, a.validated_minutes, a.pending_minutes) for a in result] == [
        ("Jardins", 600, 0),
        ("Bicyclette", 120, 30),
    ]
    assert result[1].validated_label == "2 h"


def test_yearly_summary_counts_validated_hours_days_and_the_100_hour_share():
    rows = [
        row(volunteer=1, name="Camille", minutes=100 * 60, day=date(2026, 3, 1), title="B"),
        row(volunteer=1, name="Camille", minutes=30, day=date(2026, 3, 1), title="A"),
        row(volunteer=2, name="Sami", minutes=99 * 60 + 59, day=date(2026, 4, 1)),
        row(volunteer=2, name="Sami", minutes=600, validated=False),
        row(volunteer=3, name="Lou", minutes=600, day=date(2025, 4, 1)),
    ]
    summary = yearly_summary(rows, year=2026)
    assert [(p.volunteer_name, p.minutes, p.days) for p in summary] == [
        ("Camille", 6030, 1),
        ("Sami", 5999, 1),
    ]
    assert summary[0].reaches_cec_share is True
    assert summary[1].reaches_cec_share is False  # one minute short of 100 hours
    assert summary[0].missions == ["A", "B"]
    assert summary[0].decimal_hours == "100,50"
    assert summary[0].whole_hours == 100
    assert summary[0].reaches_cec_total_here is False


def test_cec_deadlines():
    assert cec_deadlines(2026) == (date(2027, 6, 30), date(2027, 12, 31))


def test_median_response_days_and_label():
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    pairs = [(t0, t0 + timedelta(days=d)) for d in (1, 2, 5)]
    assert median_response_days(pairs) == 2
    assert median_response_days([]) is None
    assert response_time_label(2, sample_size=3) == "Répond en général sous 2 jours"
    assert response_time_label(1.2, sample_size=3) == "Répond en général sous 2 jours"
    assert response_time_label(1, sample_size=3) == "Répond en général sous 1 jour"
    assert response_time_label(0.3, sample_size=3) == "Répond en général en moins d'un jour"
    assert response_time_label(2, sample_size=2) == ""  # too few answers to say
    assert response_time_label(None, sample_size=10) == ""


def test_unanswered_stage():
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert unanswered_stage(now - timedelta(days=4, hours=23), now) == 0
    assert unanswered_stage(now - timedelta(days=5), now) == 1
    assert unanswered_stage(now - timedelta(days=10), now) == 2


def test_period_bounds():
    assert period_bounds(None, None, today=TODAY) == (date(2026, 1, 1), TODAY)
    assert period_bounds(date(2026, 5, 1), date(2026, 3, 1), today=TODAY) == (
        date(2026, 3, 1),
        date(2026, 5, 1),
    )


@pytest.mark.parametrize(
    ("birth_year", "min_age", "consent", "expected"),
    [
        (None, None, False, AGE_OK),
        (2010, None, False, AGE_OK),
        (None, 16, False, AGE_CONFIRM),
        (None, None, True, AGE_OK),
        (2000, 18, False, AGE_OK),
        (2010, 16, False, AGE_OK),  # 16 this year
        (2011, 16, False, AGE_TOO_YOUNG),
        (2010, 18, False, AGE_TOO_YOUNG),
        (2010, 18, True, AGE_CONSENT),  # 16: minors welcome with their parents' agreement
        (2012, 18, True, AGE_TOO_YOUNG),  # 14: under the platform's 15
        (2010, 16, True, AGE_CONSENT),
        (2011, 16, True, AGE_TOO_YOUNG),
        (2010, None, True, AGE_CONSENT),
        (2000, None, True, AGE_OK),
    ],
)
def test_age_requirement(birth_year, min_age, consent, expected):
    assert (
        age_requirement(birth_year=birth_year, this_year=2026, min_age=min_age, consent_below_18=consent)
        == expected
    )
