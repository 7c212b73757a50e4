from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "sambat.routing"
    label = "routing"
