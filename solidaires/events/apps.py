from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solidaires.events"
    label = "events"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from .signups import attribute_cafe_signup

        # Café bénévolat attribution: a sign-up that follows a café's link or QR code.
        user_signed_up.connect(attribute_cafe_signup, dispatch_uid="solidaires.events.cafe_signup")
        try:
            from solidaires.accounts.privacy import register_eraser, register_exporter
        except ImportError:  # pragma: no cover - the accounts app provides it
            return

        from . import officehours_rules, privacy  # noqa: F401 - registers the permanences' permissions
        from .officehours_privacy import register as register_officehours_privacy

        register_exporter("agenda", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
        register_officehours_privacy()
