"""French labels of the journal codes associations writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "association.created": "Inscription de l'association",
    "association.updated": "Modification de la fiche",
    "association.verified": "Association vérifiée",
    "association.rejected": "Association refusée",
    "association.resubmitted": "Renvoyée en vérification après correction",
    "association.managerless": "Plus aucun ou aucune responsable",
    "claim.created": "Demande « C'est mon association »",
    "claim.approved": "Demande acceptée",
    "claim.rejected": "Demande refusée",
    "invitation.created": "Invitation envoyée",
    "invitation.accepted": "Invitation acceptée",
    "membership.role_changed": "Changement de rôle",
    "membership.removed": "Membre retiré",
}
