"""URLs of the volunteering app (mounted at /missions/): the engagements' first, as before."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "volunteering"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("solidaires.volunteering.engagement.urls")),
    path("", include("solidaires.volunteering.missions.urls")),
]
