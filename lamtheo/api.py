"""The REST API (OpenAPI at /api/v1/docs). Session authentication; every endpoint is scoped like the pages."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from lamtheo.people.api import router as people_router
from lamtheo.units.api import router as units_router

api = NinjaAPI(
    title="lamtheo API", version="1", auth=django_auth, urls_namespace="api", docs_decorator=login_required
)
api.add_router("/units", units_router)
api.add_router("/people", people_router)
