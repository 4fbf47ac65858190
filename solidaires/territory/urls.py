from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.territory_index, name="index"),
    path("communes.geojson", views.communes_geojson, name="communes_geojson"),
    path("carte.svg", views.communes_svg, name="communes_svg"),
    path("communes/<slug:slug>/", views.commune_detail, name="commune"),
    path("lieux/", views.place_list, name="places"),
    path("lieux/<slug:slug>/", views.place_detail, name="place"),
]
