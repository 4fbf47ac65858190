"""Payment schedule of a granted amount (pure: no Django import).

A scheme describes its schedule as instalments, e.g. ``[("Acompte 80 %", 80, "decision"),
("Solde 20 %", 20, "final_report")]``. Amounts are integer cents: every instalment but the
last is rounded down, the last one takes the remainder, so the parts always add up to the
granted amount (docs/decisions/1022-payment-schedule.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

AT_DECISION = "decision"
AFTER_FINAL_REPORT = "final_report"
TRIGGERS = (AT_DECISION, AFTER_FINAL_REPORT)


@dataclass(frozen=True)
class Instalment:
    label: str
    percent: int
    trigger: str = AT_DECISION


@dataclass(frozen=True)
class PlannedPayment:
    label: str
    amount_cents: int
    trigger: str


DEFAULT_SCHEDULE: tuple[Instalment, ...] = (
    Instalment("Acompte 80 %", 80, AT_DECISION),
    Instalment("Solde 20 %", 20, AFTER_FINAL_REPORT),
)


def parse_schedule(raw: object) -> tuple[Instalment, ...]:
    """Read a schedule stored as JSON (list of {label, percent, trigger}); default when empty/invalid."""
    if not isinstance(raw, list) or not raw:
        return DEFAULT_SCHEDULE
    result: list[Instalment] = []
    for item in raw:
        if not isinstance(item, dict):
            return DEFAULT_SCHEDULE
        try:
            percent = int(item.get("percent", 0))
        except (TypeError, ValueError):
            return DEFAULT_SCHEDULE
        trigger = str(item.get("trigger", AT_DECISION))
        if trigger not in TRIGGERS:
            return DEFAULT_SCHEDULE
        result.append(Instalment(str(item.get("label", "")) or f"Versement {percent} %", percent, trigger))
    try:
        validate(result)
    except ValueError:
        return DEFAULT_SCHEDULE
    return tuple(result)


def validate(instalments: Sequence[Instalment]) -> None:
    if not instalments:
        raise ValueError("A schedule has at least one instalment.")
    if any(i.percent <= 0 for i in instalments):
        raise ValueError("Every instalment is a positive percentage.")
    if sum(i.percent for i in instalments) != 100:
        raise ValueError("The instalments add up to 100 %.")


def split(total_cents: int, instalments: Sequence[Instalment] = DEFAULT_SCHEDULE) -> list[PlannedPayment]:
    """Split ``total_cents`` along the instalments; the last one takes the remainder."""
    if total_cents < 0:
        raise ValueError("The granted amount cannot be negative.")
    validate(instalments)
    payments: list[PlannedPayment] = []
    given = 0
    for index, instalment in enumerate(instalments):
        if index == len(instalments) - 1:
            amount = total_cents - given
        else:
            amount = total_cents * instalment.percent // 100
        given += amount
        payments.append(PlannedPayment(instalment.label, amount, instalment.trigger))
    return payments
