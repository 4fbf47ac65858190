"""URLs of the missions, volunteer offers and saved searches (mounted at /missions/ with the
engagements' URLs, see solidaires/volunteering/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from solidaires.volunteering.missions.views import listing, missions, offers, saved_searches

urlpatterns: list[URLPattern | URLResolver] = [
    path("", listing.index, name="index"),
    path("nouvelle/", missions.mission_create, name="mission_create"),
    path("nouvelle/pour-autrui/", missions.mission_create_on_behalf, name="mission_create_on_behalf"),
    path("publiees/", missions.mine, name="mine"),
    path("reprendre/", missions.take_over, name="take_over"),
    path("recherches/", saved_searches.saved_searches, name="saved_searches"),
    path("recherches/enregistrer/", saved_searches.saved_search_create, name="saved_search_create"),
    path("recherches/<int:pk>/supprimer/", saved_searches.saved_search_delete, name="saved_search_delete"),
    path("recherches/arreter/<str:token>/", saved_searches.saved_search_stop, name="saved_search_stop"),
    path("propositions/", offers.offers, name="offers"),
    path("propositions/nouvelle/", offers.offer_create, name="offer_create"),
    path("propositions/miennes/", offers.my_offers, name="my_offers"),
    path("propositions/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("propositions/<int:pk>/modifier/", offers.offer_edit, name="offer_edit"),
    path("propositions/<int:pk>/pause/", offers.offer_move, {"move": "pause"}, name="offer_pause"),
    path("propositions/<int:pk>/reprendre/", offers.offer_move, {"move": "reprendre"}, name="offer_resume"),
    path("propositions/<int:pk>/retirer/", offers.offer_move, {"move": "retirer"}, name="offer_close"),
    path("<int:pk>/", missions.mission_detail_short, name="mission_detail_short"),
    path("<int:pk>-<slug:slug>/", missions.mission_detail, name="mission_detail"),
    path("<int:pk>/modifier/", missions.mission_edit, name="mission_edit"),
    path("<int:pk>/code/", missions.handover_code, name="handover_code"),
    path("<int:pk>/contacter/", missions.mission_contact, name="mission_contact"),
    path("<int:pk>/signaler/", missions.mission_report, name="mission_report"),
    path("<int:pk>/publier/", missions.mission_move, {"move": "publier"}, name="mission_publish"),
    path("<int:pk>/cloturer/", missions.mission_move, {"move": "cloturer"}, name="mission_close"),
]
