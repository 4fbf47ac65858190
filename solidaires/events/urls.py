from django.urls import include, path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.create, name="create"),
    path("mes-inscriptions/", views.my_registrations, name="my_registrations"),
    path("mes-evenements/", views.my_events, name="my_events"),
    path("inscriptions/<int:pk>/", views.registration_detail, name="registration"),
    path("inscriptions/<int:pk>/annuler/", views.registration_cancel, name="registration_cancel"),
    path("presence/<str:token>/", views.presence, name="presence"),
    path("cafe/<str:code>/", views.cafe, name="cafe"),
    path("<int:pk>-<slug:slug>/", views.detail, name="detail"),
    path("<int:pk>-<slug:slug>.ics", views.ics, name="ics"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/inscription/", views.register, name="register"),
    path("<int:pk>/accueil/", views.checkin, name="checkin"),
    path("<int:pk>/affiche/", views.poster, name="poster"),
    path("", include("solidaires.events.officehours_urls")),
]
