from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "solidaires.matching"
    label = "matching"
    verbose_name = "Mise en relation"
