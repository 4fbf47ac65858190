"""The agents' moderation queue, mounted at /espace-agents/entraide/ (config/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "moderation_agents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("signalements/<int:pk>/", views.report_detail, name="report"),
    path("signalements/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("contestations/<int:pk>/", views.contest_detail, name="contest"),
    path("comptes-suspendus/", views.suspended, name="suspended"),
    path("comptes-suspendus/<int:user_pk>/retablir/", views.reinstate, name="reinstate"),
]
