"""Matching in the agents' workspace, mounted at /espace-agents/mise-en-relation/."""

from django.urls import path

from . import agent_views

app_name = "matching_agents"
urlpatterns = [
    path("", agent_views.introductions, name="introductions"),
    path("enregistrer/", agent_views.introduction_record, name="introduction_record"),
    path("<int:pk>/suite/", agent_views.introduction_outcome, name="introduction_outcome"),
    path("campagne/", agent_views.campaign, name="campaign"),
]
