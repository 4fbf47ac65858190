from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "solidaires.territory"
    label = "territory"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from solidaires.core.fragments import FRAGMENT_VERSIONS

        from . import selectors

        # Commune names show in every card: a change of the territory renews the fragments.
        FRAGMENT_VERSIONS.register("t", selectors.cache_version)
