"""URLs of the instruction side: ``urlpatterns``, the agents' pages under
/espace-agents/subventions/ (included by grants/agent_urls.py), and ``public_urlpatterns``, the
public and applicant-facing pages under /projets/ (included by grants/urls.py)."""

from django.urls import URLPattern, path

from solidaires.grants.instruction.views import budget, committee, exports, files, inbox, members, public

urlpatterns: list[URLPattern] = [
    path("", inbox.inbox, name="inbox"),
    path("assigner/", inbox.bulk_assign, name="bulk_assign"),
    path("dossiers/<int:pk>/", files.file_detail, name="file"),
    path("dossiers/<int:pk>/examiner/", files.file_start, name="file_start"),
    path("dossiers/<int:pk>/referent/", files.file_assign, name="file_assign"),
    path("dossiers/<int:pk>/notes/", files.file_note, name="file_note"),
    path("dossiers/<int:pk>/completude/<int:item_pk>/", files.checklist_set, name="checklist_set"),
    path("dossiers/<int:pk>/pieces/", files.pieces_request, name="pieces_request"),
    path("dossiers/<int:pk>/non-recevable/", files.declare_ineligible, name="declare_ineligible"),
    path("dossiers/<int:pk>/comite/", files.send_to_committee, name="send_to_committee"),
    path("dossiers/<int:pk>/historique/", files.file_history, name="file_history"),
    path("dossiers/<int:pk>/versements/<int:payment_pk>/", files.payment_paid, name="payment_paid"),
    path("dossiers/<int:pk>/bilan/", files.report_review, name="report_review"),
    path("dossiers/<int:pk>/cloturer/", files.file_close, name="file_close"),
    path("dossiers/<int:pk>/courriers/<int:decision_pk>/", files.agent_letter, name="letter"),
    path("commissions/", committee.sessions, name="sessions"),
    path("commissions/nouvelle/", committee.session_create, name="session_create"),
    path("commissions/<int:pk>/", committee.session_detail, name="session"),
    path("commissions/<int:pk>/etat/", committee.session_state, name="session_state"),
    path("commissions/<int:pk>/membres/", committee.session_member_add, name="session_member_add"),
    path(
        "commissions/<int:pk>/membres/<int:member_pk>/retirer/",
        committee.session_member_remove,
        name="session_member_remove",
    ),
    path("commissions/<int:pk>/synthese.pdf", committee.session_summary, name="session_summary"),
    path(
        "commissions/<int:pk>/dossiers/<int:application_pk>/decision/",
        committee.decision_create,
        name="decision_create",
    ),
    path("budget/", budget.budget, name="budget"),
    path("budget/decisions.xlsx", exports.decisions_xlsx, name="budget_xlsx"),
    path("budget/decisions.csv", exports.decisions_csv, name="budget_csv"),
]

public_urlpatterns: list[URLPattern] = [
    path("realises/", public.funded, name="funded"),
    path("dossiers/<int:pk>/rapport/", public.final_report, name="report"),
    path("dossiers/<int:pk>/courriers/<int:decision_pk>/", public.applicant_letter, name="letter"),
    path("commissions/", members.member_sessions, name="committee_sessions"),
    path("commissions/<int:pk>/", members.member_session, name="committee_session"),
    path("commissions/<int:pk>/synthese.pdf", members.member_summary, name="committee_summary"),
    path(
        "commissions/<int:pk>/dossiers/<int:application_pk>/",
        members.member_file,
        name="committee_file",
    ),
]
