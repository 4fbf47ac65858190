from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "solidaires.volunteering"
    label = "volunteering"
    verbose_name = "Bénévolat"

    def ready(self) -> None:
        from solidaires.core.labels import register_action_labels

        from .labels import ACTION_LABELS

        # French labels of the codes this app writes to the journal (decision 1121).
        register_action_labels(ACTION_LABELS)

        from solidaires.accounts.privacy import register_eraser, register_exporter
        from solidaires.associations.slots import association_sections
        from solidaires.messaging.about import thread_abouts
        from solidaires.messaging.digest import WEEKLY, digest_contents
        from solidaires.moderation.registry import register_reportable
        from solidaires.volunteering import slots  # noqa: F401  (declares volunteering's slots)
        from solidaires.volunteering.engagement import privacy as engagement_privacy
        from solidaires.volunteering.engagement import rules as engagement_rules  # noqa: F401  (registers the permissions)
        from solidaires.volunteering.engagement.slots import association_volunteering
        from solidaires.volunteering.engagement.threads import ENGAGEMENT_ABOUT, PROPOSAL_ABOUT
        from solidaires.volunteering.missions import (
            privacy,
            rules,  # noqa: F401  (registers the permissions)
        )
        from solidaires.volunteering.missions.digest import MissionsDigest
        from solidaires.volunteering.missions.moderation import MISSION, OFFER
        from solidaires.volunteering.missions.threads import MISSION_ABOUT

        register_exporter("volunteering_missions", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)
        register_exporter("volunteering_engagements", engagement_privacy.export_user_data)
        register_eraser(engagement_privacy.erase_user_data)
        # Messaging knows no domain: what the weekly digest says, what a thread is about.
        digest_contents.register(WEEKLY, MissionsDigest())
        thread_abouts.register("volunteering.mission", MISSION_ABOUT)
        thread_abouts.register("volunteering.engagement", ENGAGEMENT_ABOUT)
        thread_abouts.register("volunteering.missionproposal", PROPOSAL_ABOUT)
        # The association's page: its missions after its agenda (events fill order 20), as before.
        association_sections.register(association_volunteering, order=30)
        # Moderation knows no domain: how a mission or a volunteer offer is shown, hidden, linked.
        register_reportable(MISSION)
        register_reportable(OFFER)
