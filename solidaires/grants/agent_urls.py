"""Agents' pages of the grants app (mounted under /espace-agents/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver

app_name = "grants_agents"
urlpatterns: list[URLPattern | URLResolver] = []
