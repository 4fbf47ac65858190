"""Plain, accessible-enough PDF documents (attestations, acknowledgements, letters) with fpdf2.

One small API for every app so every document looks the same::

    doc = PdfDocument(title="Attestation de bénévolat", subject="…")
    doc.heading("Attestation de bénévolat")
    doc.paragraph("Nous attestons que …")
    doc.table(["Association", "Heures"], [["La Bicyclette Bleue", "3 h"]], widths=[3, 1])
    doc.signature("Fait à Valence, le 3 mars 2026")
    pdf_bytes = doc.render()

Text is Unicode (DejaVu Sans from Debian's fonts-dejavu-core, installed by the Makefile);
when that font is missing the document falls back to a core font and replaces the few
characters Latin-1 lacks (€, typographic quotes, dashes), so a document is always produced.
The PDF carries a title, author, subject and language (``fr-FR``) in its metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from solidaires.core.slugs import french_slugify

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

_LATIN1_FALLBACK = str.maketrans(
    {
        "€": "EUR",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u202f": " ",
        "\u00a0": " ",
        "œ": "oe",
        "Œ": "OE",
    }
)

PRIMARY = (31, 82, 122)  # the identity's deep blue (see solidaires.css)
MUTED = (85, 85, 85)


class PdfDocument:
    """An A4 portrait document with the platform's header and a page-numbered footer."""

    def __init__(self, *, title: str, subject: str = "", author: str = "") -> None:
        self.title = title
        site_name = str(getattr(settings, "SOLIDAIRES_SITE_NAME", "Solidaires"))
        self._pdf = _Pdf(site_name=site_name)
        self._unicode = REGULAR.exists() and BOLD.exists()
        if self._unicode:
            self._pdf.add_font("DejaVu", "", str(REGULAR))
            self._pdf.add_font("DejaVu", "B", str(BOLD))
            self._family = "DejaVu"
        else:  # pragma: no cover - Debian's font is installed by the Makefile
            self._family = "Helvetica"
        self._pdf.family_name = self._family
        self._pdf.set_title(self._text(title))
        self._pdf.set_subject(self._text(subject or title))
        self._pdf.set_author(self._text(author or site_name))
        self._pdf.set_creator(site_name)
        self._pdf.set_lang("fr-FR")
        self._pdf.set_creation_date(timezone.now())
        self._pdf.set_margins(20, 20, 20)
        self._pdf.set_auto_page_break(auto=True, margin=20)
        self._pdf.add_page()
        self._pdf.set_font(self._family, size=11)

    def _text(self, value: object) -> str:
        text = str(value)
        return (
            text
            if self._unicode
            else text.translate(_LATIN1_FALLBACK).encode("latin-1", "replace").decode("latin-1")
        )

    # Building blocks -------------------------------------------------------------------

    def heading(self, text: str, *, level: int = 1) -> None:
        size = {1: 18, 2: 14}.get(level, 12)
        self._pdf.set_font(self._family, "B", size)
        self._pdf.set_text_color(*PRIMARY)
        self._pdf.multi_cell(0, size * 0.55, self._text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._pdf.set_text_color(0, 0, 0)
        self._pdf.ln(3)
        self._pdf.set_font(self._family, size=11)

    def paragraph(self, text: str, *, bold: bool = False, muted: bool = False) -> None:
        self._pdf.set_font(self._family, "B" if bold else "", 11)
        if muted:
            self._pdf.set_text_color(*MUTED)
        self._pdf.multi_cell(0, 6, self._text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._pdf.set_text_color(0, 0, 0)
        self._pdf.set_font(self._family, size=11)
        self._pdf.ln(2)

    def key_values(self, rows: Sequence[tuple[str, object]]) -> None:
        """Label: value lines (a file number, a date, an amount…)."""
        for label, value in rows:
            self._pdf.set_font(self._family, "B", 11)
            self._pdf.write(6, self._text(f"{label} : "))
            self._pdf.set_font(self._family, "", 11)
            self._pdf.write(6, self._text(value))
            self._pdf.ln(6)
        self._pdf.ln(2)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[int] | None = None,
        align_right: Sequence[int] = (),
    ) -> None:
        """A table with a header row; ``align_right`` lists the column indexes of figures."""
        self._pdf.set_font(self._family, size=10)
        with self._pdf.table(
            col_widths=tuple(widths) if widths else None,
            first_row_as_headings=True,
            line_height=6,
            text_align=tuple("RIGHT" if i in align_right else "LEFT" for i in range(len(headings))),
        ) as table:
            header = table.row()
            for heading in headings:
                header.cell(self._text(heading))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self._text(value))
        self._pdf.ln(4)
        self._pdf.set_font(self._family, size=11)

    def spacer(self, height: float = 6) -> None:
        self._pdf.ln(height)

    def signature(self, text: str) -> None:
        self._pdf.ln(8)
        self._pdf.multi_cell(0, 6, self._text(text), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def render(self) -> bytes:
        return bytes(self._pdf.output())


class _Pdf(FPDF):
    def __init__(self, *, site_name: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.site_name = site_name
        self.family_name = "Helvetica"

    def header(self) -> None:
        self.set_font(self.family_name, "B", 10)
        self.set_text_color(*PRIMARY)
        self.cell(0, 8, self.site_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*PRIMARY)
        self.line(20, self.get_y(), 190, self.get_y())
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.family_name, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 8, f"{self.page_no()} / {{nb}}", align="C")


def pdf_filename(stem: str, when: datetime | None = None) -> str:
    """``attestation-benevolat-2026-03-03.pdf``: ASCII, dated, safe in a Content-Disposition."""

    day = timezone.localdate(when) if when else timezone.localdate()
    return f"{french_slugify(stem) or 'document'}-{day.isoformat()}.pdf"
