from django.urls import path

from . import views

app_name = "mutualaid"
urlpatterns = [
    path("", views.index, name="index"),
]
