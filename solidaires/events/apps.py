from typing import Any

from django.apps import AppConfig

AGENDA_DATA_VERSION = "events"


def agenda_changed(**_kwargs: Any) -> None:
    from solidaires.core.caching import bump_data_version

    bump_data_version(AGENDA_DATA_VERSION)


class EventsConfig(AppConfig):
    name = "solidaires.events"
    label = "events"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from allauth.account.signals import user_signed_up
        from django.db.models.signals import post_delete, post_save

        from solidaires.accounts.privacy import register_eraser, register_exporter
        from solidaires.associations.slots import association_sections
        from solidaires.territory.slots import place_sections

        from .agenda import privacy as agenda_privacy
        from .agenda import rules as agenda_rules  # noqa: F401 - registers the agenda's permissions
        from .agenda.models import Event, Registration
        from .agenda.signups import attribute_cafe_signup
        from .agenda.slots import association_agenda, place_agenda
        from .officehours import privacy as officehours_privacy
        from .officehours import rules as officehours_rules  # noqa: F401 - registers the permanences' permissions

        # The anonymous /agenda/ pages are cached under the agenda's data version: any change
        # to an event or a registration (places left) shows at once (decision 0902).
        for model in (Event, Registration):
            for signal in (post_save, post_delete):
                signal.connect(
                    agenda_changed,
                    sender=model,
                    dispatch_uid=f"solidaires.events.agenda_changed.{model.__name__}.{signal is post_save}",
                )

        # Café bénévolat attribution: a sign-up that follows a café's link or QR code.
        user_signed_up.connect(attribute_cafe_signup, dispatch_uid="solidaires.events.cafe_signup")

        # Personal data (export and erasure, solidaires.accounts.privacy).
        register_exporter("agenda", agenda_privacy.export_user_data)
        register_eraser(agenda_privacy.erase_user_data)
        register_exporter("permanences", officehours_privacy.export_user_data)
        register_eraser(officehours_privacy.erase_user_data)

        # The "Permanences et événements" block of places' and associations' pages.
        place_sections.register(place_agenda, order=20)
        association_sections.register(association_agenda, order=20)
