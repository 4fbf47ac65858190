from django.urls import path

from . import views

app_name = "territory_agents"
urlpatterns = [
    path("", views.agent_place_list, name="list"),
    path("nouveau/", views.agent_place_create, name="create"),
    path("<slug:slug>/modifier/", views.agent_place_edit, name="edit"),
    path("<slug:slug>/verifier/", views.agent_place_verify, name="verify"),
    path("<slug:slug>/archiver/", views.agent_place_archive, name="archive"),
    path("<slug:slug>/restaurer/", views.agent_place_restore, name="restore"),
]
