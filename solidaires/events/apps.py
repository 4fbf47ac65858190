from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solidaires.events"
    label = "events"
    verbose_name = "Agenda"
