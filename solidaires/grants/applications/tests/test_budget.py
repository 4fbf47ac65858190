"""The pure budget rules (no database)."""

from __future__ import annotations

import pytest

from solidaires.grants.applications.budget import (
    EXPENSE,
    INCOME,
    Line,
    Rules,
    check,
    euros,
    parse_euros,
    totals,
)

IC = Rules(ceiling_cents=500_000, max_share_percent=80)


def budget(expenses: int, requested: int, other_income: int) -> list[Line]:
    lines = [Line(EXPENSE, "Matériel", expenses), Line(INCOME, "Subvention", requested, True)]
    if other_income:
        lines.append(Line(INCOME, "Fonds propres", other_income))
    return lines


def test_balanced_budget_within_rules_has_no_error():
    assert check(budget(500_000, 400_000, 100_000), IC) == []


def test_unbalanced_budget_names_both_totals():
    lines = [
        Line(EXPENSE, "Location", 620_000),
        Line(INCOME, "Subvention", 400_000, True),
        Line(INCOME, "Mécénat", 190_000),
    ]
    errors = check(lines, IC)
    assert any(
        "Le total des dépenses (6\u202f200\u00a0€) ne correspond pas au total des recettes (5\u202f900\u00a0€)"
        in e
        for e in errors
    ), errors


def test_over_ceiling():
    errors = check(budget(800_000, 600_000, 200_000), Rules(ceiling_cents=500_000))
    assert errors == [
        "Le montant demandé (6\u202f000\u00a0€) dépasse le plafond du dispositif (5\u202f000\u00a0€)."
    ]


def test_over_share_names_the_limit():
    errors = check(budget(300_000, 270_000, 30_000), IC)
    assert len(errors) == 1
    assert "90" not in errors[0]
    assert "80 %" in errors[0] and "2\u202f400\u00a0€" in errors[0]


def test_exactly_80_percent_is_fine():
    assert check(budget(300_000, 240_000, 60_000), IC) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([Line(INCOME, "Subvention", 100, True)], "Ajoutez au moins une ligne de dépense."),
        ([Line(EXPENSE, "Matériel", 100), Line(INCOME, "Autre", 100)], "Indiquez dans les recettes"),
        (
            [Line(EXPENSE, "M", 200), Line(INCOME, "S", 100, True), Line(INCOME, "T", 100, True)],
            "Une seule ligne",
        ),
        ([Line(EXPENSE, "", 100), Line(INCOME, "S", 100, True)], "libellé"),
        ([Line(EXPENSE, "M", 0), Line(INCOME, "S", 0, True)], "supérieur à 0"),
    ],
)
def test_structural_errors(lines, expected):
    assert any(expected in e for e in check(lines, Rules())), check(lines, Rules())


def test_totals():
    t = totals(budget(500_000, 400_000, 100_000))
    assert (t.expenses_cents, t.income_cents, t.requested_cents) == (500_000, 500_000, 400_000)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1250", 125_000),
        ("1 250", 125_000),
        ("1\u202f250,50", 125_050),
        ("1250.5", 125_050),
        ("12,05 €", 1_205),
        ("", None),
        ("abc", None),
        ("1,2,3", None),
        ("12,345", None),
        ("-5", None),
    ],
)
def test_parse_euros(text, cents):
    assert parse_euros(text) == cents


def test_euros_format():
    assert euros(620_000) == "6\u202f200\u00a0€"
    assert euros(125_050) == "1\u202f250,50\u00a0€"
    assert euros(0) == "0\u00a0€"
