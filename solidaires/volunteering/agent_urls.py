"""Agents' pages of the missions (mounted at /espace-agents/missions/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from solidaires.volunteering.missions.views import agents as agent_views

app_name = "volunteering_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", agent_views.queue, name="queue"),
    path("<int:pk>/masquer/", agent_views.hide, name="hide"),
    path("<int:pk>/reafficher/", agent_views.unhide, name="unhide"),
    path("signalements/<int:pk>/classer/", agent_views.dismiss_report, name="dismiss_report"),
]
