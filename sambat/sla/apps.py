from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sambat.sla"
    label = "sla"
