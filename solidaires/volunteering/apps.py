from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "solidaires.volunteering"
    label = "volunteering"
    verbose_name = "Bénévolat"

    def ready(self) -> None:
        from solidaires.accounts.privacy import register_eraser, register_exporter
        from solidaires.volunteering.engagement import privacy as engagement_privacy
        from solidaires.volunteering.engagement import rules as engagement_rules  # noqa: F401  (registers the permissions)
        from solidaires.volunteering.missions import (
            privacy,
            rules,  # noqa: F401  (registers the permissions)
        )

        register_exporter("volunteering_missions", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
        register_exporter("volunteering_engagements", engagement_privacy.export_user_data)
        register_eraser(engagement_privacy.erase_user_data)
