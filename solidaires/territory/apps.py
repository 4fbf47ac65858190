from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "solidaires.territory"
    label = "territory"

    def ready(self) -> None:
        from solidaires.core.fragments import FRAGMENT_VERSIONS

        from . import selectors

        # Commune names show in every card: a change of the territory renews the fragments.
        FRAGMENT_VERSIONS.register("t", selectors.cache_version)
