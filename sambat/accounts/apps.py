from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sambat.accounts"
    label = "accounts"
