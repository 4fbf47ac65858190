from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("securite/", views.security, name="security"),
    path("donnees/", views.privacy_page, name="privacy"),
    path("donnees/export.json", views.export, name="export"),
    path("supprimer/", views.delete, name="delete"),
]
