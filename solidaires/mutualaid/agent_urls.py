"""Agents' pages of the mutualaid app, mounted at /espace-agents/entraide/ (config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from . import agent_views

app_name = "mutualaid_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", agent_views.queue, name="queue"),
    path("signalements/<int:pk>/", agent_views.report_detail, name="report"),
    path("signalements/<int:pk>/<slug:action>/", agent_views.report_action, name="report_action"),
    path("comptes-suspendus/", agent_views.suspended, name="suspended"),
    path("comptes-suspendus/<int:user_pk>/retablir/", agent_views.reinstate, name="reinstate"),
    path("annonces/<int:pk>/retablir/", agent_views.unhide_post, name="unhide_post"),
    path("pour-un-habitant/", agent_views.on_behalf, name="on_behalf"),
]
