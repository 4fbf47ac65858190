"""Permanences, appointments and calendar feeds, included at the root of /agenda/ by urls.py
(names in the ``events`` namespace, prefixed officehours_/booking_/feed…)."""

from django.urls import URLPattern, URLResolver, path

from . import officehours_views as views

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
    path("feed.ics", views.feed_all, name="feed_all"),
    path("feeds/", views.feeds_index, name="feeds_index"),
    path("feeds/lieu/<slug:slug>.ics", views.feed_place, name="feed_place"),
    path("feeds/association/<slug:slug>.ics", views.feed_association, name="feed_association"),
    path("feeds/commune/<str:insee>.ics", views.feed_commune, name="feed_commune"),
    path("feeds/categorie/<slug:category>.ics", views.feed_category, name="feed_category"),
    path("mon-agenda/", views.personal_feed_page, name="personal_feed_page"),
    path("mon-agenda/<str:token>.ics", views.personal_feed, name="personal_feed"),
]
