from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "solidaires.volunteering"
    label = "volunteering"
    verbose_name = "Bénévolat"
