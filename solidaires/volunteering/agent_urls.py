"""Agents' pages of the volunteering app (mounted under /espace-agents/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver

app_name = "volunteering_agents"
urlpatterns: list[URLPattern | URLResolver] = []
