"""Pure tests of the payment schedule: integer cents, the remainder on the last payment."""

from __future__ import annotations

import pytest

from solidaires.grants.instruction.payment_schedule import (
    AFTER_FINAL_REPORT,
    AT_DECISION,
    DEFAULT_SCHEDULE,
    Instalment,
    parse_schedule,
    split,
)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (350_000, [280_000, 70_000]),
        (1, [0, 1]),
        (0, [0, 0]),
        (333_333, [266_666, 66_667]),
        (499_999, [399_999, 100_000]),
    ],
)
def test_default_split_adds_up(total, expected):
    payments = split(total)
    assert [p.amount_cents for p in payments] == expected
    assert sum(p.amount_cents for p in payments) == total
    assert [p.trigger for p in payments] == [AT_DECISION, AFTER_FINAL_REPORT]
    assert payments[0].label == "Acompte 80 %"


def test_three_thirds_remainder_on_last():
    thirds = [Instalment("Un", 33), Instalment("Deux", 33), Instalment("Trois", 34, AFTER_FINAL_REPORT)]
    assert [p.amount_cents for p in split(100, thirds)] == [33, 33, 34]
    assert [p.amount_cents for p in split(101, thirds)] == [33, 33, 35]


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [Instalment("a", 50)],
        [Instalment("a", 120), Instalment("b", -20)],
        [Instalment("a", 0), Instalment("b", 100)],
    ],
)
def test_invalid_schedules_raise(bad):
    with pytest.raises(ValueError):
        split(100, bad)


def test_negative_total_raises():
    with pytest.raises(ValueError):
        split(-1)


def test_parse_schedule_falls_back_to_default():
    assert parse_schedule(None) == DEFAULT_SCHEDULE
    assert parse_schedule([{"label": "x", "percent": 50}]) == DEFAULT_SCHEDULE
    assert parse_schedule([{"percent": "abc"}]) == DEFAULT_SCHEDULE
    assert parse_schedule([{"percent": 100, "trigger": "lune"}]) == DEFAULT_SCHEDULE
    assert parse_schedule([{"label": "Totalité", "percent": 100}]) == (
        Instalment("Totalité", 100, AT_DECISION),
    )
