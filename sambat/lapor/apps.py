from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LaporConfig(AppConfig):
    name = "sambat.lapor"
    label = "lapor"
    verbose_name = _("SP4N-LAPOR! connector")

    def ready(self) -> None:
        from sambat.complaints.models import ComplaintEvent
        from sambat.lapor.signals import queue_for_lapor

        post_save.connect(queue_for_lapor, sender=ComplaintEvent, dispatch_uid="lapor_queue_for_lapor")
