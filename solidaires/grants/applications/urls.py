"""URLs of the applicant side: ``urlpatterns`` under /projets/ (included by grants/urls.py) and
``agent_urlpatterns``, the agents' scheme pages under /espace-agents/subventions/ (included by
grants/agent_urls.py)."""

from django.urls import URLPattern, path

from solidaires.grants.applications.views import agents, desk, files, public, vault

urlpatterns: list[URLPattern] = [
    path("", public.index, name="index"),
    path("mon-espace/", desk.desk, name="desk"),
    path("mon-espace/groupes/nouveau/", desk.group_create, name="group_create"),
    path("mon-espace/associations/<slug:slug>/", desk.association_space, name="association_space"),
    path("espaces/<int:pk>/", desk.applicant_detail, name="applicant_detail"),
    path("espaces/<int:pk>/membres/", desk.group_members, name="group_members"),
    path("espaces/<int:pk>/coffre-fort/ajouter/", vault.vault_upload, name="vault_upload"),
    path("coffre-fort/<int:pk>/telecharger/", vault.vault_download, name="vault_download"),
    path("coffre-fort/<int:pk>/supprimer/", vault.vault_delete, name="vault_delete"),
    path("deposer/", files.application_start, name="application_start"),
    path("brouillons/<int:pk>/etape-<int:step>/", files.application_step, name="application_step"),
    path("brouillons/<int:pk>/enregistrement-auto/", files.application_autosave, name="application_autosave"),
    path("recuperer-un-dossier/", desk.handover_claim, name="handover_claim"),
    path("recuperer-un-dossier/<str:code>/", desk.handover_claim, name="handover_claim_code"),
    path("dossiers/<str:ref>/", files.application_detail, name="application_detail"),
    path(
        "dossiers/<str:ref>/accuse-de-reception.pdf",
        files.application_ack_pdf,
        name="application_ack_pdf",
    ),
    path("dossiers/<str:ref>/retirer/", files.application_withdraw, name="application_withdraw"),
    path("dossiers/<str:ref>/piece/", files.application_supply_piece, name="application_supply_piece"),
    path("dossiers/<str:ref>/message/", files.application_message, name="application_message"),
]

agent_urlpatterns: list[URLPattern] = [
    path("dispositifs/", agents.scheme_list, name="schemes"),
    path("dispositifs/nouveau/", agents.scheme_create, name="scheme_create"),
    path("dispositifs/<int:pk>/modifier/", agents.scheme_edit, name="scheme_edit"),
    path("dispositifs/<int:pk>/appels/nouveau/", agents.call_create, name="call_create"),
    path("dispositifs/<int:pk>/enveloppes/", agents.envelope_set, name="envelope_set"),
    path("appels/<int:pk>/modifier/", agents.call_edit, name="call_edit"),
    path("pour-un-habitant/", agents.on_behalf_start, name="on_behalf_start"),
    path("pour-un-habitant/<int:pk>/code/", agents.handover_sheet, name="handover_sheet"),
]
