from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "solidaires.mutualaid"
    label = "mutualaid"
    verbose_name = "Entraide"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import MutualAidPost
        from .services import post_changed

        # Any write to a post makes the anonymous board pages cached before stale (views.index).
        post_save.connect(post_changed, sender=MutualAidPost, dispatch_uid="mutualaid-board-save")
        post_delete.connect(post_changed, sender=MutualAidPost, dispatch_uid="mutualaid-board-delete")

        try:
            from solidaires.accounts.privacy import register_eraser, register_exporter
        except ImportError:  # pragma: no cover - the accounts app provides it
            return

        from . import privacy

        register_exporter("mutualaid", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
