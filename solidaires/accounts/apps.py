from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "solidaires.accounts"
    label = "accounts"
