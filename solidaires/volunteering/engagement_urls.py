"""URLs of engagements, hours, dashboards, attestations and proposals (mounted at /missions/)."""

from django.urls import URLPattern, URLResolver, path

from . import engagement_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("engagements/candidater/<int:mission_pk>/", views.apply, name="engagement_apply"),
    path("engagements/agents/", views.agents_queue, name="engagement_agents_queue"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/accepter/", views.engagement_accept, name="engagement_accept"),
    path("engagements/<int:pk>/refuser/", views.engagement_decline, name="engagement_decline"),
    path("engagements/<int:pk>/retirer/", views.engagement_withdraw, name="engagement_withdraw"),
    path("engagements/<int:pk>/terminer/", views.engagement_end, name="engagement_end"),
    path("engagements/<int:pk>/heures/", views.hours_log, name="hours_log"),
    path("heures/valider/", views.hours_validate_bulk, name="hours_validate_bulk"),
    path("heures/<int:pk>/valider/", views.hours_validate, name="hours_validate"),
    path("heures/<int:pk>/refuser/", views.hours_reject, name="hours_reject"),
    path("mon-benevolat/", views.volunteer_dashboard, name="engagement_volunteer_dashboard"),
    path(
        "association/<slug:slug>/tableau/",
        views.association_dashboard,
        name="engagement_association_dashboard",
    ),
    path("association/<slug:slug>/heures-<int:year>/", views.hours_summary_page, name="hours_summary"),
    path("association/<slug:slug>/heures-<int:year>.csv", views.hours_summary_csv, name="hours_summary_csv"),
    path("attestation/", views.attestation, name="engagement_attestation"),
    path("propositions/offre/<int:offer_pk>/", views.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/accepter/", views.proposal_accept, name="proposal_accept"),
    path("propositions/<int:pk>/decliner/", views.proposal_decline, name="proposal_decline"),
]
