from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "sambat.agencies"
    label = "agencies"
