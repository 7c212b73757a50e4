from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "sambat.complaints"
    label = "complaints"
