"""The report page of any content, mounted at /entraide/ (config/urls.py): /entraide/signaler/<kind>/<pk>/."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "moderation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("signaler/<slug:kind>/<int:pk>/", views.report_content, name="report_content"),
]
