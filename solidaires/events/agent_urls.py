"""Agents' pages of the events app (mounted under /espace-agents/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver

app_name = "events_agents"
urlpatterns: list[URLPattern | URLResolver] = []
