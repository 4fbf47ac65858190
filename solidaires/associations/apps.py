from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "solidaires.associations"
    label = "associations"
    verbose_name = "Associations"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from solidaires.accounts.privacy import register_eraser, register_exporter
        from solidaires.accounts.retention import RETENTION_STEPS, RetentionStep
        from solidaires.accounts.slots import erased_items, profile_sections

        from . import privacy, retention, views

        register_exporter("associations", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
        RETENTION_STEPS.register(
            "invitations",
            RetentionStep("invitations expirées supprimées", retention.delete_expired_invitations),
        )
        profile_sections.register(views.profile_memberships_section, order=10)
        erased_items.register(views.erased_memberships_item, order=10)
