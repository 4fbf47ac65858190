from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

handler403 = "solidaires.core.views.permission_denied"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("solidaires.site.urls")),
    path("comptes/", include("allauth.urls")),
    path("mon-compte/", include("solidaires.accounts.urls")),
    path("territoire/", include("solidaires.territory.urls")),
    path("associations/", include("solidaires.associations.urls")),
    path("missions/", include("solidaires.volunteering.urls")),
    path("entraide/", include("solidaires.moderation.urls")),
    path("entraide/", include("solidaires.mutualaid.urls")),
    path("messages/", include("solidaires.messaging.urls")),
    path("agenda/", include("solidaires.events.urls")),
    path("projets/", include("solidaires.grants.urls")),
    path("donnees/", include("solidaires.grants.open_data_urls")),
    path("espace-agents/lieux/", include("solidaires.territory.agent_urls")),
    path("espace-agents/missions/", include("solidaires.volunteering.agent_urls")),
    path("espace-agents/entraide/", include("solidaires.moderation.agent_urls")),
    path("espace-agents/entraide/", include("solidaires.mutualaid.agent_urls")),
    path("espace-agents/agenda/", include("solidaires.events.agent_urls")),
    path("espace-agents/subventions/", include("solidaires.grants.agent_urls")),
    path("espace-agents/mise-en-relation/", include("solidaires.matching.agent_urls")),
    path("espace-agents/", include("solidaires.associations.agent_urls")),
    path("api/v1/", include("solidaires.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
