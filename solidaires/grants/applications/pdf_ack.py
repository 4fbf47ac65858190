"""The acknowledgement of receipt of a submitted file (accusé de réception), as a PDF."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from solidaires.core.pdf import PdfDocument
from solidaires.grants.applications.budget import euros
from solidaires.grants.applications.models import Application


def acknowledgement_pdf(application: Application) -> bytes:
    submitted = timezone.localtime(application.submitted_at or timezone.now())
    doc = PdfDocument(
        title=f"Accusé de réception du dossier {application.number}",
        subject=f"Dossier {application.number} — {application.title}",
    )
    doc.heading("Accusé de réception")
    doc.paragraph(
        f"Votre dossier a bien été déposé le {date_format(submitted, 'l j F Y')} "
        f"à {submitted:%H} h {submitted:%M}. Gardez son numéro : il sert à le suivre."
    )
    rows: list[tuple[str, object]] = [
        ("Numéro du dossier", application.number or ""),
        ("Projet", application.title),
        ("Porteur du projet", application.applicant.name),
        ("Dispositif", application.scheme.name),
    ]
    if application.call is not None:
        rows.append(("Appel à projets", application.call.name))
    if not application.scheme.is_in_kind:
        rows.append(("Montant demandé", euros(application.amount_requested_cents)))
    if application.created_by_agent_id:
        rows.append(("Dossier préparé avec", f"{application.created_by_agent} (agent·e de l'Agglo)"))
    doc.key_values(rows)
    doc.spacer()
    doc.paragraph(
        "Un agent de l'Agglo va examiner votre dossier. S'il manque une pièce, il vous la "
        "demandera sur la page du dossier, où vous pouvez aussi lui écrire."
    )
    doc.paragraph("Cet accusé de réception ne vaut pas décision d'attribution de la subvention.", muted=True)
    doc.signature(f"Fait le {date_format(submitted, 'j F Y')}")
    return doc.render()
