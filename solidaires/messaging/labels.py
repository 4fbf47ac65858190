"""French labels of the journal codes messaging writes (registered in apps.py, decision 1121)."""

ACTION_LABELS = {
    "notifications.preferences_changed": "Préférences de notification modifiées",
    "notifications.digest_unsubscribed": "Désinscription du récapitulatif par e-mail",
    "message.hidden": "Message masqué par la modération",
    "message.unhidden": "Message rétabli par la modération",
}
