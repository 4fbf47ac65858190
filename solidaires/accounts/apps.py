from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "solidaires.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from . import selectors, signals
        from .privacy import register_exporter

        signals.connect()
        register_exporter("account", selectors.export_account)
        register_exporter("profile", selectors.export_profile)
        register_exporter("email_addresses", selectors.export_email_addresses)
        register_exporter("two_factor", selectors.export_two_factor)
        register_exporter("audit_actions", selectors.export_audit_actions)
