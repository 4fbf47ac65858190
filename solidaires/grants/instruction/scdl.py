"""SCDL "subventions" 2.1.1 rows (pure: no database; the RNA format is the associations app's).

The column names, their order and formats follow the schema published on schema.data.gouv.fr
(a copy is at /work/shared/data/schemas/scdl-subventions-2.1.1.json, used by the tests).
Beneficiaries without a SIRET nor an RNA number (persons, informal groups) are never exported:
the schema's row rule demands one of them, and a person's name is personal data
(docs/decisions/1023-scdl-open-data.md, docs/open-data.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from solidaires.associations.validators import RNA_RE

COLUMNS: tuple[str, ...] = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
)

NATURE_CASH = "aide en numéraire"
NATURE_IN_KIND = "aide en nature"
OBJET_MAX = 255
SIRET_RE = re.compile(r"^\d{14}$")


@dataclass(frozen=True)
class GrantRecord:
    """One granted subsidy, as plain data."""

    decision_reference: str
    decided_on: date
    beneficiary_name: str
    beneficiary_siret: str
    beneficiary_rna: str
    purpose: str
    amount_cents: int
    payment_dates: Sequence[date]
    scheme_code: str
    in_kind: bool = False


def attribuant_siret(siren: str, explicit: str = "") -> str:
    """The grantor's SIRET: ``explicit`` when given and valid, else SIREN + establishment 0001 + Luhn key.

    The territory data carries the EPCI's SIREN only; its head-office NIC is not published there.
    The operator sets the real SIRET in ``SOLIDAIRES_GRANTS_ATTRIBUANT_SIRET``; without it we build
    ``SIREN + "0001" + k`` where ``k`` makes the 14 digits pass the Luhn check every SIRET passes.
    """
    explicit = re.sub(r"\s", "", explicit or "")
    if explicit:
        if not stdnum_siret.is_valid(explicit):
            raise ValueError(f"Invalid SIRET for the grantor: {explicit!r}")
        return explicit
    siren = re.sub(r"\s", "", siren or "")
    if not re.fullmatch(r"\d{9}", siren):
        raise ValueError(f"Invalid SIREN for the grantor: {siren!r}")
    stem = siren + "0001"
    return stem + luhn.calc_check_digit(stem)


def is_exportable(record: GrantRecord) -> bool:
    """The row rule: a SIRET (14 digits) or an RNA number (W + 9 digits)."""
    return bool(
        SIRET_RE.fullmatch(record.beneficiary_siret or "") or RNA_RE.fullmatch(record.beneficiary_rna or "")
    )


def format_amount(cents: int) -> str:
    """1234567 -> "12345.67" (decimal point, two places, no thousands separator)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def payment_period(dates: Sequence[date], fallback: date) -> str:
    """ "2026-03-01" or "2026-03-01/2027-01-15" (first/last planned payment)."""
    if not dates:
        return fallback.isoformat()
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def row(record: GrantRecord, *, attribuant_name: str, attribuant_id: str) -> dict[str, str]:
    """One SCDL row (every value a string, in COLUMNS order)."""
    siret = record.beneficiary_siret if SIRET_RE.fullmatch(record.beneficiary_siret or "") else ""
    rna = record.beneficiary_rna if RNA_RE.fullmatch(record.beneficiary_rna or "") else ""
    purpose = _clean(record.purpose)
    if len(purpose) > OBJET_MAX:
        purpose = purpose[: OBJET_MAX - 1].rstrip() + "…"
    dates = list(record.payment_dates)
    values = {
        "nomAttribuant": _clean(attribuant_name),
        "idAttribuant": attribuant_id,
        "dateConvention": record.decided_on.isoformat(),
        "referenceDecision": _clean(record.decision_reference),
        "nomBeneficiaire": _clean(record.beneficiary_name),
        "idBeneficiaire": siret,
        "rnaBeneficiaire": rna,
        "objet": purpose,
        "montant": format_amount(record.amount_cents),
        "nature": NATURE_IN_KIND if record.in_kind else NATURE_CASH,
        "conditionsVersement": "échelonné" if len(dates) > 1 else "unique",
        "datesPeriodeVersement": payment_period(dates, record.decided_on),
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": _clean(record.scheme_code),
    }
    return {column: values[column] for column in COLUMNS}


def rows(
    records: Iterable[GrantRecord], *, attribuant_name: str, attribuant_id: str
) -> Iterator[dict[str, str]]:
    """Rows for the exportable records only (the others have neither SIRET nor RNA)."""
    for record in records:
        if is_exportable(record):
            yield row(record, attribuant_name=attribuant_name, attribuant_id=attribuant_id)
