"""/agenda/: the agenda's pages and feeds, then the permanences' (all names in ``events``)."""

from django.urls import include, path

app_name = "events"
urlpatterns = [
    path("", include("solidaires.events.agenda.urls")),
    path("", include("solidaires.events.officehours.urls")),
]
