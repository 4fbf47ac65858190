from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("", views.index, name="index"),
]
