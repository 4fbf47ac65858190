"""Template helpers of the grants app: amounts in euros, who did what on a file's timeline."""

from __future__ import annotations

from typing import Any

from django import template

from solidaires.grants.applications.budget import euros as _euros

register = template.Library()

ACTION_LABELS = {
    "created": "Brouillon créé",
    "consent_recorded": "Accord de la personne recueilli",
    "submit": "Dossier déposé",
    "start_instruction": "Examen du dossier commencé",
    "request_pieces": "Pièces demandées",
    "pieces_requested": "Pièces demandées",
    "piece_supplied": "Pièce ajoutée",
    "pieces_supplied": "Pièces transmises : l'examen reprend",
    "declare_ineligible": "Dossier déclaré non recevable",
    "send_to_committee": "Dossier présenté au comité",
    "grant": "Subvention accordée",
    "refuse": "Subvention refusée",
    "postpone": "Décision ajournée",
    "back_to_committee": "Dossier de nouveau présenté au comité",
    "await_report": "Bilan attendu",
    "submit_report": "Bilan envoyé",
    "reject_report": "Bilan à compléter",
    "close": "Dossier clos",
    "withdraw": "Dossier retiré",
    "handed_over": "Dossier remis à son porteur",
    # Instruction side (instruction_services.py).
    "assigned": "Agent référent désigné",
    "payment_paid": "Versement effectué",
    "report_approved": "Bilan validé",
}


@register.filter
def euros(cents: Any) -> str:
    if cents is None or cents == "":
        return ""
    return _euros(int(cents))


@register.filter
def event_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


@register.filter
def event_actor(event: Any) -> str:
    """ "Nadia (agente de l'Agglo) pour vous", "Camille", or "L'Agglo" when nobody is named."""
    actor = event.actor
    if actor is None:
        return "L'Agglo"
    if event.on_behalf:
        return f"{actor} (agent·e de l'Agglo) pour vous"
    if getattr(actor, "is_agent", False):
        return f"{actor} (agent·e de l'Agglo)"
    return str(actor)


@register.filter
def get_step(mapping: dict[str, int], key: str) -> int:
    return mapping.get(key, 1)
