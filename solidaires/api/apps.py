from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "solidaires.api"
    label = "api"
