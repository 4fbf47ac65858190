"""Agents' pages of the grants app (mounted at /espace-agents/subventions/, see config/urls.py):
the schemes and on-behalf pages of the applicant side, then the instruction side's pages."""

from django.urls import include, path

from solidaires.grants.applications import urls as applications_urls
from solidaires.grants.instruction import urls as instruction_urls

app_name = "grants_agents"
urlpatterns = [
    path("", include(applications_urls.agent_urlpatterns)),
    path("", include(instruction_urls.urlpatterns)),
]
