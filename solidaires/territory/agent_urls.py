from django.urls import path  # noqa: F401

app_name = "territory_agents"
urlpatterns: list = []
