"""French labels of the journal codes matching writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "introduction.recorded": "Mise en relation d'associations enregistrée",
    "introduction.outcome": "Suite d'une mise en relation notée",
}
