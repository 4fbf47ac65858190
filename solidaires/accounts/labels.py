"""French labels of the journal codes accounts writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "user.erased": "Compte supprimé à la demande de la personne",
    "user.role_changed": "Rôle du compte modifié",
}
