from django.urls import path

from . import views

app_name = "mutualaid"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.create, name="create"),
    path("mes-annonces/", views.mine, name="mine"),
    path("conseils/", views.guide, name="guide"),
    path("reprendre/", views.take_over, name="take_over"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/retirer/", views.close, name="close"),
    path("<int:pk>/repondre/", views.answer, name="answer"),
    path("<int:pk>/signaler/", views.report, name="report"),
]
