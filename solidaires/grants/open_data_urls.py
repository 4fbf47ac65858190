"""Open data of the grants app, included at /donnees/ by config/urls.py."""

from django.urls import path

from solidaires.grants.instruction.views import exports

app_name = "open_data"
urlpatterns = [
    path("subventions.csv", exports.scdl_csv, name="subventions_csv"),
    path("subventions.xlsx", exports.scdl_xlsx, name="subventions_xlsx"),
    path("subventions.json", exports.scdl_json, name="subventions_json"),
]
