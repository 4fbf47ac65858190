"""Values read from a query string, checked at the boundary (issue 11: never a 500).

A query string is written by anybody: ``rayon=inf``, ``rayon=1e309``, ``au=9999-12-31`` or a
NUL byte must give "no value" (and the page says so), never an overflow deeper down. Every
list reads its numbers and dates through these two functions.
"""

from __future__ import annotations

import math
import re
from datetime import date

# Dates a person may mean on this platform; beyond them, date arithmetic (a day after, the
# week around) overflows Python's date range or means nothing.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def query_int(raw: object, *, minimum: int, maximum: int, default: int | None = None) -> int | None:
    """An integer within [minimum, maximum] (clamped), from "12", "12.5" or "12,5";
    ``default`` for anything else (empty, words, inf, nan, an overflow)."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text or len(text) > 32 or "\x00" in text:
        return default
    try:
        number = float(text)
    except ValueError:
        return default
    if not math.isfinite(number):
        return default
    return max(minimum, min(maximum, int(number)))


def query_date(raw: object, *, earliest: date = EARLIEST, latest: date = LATEST) -> date | None:
    """A date (ISO ``aaaa-mm-jj``, as date inputs send it) between ``earliest`` and
    ``latest``; None for anything else."""
    text = str(raw if raw is not None else "").strip()[:10]
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if earliest <= value <= latest else None


_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


def query_insee(raw: object) -> str:
    """An INSEE commune code ("26362", "2A004") or "" (it goes into queries and cache keys)."""
    text = str(raw if raw is not None else "").strip().upper()
    return text if _INSEE.match(text) else ""
