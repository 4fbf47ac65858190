from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "solidaires.volunteering"
    label = "volunteering"
    verbose_name = "Bénévolat"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)

        try:
            from solidaires.accounts.privacy import register_eraser, register_exporter
        except ImportError:  # pragma: no cover - the accounts app provides it
            return

        from . import privacy

        register_exporter("volunteering_missions", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

        from . import engagement_privacy

        register_exporter("volunteering_engagements", engagement_privacy.export_user_data)
        register_eraser(engagement_privacy.erase_user_data)

        from solidaires.moderation.registry import register_reportable

        from .moderation import MISSION, OFFER

        register_reportable(MISSION)
        register_reportable(OFFER)
