"""Public and applicant-facing pages of the instruction side, included at /projets/ by urls.py."""

from django.urls import path

from . import instruction_views as views

urlpatterns = [
    path("realises/", views.funded, name="funded"),
    path("dossiers/<int:pk>/rapport/", views.final_report, name="report"),
    path("dossiers/<int:pk>/courriers/<int:decision_pk>/", views.applicant_letter, name="letter"),
    path("commissions/", views.member_sessions, name="committee_sessions"),
    path("commissions/<int:pk>/", views.member_session, name="committee_session"),
    path("commissions/<int:pk>/synthese.pdf", views.member_summary, name="committee_summary"),
    path(
        "commissions/<int:pk>/dossiers/<int:application_pk>/",
        views.member_file,
        name="committee_file",
    ),
]
