"""PDF documents of the instruction side: the decision letter and the committee's one-page summary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import formats, timezone

from solidaires.core.pdf import PdfDocument
from solidaires.grants.applications.budget import euros
from solidaires.grants.applications.models import Application
from solidaires.grants.instruction.models import CommitteeSession, Decision, DecisionOutcome, Payment


def _date(value: Any) -> str:
    return str(formats.date_format(value, "j F Y"))


def _attribuant_name() -> str:
    from solidaires.territory.models import Epci

    explicit = str(getattr(settings, "SOLIDAIRES_GRANTS_ATTRIBUANT_NAME", "") or "")
    if explicit:
        return explicit
    epci = Epci.objects.order_by("name").first()
    return epci.name if epci is not None else str(getattr(settings, "SOLIDAIRES_SITE_NAME", "Solidaires"))


def decision_letter(decision: Decision) -> bytes:
    """The notification letter sent to the applicant (tagged PDF: title, language)."""
    application: Application = decision.application
    scheme = application.scheme
    grantor = _attribuant_name()
    doc = PdfDocument(title=f"Décision — dossier {application.number}", subject=f"{scheme.name} : décision")
    doc.paragraph(f"{grantor}", bold=True)
    doc.paragraph(f"À l'attention de : {application.applicant.name}")
    doc.heading(f"Votre demande « {application.title} »")
    doc.key_values(
        [
            ("Dossier", application.number or application.pk),
            ("Dispositif", scheme.name),
            ("Référence de la décision", decision.reference),
            ("Date de la décision", _date(timezone.localtime(decision.decided_at))),
            ("Montant demandé", euros(application.amount_requested_cents)),
        ]
    )
    if decision.outcome == DecisionOutcome.GRANTED_FULL:
        doc.paragraph(
            f"Nous avons le plaisir de vous informer que le comité a accordé à votre projet "
            f"la totalité du montant demandé, soit {euros(decision.amount_cents)}."
        )
    elif decision.outcome == DecisionOutcome.GRANTED_PARTIAL:
        doc.paragraph(
            f"Le comité a accordé à votre projet une aide de {euros(decision.amount_cents)}, "
            f"pour {euros(application.amount_requested_cents)} demandés."
        )
        doc.paragraph(f"Motif : {decision.reason}")
    elif decision.outcome == DecisionOutcome.REFUSED:
        doc.paragraph("Nous avons le regret de vous informer que le comité n'a pas retenu votre projet.")
        doc.paragraph(f"Motif : {decision.reason}")
    else:
        doc.paragraph("Le comité a ajourné l'examen de votre projet à une prochaine séance.")
    if decision.is_grant:
        payments = list(Payment.objects.filter(application=application).order_by("position"))
        if payments:
            doc.heading("Versements prévus", level=2)
            doc.table(
                ["Versement", "Montant", "Quand"],
                [
                    [
                        p.label,
                        euros(p.amount_cents),
                        "à la décision" if p.trigger == "decision" else "après validation du bilan",
                    ]
                    for p in payments
                ],
                widths=[3, 2, 3],
                align_right=[1],
            )
        report = getattr(application, "final_report", None)
        if report is not None:
            doc.paragraph(
                f"Merci de nous envoyer le bilan de votre projet (dépenses réalisées, participants, "
                f"ce que le projet a permis, quelques photos) avant le {_date(report.due_on)}, "
                f"depuis votre espace sur la plateforme."
            )
    doc.paragraph(
        "Pour toute question, écrivez-nous depuis la page de votre dossier : un agent vous répondra.",
        muted=True,
    )
    doc.signature(f"Fait le {_date(timezone.localdate())}, pour {grantor}")
    return doc.render()


def session_summary(session: CommitteeSession, rows: list[dict[str, Any]], envelope: dict[str, Any]) -> bytes:
    """One page for the committee: files, scores, proposed amounts, envelope left."""
    doc = PdfDocument(title=f"Synthèse — {session.name}", subject="Synthèse de la séance du comité")
    doc.heading(session.name)
    doc.key_values(
        [
            ("Dispositif", session.scheme.name),
            ("Date", _date(session.meets_on)),
            ("Enveloppe " + str(session.year), envelope.get("envelope") or "non fixée"),
            ("Déjà engagé", envelope.get("committed") or "0 €"),
            ("Reste avant la séance", envelope.get("left") or "—"),
            ("Reste après les propositions", envelope.get("after") or "—"),
        ]
    )
    doc.table(
        ["Rang", "Dossier", "Note /5", "Demandé", "Proposé"],
        [
            [
                r["rank"] or "—",
                f"{r['number']} {r['title']}"[:70],
                r["score"] if r["score"] is not None else "non noté",
                euros(r["requested_cents"]),
                euros(r["proposed_cents"]),
            ]
            for r in rows
        ],
        widths=[1, 6, 2, 2, 2],
        align_right=[2, 3, 4],
    )
    doc.paragraph(
        "Les notes d'un membre ne comptent pas sur un dossier pour lequel il a déclaré un conflit d'intérêts.",
        muted=True,
    )
    return doc.render()
