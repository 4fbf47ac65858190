"""Agents' pages of the mutualaid app (mounted under /espace-agents/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver

app_name = "mutualaid_agents"
urlpatterns: list[URLPattern | URLResolver] = []
