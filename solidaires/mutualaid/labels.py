"""French labels of the journal codes mutual aid writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "mutualaid_post.created": "Annonce publiée",
    "mutualaid_post.created_on_behalf": "Annonce publiée pour un habitant par un agent",
    "mutualaid_post.updated": "Annonce modifiée",
    "mutualaid_post.answered": "Réponse à l'annonce",
    "mutualaid_post.fulfilled": "Annonce retirée : aide trouvée",
    "mutualaid_post.closed": "Annonce retirée",
    "mutualaid_post.expired": "Annonce expirée",
    "mutualaid_post.purged": "Annonce supprimée (durée de conservation)",
    "mutualaid_post.taken_over": "Annonce reprise par l'habitant",
    "mutualaid_post.hidden": "Annonce masquée par la modération",
    "mutualaid_post.unhidden": "Annonce rétablie par la modération",
    "mutualaid.safety_guide_acknowledged": "Conseils de sécurité lus",
}
