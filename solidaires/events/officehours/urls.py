"""Permanences and appointments, included at the root of /agenda/ by the app's urls.py
(names in the ``events`` namespace, prefixed officehours_/booking_)."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("permanences/", views.officehours_list, name="officehours_list"),
    path("permanences/nouvelle/", views.officehours_create, name="officehours_create"),
    path("permanences/gerer/", views.officehours_manage, name="officehours_manage"),
    path("permanences/<int:pk>-<slug:slug>/", views.officehours_detail, name="officehours_detail"),
    path("permanences/<int:pk>-<slug:slug>.ics", views.officehours_ics, name="officehours_ics"),
    path("permanences/<int:pk>/reserver/", views.officehours_book, name="officehours_book"),
    path("permanences/<int:pk>/modifier/", views.officehours_edit, name="officehours_edit"),
    path("permanences/<int:pk>/dates/", views.officehours_exceptions, name="officehours_exceptions"),
    path(
        "permanences/<int:pk>/dates/<int:exception_pk>/retablir/",
        views.officehours_exception_remove,
        name="officehours_exception_remove",
    ),
    path("permanences/<int:pk>/rendez-vous/", views.officehours_bookings, name="officehours_bookings"),
    path("permanences/<int:pk>/<str:action>/", views.officehours_state, name="officehours_state"),
    path("mes-rendez-vous/", views.booking_list, name="booking_list"),
    path("mes-rendez-vous/<int:pk>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("mes-rendez-vous/<int:pk>.ics", views.booking_ics, name="booking_ics"),
]
