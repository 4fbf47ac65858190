from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "solidaires.territory"
    label = "territory"
