from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "solidaires.mutualaid"
    label = "mutualaid"
    verbose_name = "Entraide"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from django.db.models.signals import post_delete, post_save

        from solidaires.accounts.privacy import register_eraser, register_exporter
        from solidaires.moderation.registry import links, register_reportable
        from solidaires.moderation.slots import queue_links

        from . import moderation, privacy
        from .models import MutualAidPost
        from .services import post_changed

        # Any write to a post makes the anonymous board pages cached before stale (views.index).
        post_save.connect(post_changed, sender=MutualAidPost, dispatch_uid="mutualaid-board-save")
        post_delete.connect(post_changed, sender=MutualAidPost, dispatch_uid="mutualaid-board-delete")

        register_exporter("mutualaid", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

        # What moderation needs to know about posts (decision 0845).
        register_reportable(moderation.POST)
        links.register("safety_guide", moderation.safety_guide_path)
        queue_links.register(moderation.queue_links, order=10)
