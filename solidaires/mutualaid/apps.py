from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "solidaires.mutualaid"
    label = "mutualaid"
    verbose_name = "Entraide"
