from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "sambat.staff"
    label = "staff"
