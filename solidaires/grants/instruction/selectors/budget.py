"""Reads of the budget dashboard: amounts by scheme, commune and theme."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from solidaires.grants.applications.models import Scheme, SchemeYear
from solidaires.grants.instruction.models import Decision, DecisionOutcome, Payment, PaymentState

GRANTED_OUTCOMES = (DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL)


def budget_years(today: dt.date | None = None) -> list[int]:
    year = (today or timezone.localdate()).year
    return [year - 3, year - 2, year - 1, year]


def budget_by_scheme(years: list[int]) -> list[dict[str, Any]]:
    """Per scheme and year: envelope, committed, paid, remaining (4 grouped queries in all)."""
    envelopes = {
        (s, y): e
        for s, y, e in SchemeYear.objects.filter(year__in=years).values_list(
            "scheme_id", "year", "envelope_cents"
        )
    }
    committed = {
        (r["application__scheme_id"], r["year"]): r["t"]
        for r in Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__scheme_id", "year")
        .annotate(t=Sum("amount_cents"))
    }
    paid = {
        (r["application__scheme_id"], r["year"]): r["t"]
        for r in Payment.objects.filter(year__in=years, state=PaymentState.PAID)
        .values("application__scheme_id", "year")
        .annotate(t=Sum("amount_cents"))
    }
    rows = []
    for scheme in Scheme.objects.order_by("position", "name"):
        cells = []
        for year in years:
            envelope = envelopes.get((scheme.pk, year))
            c = int(committed.get((scheme.pk, year)) or 0)
            p = int(paid.get((scheme.pk, year)) or 0)
            cells.append(
                {
                    "year": year,
                    "envelope": envelope,
                    "committed": c,
                    "paid": p,
                    "remaining": (int(envelope) - c) if envelope is not None else None,
                }
            )
        rows.append({"scheme": scheme, "years": cells})
    return rows


def budget_by_commune(years: list[int]) -> list[dict[str, Any]]:
    """Committed per commune of the applicant (one commune per file) and year."""
    data: dict[str, dict[int, int]] = defaultdict(dict)
    for r in (
        Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__applicant__commune__name", "year")
        .annotate(t=Sum("amount_cents"))
    ):
        name = r["application__applicant__commune__name"] or "Commune non renseignée"
        data[name][r["year"]] = int(r["t"] or 0)
    return [
        {"name": name, "years": [values.get(y, 0) for y in years], "total": sum(values.values())}
        for name, values in sorted(data.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]


def budget_by_theme(years: list[int]) -> list[dict[str, Any]]:
    """Committed per theme and year (a file with several themes counts in each)."""
    data: dict[str, dict[int, int]] = defaultdict(dict)
    for r in (
        Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__themes__label", "year")
        .annotate(t=Sum("amount_cents"))
    ):
        name = r["application__themes__label"] or "Sans thème"
        data[name][r["year"]] = int(r["t"] or 0)
    return [
        {"name": name, "years": [values.get(y, 0) for y in years], "total": sum(values.values())}
        for name, values in sorted(data.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]
