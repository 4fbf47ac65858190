"""The agents' workspace, mounted at /espace-agents/ (places live under /espace-agents/lieux/)."""

from django.urls import path

from . import agent_views

app_name = "agents"
urlpatterns = [
    path("", agent_views.dashboard, name="dashboard"),
    path("associations/", agent_views.association_queue, name="associations"),
    path("associations/verifier/", agent_views.bulk_verify, name="bulk_verify"),
    path("associations/<slug:slug>/verifier/", agent_views.verify, name="verify"),
    path("associations/<slug:slug>/refuser/", agent_views.reject, name="reject"),
    path("associations/<slug:slug>/historique/", agent_views.history, name="history"),
    path("revendications/", agent_views.claim_queue, name="claims"),
    path(
        "revendications/<int:pk>/accepter/",
        agent_views.claim_decide,
        {"decision": "approve"},
        name="claim_approve",
    ),
    path(
        "revendications/<int:pk>/refuser/",
        agent_views.claim_decide,
        {"decision": "reject"},
        name="claim_reject",
    ),
]
