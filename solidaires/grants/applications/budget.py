"""Budget checks of a grant application. PURE: no Django import, plain data in, French errors out.

A budget is a list of lines (expense or income, amount in integer cents); exactly one income
line is "the grant asked of the Agglo". The rules (issue 5):

- the budget balances: total expenses == total income;
- the requested amount is at most the scheme's ceiling;
- the requested amount is at most ``max_share_percent`` % of the total expenses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXPENSE = "expense"
INCOME = "income"


@dataclass(frozen=True)
class Line:
    kind: str  # EXPENSE | INCOME
    label: str
    amount_cents: int
    is_requested_grant: bool = False


@dataclass(frozen=True)
class Rules:
    ceiling_cents: int | None = None
    max_share_percent: int | None = None


@dataclass(frozen=True)
class Totals:
    expenses_cents: int
    income_cents: int
    requested_cents: int


def euros(cents: int) -> str:
    """French amount: ``6 200 €``, ``1 250,50 €`` (narrow no-break space between thousands)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}".replace(",", "\u202f")
    if rest:
        return f"{sign}{grouped},{rest:02d}\u00a0€"
    return f"{sign}{grouped}\u00a0€"


def parse_euros(text: str) -> int | None:
    """``"1 250,50"`` / ``"1250.5"`` / ``"1 250 €"`` → 125050 cents; None when not an amount."""
    cleaned = (
        text.strip()
        .replace("€", "")
        .replace("\u202f", "")
        .replace("\u00a0", "")
        .replace(" ", "")
        .replace(",", ".")
    )
    if not cleaned:
        return None
    if cleaned.count(".") > 1:
        return None
    whole, _dot, frac = cleaned.partition(".")
    if not whole.isdigit() and whole != "":
        return None
    if frac and (not frac.isdigit() or len(frac) > 2):
        return None
    if not whole and not frac:
        return None
    return int(whole or "0") * 100 + int((frac + "00")[:2])


def totals(lines: Iterable[Line]) -> Totals:
    expenses = income = requested = 0
    for line in lines:
        if line.kind == EXPENSE:
            expenses += line.amount_cents
        elif line.kind == INCOME:
            income += line.amount_cents
            if line.is_requested_grant:
                requested += line.amount_cents
    return Totals(expenses_cents=expenses, income_cents=income, requested_cents=requested)


def check(lines: Iterable[Line], rules: Rules) -> list[str]:
    """Every rule the budget breaks, as French sentences naming the numbers (empty: all good)."""
    lines = list(lines)
    errors: list[str] = []
    expenses = [line for line in lines if line.kind == EXPENSE]
    requested_lines = [line for line in lines if line.kind == INCOME and line.is_requested_grant]
    if not expenses:
        errors.append("Ajoutez au moins une ligne de dépense.")
    if any(line.amount_cents <= 0 for line in lines):
        errors.append("Chaque ligne doit avoir un montant supérieur à 0 €.")
    if any(not line.label.strip() for line in lines):
        errors.append("Chaque ligne doit avoir un libellé.")
    if not requested_lines:
        errors.append("Indiquez dans les recettes la subvention demandée à l'Agglo.")
    elif len(requested_lines) > 1:
        errors.append("Une seule ligne de recette peut être la subvention demandée à l'Agglo.")
    t = totals(lines)
    if expenses and t.expenses_cents != t.income_cents:
        errors.append(
            f"Le total des dépenses ({euros(t.expenses_cents)}) ne correspond pas au total "
            f"des recettes ({euros(t.income_cents)}) : le budget doit être équilibré."
        )
    if requested_lines and rules.ceiling_cents is not None and t.requested_cents > rules.ceiling_cents:
        errors.append(
            f"Le montant demandé ({euros(t.requested_cents)}) dépasse le plafond "
            f"du dispositif ({euros(rules.ceiling_cents)})."
        )
    if requested_lines and rules.max_share_percent is not None and t.expenses_cents > 0:
        limit = t.expenses_cents * rules.max_share_percent // 100
        if t.requested_cents > limit:
            errors.append(
                f"Le montant demandé ({euros(t.requested_cents)}) dépasse {rules.max_share_percent} % "
                f"du total des dépenses ({euros(t.expenses_cents)}), soit {euros(limit)} au plus."
            )
    return errors
