from solidaires.core.pdf import PdfDocument, pdf_filename


def test_document_renders_unicode_text_tables_and_metadata():
    doc = PdfDocument(title="Attestation de bénévolat", subject="Heures validées")
    doc.heading("Attestation de bénévolat")
    doc.paragraph("Montant : 1 250,00 € « validé » – merci")
    doc.key_values([("Dossier", "IC-2026-0042")])
    doc.table(["Association", "Heures"], [["La Bicyclette Bleue", "3 h"]], widths=[3, 1], align_right=[1])
    doc.signature("Fait à Valence")
    data = doc.render()
    assert data.startswith(b"%PDF-")
    assert b"/Lang (fr-FR)" in data or b"/Lang" in data
    assert len(data) > 1000


def test_filename_is_ascii_and_dated():
    name = pdf_filename("Attestation de bénévolat")
    assert name.startswith("attestation-de-benevolat-") and name.endswith(".pdf")
