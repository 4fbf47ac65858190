from typing import Any

from django.apps import AppConfig
from django.utils.text import format_lazy


class GrantsConfig(AppConfig):
    name = "solidaires.grants"
    label = "grants"
    verbose_name = "Projets et subventions"

    def ready(self) -> None:
        from solidaires.accounts.privacy import register_eraser, register_exporter

        # The journal's codes read in French on every page (decision 1121; labels in models/files.py).
        from solidaires.core.labels import register_action_labels
        from solidaires.grants.applications import privacy, rules  # noqa: F401  (registers the permissions)
        from solidaires.grants.applications.models import (
            JOURNAL_LABELS,
            OTHER_EVENT_LABELS,
            transition_labels,
        )
        from solidaires.grants.applications.views import public  # noqa: F401  (invalidates the cached /projets/ page)
        from solidaires.grants.instruction import privacy as instruction_privacy
        from solidaires.grants.instruction import rules as instruction_rules  # noqa: F401  (its permissions)
        from solidaires.grants.instruction.models import DecisionOutcome
        from solidaires.grants.instruction.selectors import agents  # noqa: F401  (invalidates the cached agents list)

        register_action_labels(JOURNAL_LABELS)
        for prefix in ("grant_application.", "application."):
            register_action_labels({**OTHER_EVENT_LABELS, **transition_labels()}, prefix=prefix)
        decisions: dict[str, Any] = {
            o.value: format_lazy("Décision du comité : {}", o.label) for o in DecisionOutcome
        }
        register_action_labels(decisions, prefix="decision.")

        register_exporter("grants", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

        # Instruction side (committees, reports): its personal data.
        register_exporter("grants_instruction", instruction_privacy.export_user_data)
        register_eraser(instruction_privacy.erase_user_data)
