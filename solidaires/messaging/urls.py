from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.index, name="index"),
    path("preferences/", views.preferences, name="preferences"),
    path("bloques/", views.blocks, name="blocks"),
    path("bloques/<int:user_pk>/debloquer/", views.unblock, name="unblock"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/sourdine/", views.thread_mute, name="mute"),
    path("<int:pk>/bloquer/<int:user_pk>/", views.block, name="block"),
]
