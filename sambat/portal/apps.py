from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sambat.portal"
    label = "portal"
