"""Public pages of the grants app, mounted at /projets/: the applicant side's, then the
instruction side's public and applicant-facing pages."""

from django.urls import include, path

from solidaires.grants.applications import urls as applications_urls
from solidaires.grants.instruction import urls as instruction_urls

app_name = "grants"
urlpatterns = [
    path("", include(applications_urls.urlpatterns)),
    path("", include(instruction_urls.public_urlpatterns)),
]
