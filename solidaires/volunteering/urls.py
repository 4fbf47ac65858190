from django.urls import include, path

from . import views

app_name = "volunteering"
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("solidaires.volunteering.engagement_urls")),
    path("nouvelle/", views.mission_create, name="mission_create"),
    path("nouvelle/pour-autrui/", views.mission_create_on_behalf, name="mission_create_on_behalf"),
    path("publiees/", views.mine, name="mine"),
    path("reprendre/", views.take_over, name="take_over"),
    path("recherches/", views.saved_searches, name="saved_searches"),
    path("recherches/enregistrer/", views.saved_search_create, name="saved_search_create"),
    path("recherches/<int:pk>/supprimer/", views.saved_search_delete, name="saved_search_delete"),
    path("recherches/arreter/<str:token>/", views.saved_search_stop, name="saved_search_stop"),
    path("propositions/", views.offers, name="offers"),
    path("propositions/nouvelle/", views.offer_create, name="offer_create"),
    path("propositions/miennes/", views.my_offers, name="my_offers"),
    path("propositions/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("propositions/<int:pk>/modifier/", views.offer_edit, name="offer_edit"),
    path("propositions/<int:pk>/pause/", views.offer_move, {"move": "pause"}, name="offer_pause"),
    path("propositions/<int:pk>/reprendre/", views.offer_move, {"move": "reprendre"}, name="offer_resume"),
    path("propositions/<int:pk>/retirer/", views.offer_move, {"move": "retirer"}, name="offer_close"),
    path("<int:pk>/", views.mission_detail_short, name="mission_detail_short"),
    path("<int:pk>-<slug:slug>/", views.mission_detail, name="mission_detail"),
    path("<int:pk>/modifier/", views.mission_edit, name="mission_edit"),
    path("<int:pk>/code/", views.handover_code, name="handover_code"),
    path("<int:pk>/contacter/", views.mission_contact, name="mission_contact"),
    path("<int:pk>/signaler/", views.mission_report, name="mission_report"),
    path("<int:pk>/publier/", views.mission_move, {"move": "publier"}, name="mission_publish"),
    path("<int:pk>/cloturer/", views.mission_move, {"move": "cloturer"}, name="mission_close"),
]
