"""Pages of moderation for everybody, mounted at /entraide/ (config/urls.py): the report page of any
content (/entraide/signaler/<kind>/<pk>/) and the page that contests a decision."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "moderation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("signaler/<slug:kind>/<int:pk>/", views.report_content, name="report_content"),
    # The person a moderation decision is about contests it here (decision 1120).
    path("decisions/<int:pk>/contester/", views.contest, name="contest"),
]
