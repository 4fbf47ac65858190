from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "solidaires.associations"
    label = "associations"
