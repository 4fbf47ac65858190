"""Agents' pages of the mutualaid app, mounted at /espace-agents/entraide/ (config/urls.py).

The moderation queue is the moderation app's (``moderation_agents``, mounted first at the same
place); its pages keep their older names here too, for the links written with them."""

from django.urls import URLPattern, URLResolver, path

from solidaires.moderation import views as moderation_views

from . import agent_views

app_name = "mutualaid_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", moderation_views.queue, name="queue"),
    path("signalements/<int:pk>/", moderation_views.report_detail, name="report"),
    path("signalements/<int:pk>/<slug:action>/", moderation_views.report_action, name="report_action"),
    path("comptes-suspendus/", moderation_views.suspended, name="suspended"),
    path("comptes-suspendus/<int:user_pk>/retablir/", moderation_views.reinstate, name="reinstate"),
    path("annonces/<int:pk>/retablir/", agent_views.unhide_post, name="unhide_post"),
    path("pour-un-habitant/", agent_views.on_behalf, name="on_behalf"),
]
