from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "solidaires.messaging"
    label = "messaging"
    verbose_name = "Messagerie"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from solidaires.accounts.privacy import register_eraser, register_exporter

        from . import privacy, rules  # noqa: F401  (registers the permissions)

        register_exporter("messaging", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

        from solidaires.moderation.registry import register_reportable

        from .moderation import MESSAGE

        register_reportable(MESSAGE)
