"""The application's URLs plus one trivial view: the benchmark's baseline (framework overhead)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial", trivial), *app_urlpatterns]
