from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "solidaires.grants"
    label = "grants"
    verbose_name = "Projets et subventions"
