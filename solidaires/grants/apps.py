from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "solidaires.grants"
    label = "grants"
    verbose_name = "Projets et subventions"

    def ready(self) -> None:
        from . import (
            instruction_selectors,  # noqa: F401  (connects the invalidation of the cached agents list)
            rules,  # noqa: F401  (registers the applicant-side permissions)
            views,  # noqa: F401  (connects the invalidation of the cached /projets/ page)
        )

        try:
            from solidaires.accounts.privacy import register_eraser, register_exporter
        except ImportError:  # pragma: no cover - the accounts app provides it
            return

        from . import privacy

        register_exporter("grants", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

        # Instruction side (committees, reports): its permissions and its personal data.
        from . import instruction_privacy, instruction_rules  # noqa: F401

        register_exporter("grants_instruction", instruction_privacy.export_user_data)
        register_eraser(instruction_privacy.erase_user_data)
