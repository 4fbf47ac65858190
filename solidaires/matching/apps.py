from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "solidaires.matching"
    label = "matching"
    verbose_name = "Mise en relation"

    def ready(self) -> None:
        from solidaires.associations.slots import association_sections
        from solidaires.core.labels import register_action_labels
        from solidaires.matching import slots
        from solidaires.matching.digest import rank
        from solidaires.matching.labels import ACTION_LABELS
        from solidaires.volunteering.slots import (
            digest_rankers,
            mission_sections,
            volunteer_dashboard_sections,
        )

        # "Missions pour vous" after the proposals, before the missions to come.
        volunteer_dashboard_sections.register(slots.dashboard_missions, order=10)
        mission_sections.register(slots.mission_volunteers, order=10)
        # After the association's agenda (20) and missions (30).
        association_sections.register(slots.association_neighbours, order=40)
        digest_rankers.register("missions", rank)
        register_action_labels(ACTION_LABELS)
