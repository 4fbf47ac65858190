"""Agents' pages of the grants app (mounted at /espace-agents/subventions/, see config/urls.py)."""

from django.urls import URLPattern, URLResolver, include, path

from . import agent_views

app_name = "grants_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("dispositifs/", agent_views.scheme_list, name="schemes"),
    path("dispositifs/nouveau/", agent_views.scheme_create, name="scheme_create"),
    path("dispositifs/<int:pk>/modifier/", agent_views.scheme_edit, name="scheme_edit"),
    path("dispositifs/<int:pk>/appels/nouveau/", agent_views.call_create, name="call_create"),
    path("dispositifs/<int:pk>/enveloppes/", agent_views.envelope_set, name="envelope_set"),
    path("appels/<int:pk>/modifier/", agent_views.call_edit, name="call_edit"),
    path("pour-un-habitant/", agent_views.on_behalf_start, name="on_behalf_start"),
    path("pour-un-habitant/<int:pk>/code/", agent_views.handover_sheet, name="handover_sheet"),
    path("", include("solidaires.grants.instruction_urls")),
]
