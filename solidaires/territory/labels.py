"""French labels of the journal codes territory writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "place.created": "Lieu proposé",
    "place.updated": "Lieu modifié",
    "place.verified": "Lieu vérifié",
    "place.archived": "Lieu archivé",
    "place.restored": "Lieu remis en vérification",
    "territory.loaded": "Référentiel du territoire chargé",
}
