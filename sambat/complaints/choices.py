from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Complaint")
    ASPIRASI = "aspirasi", _("Idea or suggestion")
    PERMINTAAN_INFORMASI = "permintaan_informasi", _("Question")
    INFORMASI = "informasi", _("Tip")


class Privacy(models.TextChoices):
    PUBLIC = "public", _("Public")
    ANONYMOUS = "anonymous", _("Anonymous (my identity is hidden)")
    CONFIDENTIAL = "confidential", _("Confidential (not published)")


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    ASSISTED = "assisted", _("Assisted by a KIM assistant")
    APP = "app", _("Mobile app")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Social media")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    OPEN311 = "open311", _("Open311")
    STAFF = "staff", _("Entered by staff")


class Status(models.TextChoices):
    """The states of DESIGN §2. Colours are for badges."""

    RECEIVED = "received", _("Received")
    TRIAGE = "triage", _("Being verified")
    ASSIGNED = "assigned", _("Sent to department")
    IN_PROGRESS = "in_progress", _("In progress")
    NEEDS_INFO = "needs_info", _("Waiting for your information")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")

    @property
    def colour(self) -> str:
        return _STATUS_COLOURS[self.value]


_STATUS_COLOURS = {
    "received": "grey",
    "triage": "orange",
    "assigned": "blue",
    "in_progress": "blue",
    "needs_info": "purple",
    "resolved": "green",
    "closed": "green",
    "rejected": "red",
    "merged": "grey",
}

# Complaints a department still owes work on; used for backlog, overdue and inbox defaults.
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO})
DEPARTMENT_OPEN_STATUSES = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO})
FINAL_STATUSES = frozenset({Status.CLOSED, Status.REJECTED, Status.MERGED})


class EventType(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ROUTED = "routed", _("Routed automatically")
    SENT_TO_TRIAGE = "sent_to_triage", _("Sent for verification")
    ASSIGNED = "assigned", _("Assigned to a department")
    REASSIGNED = "reassigned", _("Moved to another department")
    RESPONDED = "responded", _("Department responded")
    PROGRESS = "progress", _("Progress update")
    INFO_REQUESTED = "info_requested", _("Information requested")
    CITIZEN_REPLIED = "citizen_replied", _("Citizen replied")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    RATED = "rated", _("Rated")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another complaint")
    RETURNED = "returned", _("Returned: not our remit")
    NOTE = "note", _("Internal note")
    INSTRUCTION = "instruction", _("Leader's instruction")
    DETAILS_CORRECTED = "details_corrected", _("Details corrected")
    SLA_REMINDER = "sla_reminder", _("Deadline reminder")
    OVERDUE = "overdue", _("Overdue: warning to the head")
    ESCALATED = "escalated", _("Escalated to the leaders")
    LAPOR_SENT = "lapor_sent", _("Forwarded to SP4N-LAPOR!")
    LAPOR_UPDATE = "lapor_update", _("Update from SP4N-LAPOR!")


class RoutingSource(models.TextChoices):
    RULE = "rule", _("Routing rule")
    CATEGORY = "category", _("Category default")
    AREA = "area", _("Area office")
    MODEL = "model", _("Text classifier")
    MANUAL = "manual", _("Staff decision")


class ActorKind(models.TextChoices):
    """Who acted, as the public timeline shows it."""

    CITIZEN = "citizen", _("Citizen")
    ASSISTANT = "assistant", _("KIM assistant")
    SYSTEM = "system", _("Sambat system")
    VERIFIER = "verifier", _("Verifier (Diskominfo)")
    DEPARTMENT = "department", _("Department")
    LEADER = "leader", _("Leadership")
    LAPOR = "lapor", _("SP4N-LAPOR!")
