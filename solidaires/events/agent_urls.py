"""Agents' pages of the events app (mounted under /espace-agents/agenda/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "events_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cafes/", views.cafe_stats, name="cafes"),
]
