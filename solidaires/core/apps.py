from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "solidaires.core"
    label = "core"
