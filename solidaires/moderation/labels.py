"""French labels of the journal codes moderation writes (registered in apps.py, decision 1121).

The ``<prefix>.hidden`` / ``<prefix>.unhidden`` codes are labelled by the domain that registers
the reportable content (its ``audit_prefix``)."""

ACTION_LABELS = {
    "report.created": "Signalement reçu",
    "report.resolved": "Signalement traité",
    "report.dismissed": "Signalement classé sans suite",
    "user.warned": "Avertissement envoyé",
    "user.suspended": "Compte suspendu",
    "user.reinstated": "Compte rétabli",
    "messaging.blocked": "Personne bloquée",
    "messaging.unblocked": "Personne débloquée",
    "moderation_contest.created": "Décision contestée par la personne",
    "moderation_contest.upheld": "Contestation : décision maintenue",
    "moderation_contest.reversed": "Contestation : décision annulée",
}
