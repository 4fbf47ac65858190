"""Agents' instruction pages, included at /espace-agents/subventions/ by agent_urls.py."""

from django.urls import path

from . import exports
from . import instruction_views as views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("assigner/", views.bulk_assign, name="bulk_assign"),
    path("dossiers/<int:pk>/", views.file_detail, name="file"),
    path("dossiers/<int:pk>/examiner/", views.file_start, name="file_start"),
    path("dossiers/<int:pk>/referent/", views.file_assign, name="file_assign"),
    path("dossiers/<int:pk>/notes/", views.file_note, name="file_note"),
    path("dossiers/<int:pk>/completude/<int:item_pk>/", views.checklist_set, name="checklist_set"),
    path("dossiers/<int:pk>/pieces/", views.pieces_request, name="pieces_request"),
    path("dossiers/<int:pk>/non-recevable/", views.declare_ineligible, name="declare_ineligible"),
    path("dossiers/<int:pk>/comite/", views.send_to_committee, name="send_to_committee"),
    path("dossiers/<int:pk>/historique/", views.file_history, name="file_history"),
    path("dossiers/<int:pk>/versements/<int:payment_pk>/", views.payment_paid, name="payment_paid"),
    path("dossiers/<int:pk>/bilan/", views.report_review, name="report_review"),
    path("dossiers/<int:pk>/cloturer/", views.file_close, name="file_close"),
    path("dossiers/<int:pk>/courriers/<int:decision_pk>/", views.agent_letter, name="letter"),
    path("commissions/", views.sessions, name="sessions"),
    path("commissions/nouvelle/", views.session_create, name="session_create"),
    path("commissions/<int:pk>/", views.session_detail, name="session"),
    path("commissions/<int:pk>/etat/", views.session_state, name="session_state"),
    path("commissions/<int:pk>/membres/", views.session_member_add, name="session_member_add"),
    path(
        "commissions/<int:pk>/membres/<int:member_pk>/retirer/",
        views.session_member_remove,
        name="session_member_remove",
    ),
    path("commissions/<int:pk>/synthese.pdf", views.session_summary, name="session_summary"),
    path(
        "commissions/<int:pk>/dossiers/<int:application_pk>/decision/",
        views.decision_create,
        name="decision_create",
    ),
    path("budget/", views.budget, name="budget"),
    path("budget/decisions.xlsx", exports.decisions_xlsx, name="budget_xlsx"),
    path("budget/decisions.csv", exports.decisions_csv, name="budget_csv"),
]
