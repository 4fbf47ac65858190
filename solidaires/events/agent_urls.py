"""Agents' pages of the events app (mounted under /espace-agents/agenda/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from .agenda.views import cafes

app_name = "events_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cafes/", cafes.cafe_stats, name="cafes"),
]
