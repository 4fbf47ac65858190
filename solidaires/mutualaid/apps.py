from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "solidaires.mutualaid"
    label = "mutualaid"
    verbose_name = "Entraide"

    def ready(self) -> None:
        try:
            from solidaires.accounts.privacy import register_eraser, register_exporter
        except ImportError:  # pragma: no cover - the accounts app provides it
            return

        from . import privacy

        register_exporter("mutualaid", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
