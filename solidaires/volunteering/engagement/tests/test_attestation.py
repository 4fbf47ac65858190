"""The attestation's content (what is written in the PDF) and its rendering."""

from __future__ import annotations

from datetime import date

from solidaires.volunteering.engagement.attestation import (
    AttestationData,
    attestation_content,
    french_date,
    render_attestation,
)


class Recorder:
    """Stands for PdfDocument: keeps every text written."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tables: list[list[list[str]]] = []

    def heading(self, text, *, level=1):
        self.texts.append(text)

    def paragraph(self, text, *, bold=False, muted=False):
        self.texts.append(text)

    def key_values(self, rows):
        self.texts.extend(f"{k} : {v}" for k, v in rows)

    def table(self, headings, rows, *, widths=None, align_right=()):
        self.tables.append([list(map(str, headings)), *[list(map(str, r)) for r in rows]])

    def signature(self, text):
        self.texts.append(text)


def data(**overrides):
    values = {
        "volunteer_name": "Camille",
        "association_name": "La Bicyclette Bleue",
        "association_identifier": "RNA W261000123",
        "association_commune": "Romans-sur-Isère",
        "start": date(2026, 1, 1),
        "end": date(2026, 11, 25),
        "rows": [("Atelier réparation", 180, 1), ("Bourse aux vélos", 90, 2)],
        "issued_on": date(2026, 11, 25),
        "reference": "ABC123",
    }
    values.update(overrides)
    return AttestationData(**values)


def test_content_names_the_person_the_association_the_period_and_the_hours():
    doc = Recorder()
    attestation_content(doc, data())
    text = "\n".join(doc.texts)
    assert doc.texts[0] == "Attestation de bénévolat"
    assert "Camille" in text
    assert "La Bicyclette Bleue (RNA W261000123), Romans-sur-Isère" in text
    assert "du 1er janvier 2026 au 25 novembre 2026" in text
    assert "Total des heures validées : 4 h 30." in text
    assert doc.tables == [
        [
            ["Mission", "Jours", "Heures validées"],
            ["Atelier réparation", "1", "3 h"],
            ["Bourse aux vélos", "2", "1 h 30"],
            ["Total", "", "4 h 30"],
        ]
    ]
    assert "Référence : ABC123" in text


def test_content_without_hours_says_so():
    doc = Recorder()
    attestation_content(doc, data(rows=[]))
    assert "Aucune heure validée sur cette période." in doc.texts
    assert doc.tables == []


def test_french_date():
    assert french_date(date(2026, 3, 1)) == "1er mars 2026"
    assert french_date(date(2026, 8, 15)) == "15 août 2026"


def test_render_gives_a_pdf(settings):
    pdf = render_attestation(data())
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000
