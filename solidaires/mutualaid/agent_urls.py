"""Agents' pages of the mutualaid app, mounted at /espace-agents/entraide/ (config/urls.py).

The moderation queue is the moderation app's (``moderation_agents``, mounted first at the same
place)."""

from django.urls import URLPattern, URLResolver, path

from . import agent_views

app_name = "mutualaid_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("annonces/<int:pk>/retablir/", agent_views.unhide_post, name="unhide_post"),
    path("pour-un-habitant/", agent_views.on_behalf, name="on_behalf"),
]
