from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sambat.demo"
    label = "demo"
