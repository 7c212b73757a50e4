from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sambat.notifications"
    label = "notifications"
