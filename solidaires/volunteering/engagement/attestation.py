"""The "Attestation de bénévolat" PDF: validated hours per mission for one association and period.

``attestation_content`` turns plain data into the document's blocks (tested on its own);
``render_attestation`` draws them with ``solidaires.core.pdf.PdfDocument``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from solidaires.core.french import MONTHS
from solidaires.volunteering.engagement.hours_summary import format_minutes


def french_date(day: date) -> str:
    """``3 mars 2026`` (``1er`` for the first day of a month)."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class AttestationData:
    volunteer_name: str
    association_name: str
    association_identifier: str  # "RNA W261000123" / "SIRET …" / ""
    association_commune: str
    start: date
    end: date
    rows: Sequence[tuple[str, int, int]]  # (mission title, validated minutes, days)
    issued_on: date
    reference: str  # short id to check the attestation with the association


class Document(Protocol):
    def heading(self, text: str, *, level: int = 1) -> None: ...
    def paragraph(self, text: str, *, bold: bool = False, muted: bool = False) -> None: ...
    def key_values(self, rows: Sequence[tuple[str, object]]) -> None: ...
    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[int] | None = None,
        align_right: Sequence[int] = (),
    ) -> None: ...
    def signature(self, text: str) -> None: ...


def total_minutes(data: AttestationData) -> int:
    return sum(minutes for _, minutes, _ in data.rows)


def attestation_content(doc: Document, data: AttestationData) -> None:
    """Write the attestation into ``doc`` (a PdfDocument, or a recorder in tests)."""
    doc.heading("Attestation de bénévolat")
    identity = f"{data.association_name}"
    if data.association_identifier:
        identity += f" ({data.association_identifier})"
    if data.association_commune:
        identity += f", {data.association_commune}"
    doc.paragraph(
        f"L'association {identity} atteste que {data.volunteer_name} a donné de son temps "
        f"bénévolement du {french_date(data.start)} au {french_date(data.end)}, "
        "pour les missions suivantes. Seules les heures validées par l'association sont comptées."
    )
    doc.key_values(
        [
            ("Bénévole", data.volunteer_name),
            ("Association", data.association_name),
            ("Période", f"du {french_date(data.start)} au {french_date(data.end)}"),
        ]
    )
    total = total_minutes(data)
    if data.rows:
        doc.table(
            ["Mission", "Jours", "Heures validées"],
            [[title, str(days), format_minutes(minutes)] for title, minutes, days in data.rows]
            + [["Total", "", format_minutes(total)]],
            widths=[6, 1, 2],
            align_right=(1, 2),
        )
    else:
        doc.paragraph("Aucune heure validée sur cette période.", bold=True)
    doc.paragraph(f"Total des heures validées : {format_minutes(total)}.", bold=True)
    doc.paragraph(
        "Ce document est établi à la demande de la personne, à partir des heures déclarées sur "
        "la plateforme et validées par l'association. Il ne vaut pas déclaration au Compte "
        "d'engagement citoyen : la personne déclare elle-même ses heures sur « Le Compte "
        "Bénévole », et l'association les atteste.",
        muted=True,
    )
    doc.paragraph(f"Référence : {data.reference}", muted=True)
    doc.signature(f"Établie le {french_date(data.issued_on)}")


def render_attestation(data: AttestationData) -> bytes:
    from solidaires.core.pdf import PdfDocument

    doc = PdfDocument(
        title="Attestation de bénévolat",
        subject=f"Attestation de bénévolat — {data.volunteer_name} — {data.association_name}",
    )
    attestation_content(doc, data)
    return doc.render()


def association_identifier(association: Any) -> str:
    if getattr(association, "rna", ""):
        return f"RNA {association.rna}"
    if getattr(association, "siret", ""):
        return f"SIRET {association.siret}"
    return ""
