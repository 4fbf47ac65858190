from django.urls import path

from . import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Sections not built yet (each app will take its URL over).
    path("ressources/", views.section, {"slug": "ressources"}, name="section_ressources"),
    path("participer/", views.section, {"slug": "participer"}, name="section_participer"),
    # Pages required by law, and how to reach us.
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("securite/", views.security_policy, name="security_policy"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
