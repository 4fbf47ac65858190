from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "solidaires.messaging"
    label = "messaging"
    verbose_name = "Messagerie"
