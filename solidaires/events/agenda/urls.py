"""The agenda's pages and calendar feeds, included at the root of /agenda/ by the app's
urls.py (names in the ``events`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from .views import cafes, events, feeds, listing, registrations

urlpatterns: list[URLPattern | URLResolver] = [
    path("", listing.index, name="index"),
    path("nouveau/", events.create, name="create"),
    path("mes-inscriptions/", registrations.my_registrations, name="my_registrations"),
    path("mes-evenements/", events.my_events, name="my_events"),
    path("inscriptions/<int:pk>/", registrations.registration_detail, name="registration"),
    path("inscriptions/<int:pk>/annuler/", registrations.registration_cancel, name="registration_cancel"),
    path("presence/<str:token>/", registrations.presence, name="presence"),
    path("cafe/<str:code>/", cafes.cafe, name="cafe"),
    path("<int:pk>-<slug:slug>/", events.detail, name="detail"),
    path("<int:pk>-<slug:slug>.ics", events.ics, name="ics"),
    path("<int:pk>/modifier/", events.edit, name="edit"),
    path("<int:pk>/publier/", events.publish, name="publish"),
    path("<int:pk>/annuler/", events.cancel, name="cancel"),
    path("<int:pk>/inscription/", registrations.register, name="register"),
    path("<int:pk>/accueil/", registrations.checkin, name="checkin"),
    path("<int:pk>/affiche/", cafes.poster, name="poster"),
    path("feed.ics", feeds.feed_all, name="feed_all"),
    path("feeds/", feeds.feeds_index, name="feeds_index"),
    path("feeds/lieu/<slug:slug>.ics", feeds.feed_place, name="feed_place"),
    path("feeds/association/<slug:slug>.ics", feeds.feed_association, name="feed_association"),
    path("feeds/commune/<str:insee>.ics", feeds.feed_commune, name="feed_commune"),
    path("feeds/categorie/<slug:category>.ics", feeds.feed_category, name="feed_category"),
    path("mon-agenda/", feeds.personal_feed_page, name="personal_feed_page"),
    path("mon-agenda/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
]
