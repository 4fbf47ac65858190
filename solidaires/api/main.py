"""The REST API (OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs).

Each app owns its endpoints in its own ``api.py`` (a ninja Router) and is registered here.
"""

from __future__ import annotations

from ninja import NinjaAPI

from solidaires.associations.api import router as associations_router
from solidaires.core.api import install_error_handlers
from solidaires.core.http import AnonThrottle, AuthThrottle
from solidaires.events.api import router as events_router
from solidaires.grants.api import router as grants_router
from solidaires.mutualaid.api import router as mutualaid_router
from solidaires.territory.api import router as territory_router
from solidaires.volunteering.api import router as volunteering_router

api = NinjaAPI(
    title="Solidaires API",
    version="1.0.0",
    description="API publique de Solidaires : communes, lieux, associations.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Rate limits (QUALITY.md): per IP for anonymous clients, per account otherwise.
    # The client is solidaires.core.http.client_ip (SOLIDAIRES_TRUSTED_PROXIES), never a raw header.
    throttle=[AnonThrottle("120/m"), AuthThrottle("600/m")],
)
# French JSON answers for invalid input, unreadable bodies and bodies over the limit (1116).
install_error_handlers(api)
api.add_router("/", territory_router)
api.add_router("/associations", associations_router)
api.add_router("/missions", volunteering_router)
api.add_router("/entraide", mutualaid_router)
api.add_router("/agenda", events_router)
api.add_router("/projets", grants_router)
