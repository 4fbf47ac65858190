from django.urls import path

from . import views

app_name = "associations"
urlpatterns = [
    path("", views.directory, name="list"),
    path("nouvelle/", views.create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/revendiquer/", views.claim, name="claim"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
]
