"""URLs of engagements, hours, dashboards, attestations and proposals (mounted at /missions/)."""

from django.urls import URLPattern, URLResolver, path

from solidaires.volunteering.engagement.views import dashboards, engagements, hours, proposals

urlpatterns: list[URLPattern | URLResolver] = [
    path("engagements/candidater/<int:mission_pk>/", engagements.apply, name="engagement_apply"),
    path("engagements/agents/", dashboards.agents_queue, name="engagement_agents_queue"),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/accepter/", engagements.engagement_accept, name="engagement_accept"),
    path("engagements/<int:pk>/refuser/", engagements.engagement_decline, name="engagement_decline"),
    path("engagements/<int:pk>/retirer/", engagements.engagement_withdraw, name="engagement_withdraw"),
    path("engagements/<int:pk>/terminer/", engagements.engagement_end, name="engagement_end"),
    path("engagements/<int:pk>/heures/", hours.hours_log, name="hours_log"),
    path("heures/valider/", hours.hours_validate_bulk, name="hours_validate_bulk"),
    path("heures/<int:pk>/valider/", hours.hours_validate, name="hours_validate"),
    path("heures/<int:pk>/refuser/", hours.hours_reject, name="hours_reject"),
    path("mon-benevolat/", dashboards.volunteer_dashboard, name="engagement_volunteer_dashboard"),
    path(
        "association/<slug:slug>/tableau/",
        dashboards.association_dashboard,
        name="engagement_association_dashboard",
    ),
    path("association/<slug:slug>/heures-<int:year>/", hours.hours_summary_page, name="hours_summary"),
    path("association/<slug:slug>/heures-<int:year>.csv", hours.hours_summary_csv, name="hours_summary_csv"),
    path("attestation/", dashboards.attestation, name="engagement_attestation"),
    path("propositions/offre/<int:offer_pk>/", proposals.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/accepter/", proposals.proposal_accept, name="proposal_accept"),
    path("propositions/<int:pk>/decliner/", proposals.proposal_decline, name="proposal_decline"),
]
