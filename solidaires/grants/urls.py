"""Public pages of the grants app, mounted at /projets/."""

from django.urls import include, path

from . import views

app_name = "grants"
urlpatterns = [
    path("", views.index, name="index"),
    path("mon-espace/", views.desk, name="desk"),
    path("mon-espace/groupes/nouveau/", views.group_create, name="group_create"),
    path("mon-espace/associations/<slug:slug>/", views.association_space, name="association_space"),
    path("espaces/<int:pk>/", views.applicant_detail, name="applicant_detail"),
    path("espaces/<int:pk>/membres/", views.group_members, name="group_members"),
    path("espaces/<int:pk>/coffre-fort/ajouter/", views.vault_upload, name="vault_upload"),
    path("coffre-fort/<int:pk>/telecharger/", views.vault_download, name="vault_download"),
    path("coffre-fort/<int:pk>/supprimer/", views.vault_delete, name="vault_delete"),
    path("deposer/", views.application_start, name="application_start"),
    path("brouillons/<int:pk>/etape-<int:step>/", views.application_step, name="application_step"),
    path("brouillons/<int:pk>/enregistrement-auto/", views.application_autosave, name="application_autosave"),
    path("recuperer-un-dossier/", views.handover_claim, name="handover_claim"),
    path("recuperer-un-dossier/<str:code>/", views.handover_claim, name="handover_claim_code"),
    path("dossiers/<str:ref>/", views.application_detail, name="application_detail"),
    path(
        "dossiers/<str:ref>/accuse-de-reception.pdf",
        views.application_ack_pdf,
        name="application_ack_pdf",
    ),
    path("dossiers/<str:ref>/retirer/", views.application_withdraw, name="application_withdraw"),
    path("dossiers/<str:ref>/piece/", views.application_supply_piece, name="application_supply_piece"),
    path("dossiers/<str:ref>/message/", views.application_message, name="application_message"),
    path("", include("solidaires.grants.instruction_public_urls")),
]
