from datetime import date

import pytest

from solidaires.core.params import query_date, query_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10", 10),
        ("12,5", 12),
        ("12.9", 12),
        ("-5", 0),
        ("999", 100),
        ("inf", None),
        ("-inf", None),
        ("nan", None),
        ("1e309", None),
        ("9" * 400, None),
        ("", None),
        (None, None),
        ("dix", None),
        ("1\x00", None),
    ],
)
def test_query_int_is_a_number_in_range_or_nothing(raw, expected):
    assert query_int(raw, minimum=0, maximum=100) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-07", date(2026, 12, 7)),
        ("2026-12-07T10:00", date(2026, 12, 7)),
        ("9999-12-31", None),
        ("0001-01-01", None),
        ("2026-02-30", None),
        ("07/12/2026", None),
        ("", None),
        (None, None),
    ],
)
def test_query_date_is_a_plausible_date_or_nothing(raw, expected):
    assert query_date(raw) == expected
