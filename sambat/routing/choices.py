from django.db import models
from django.utils.translation import gettext_lazy as _


class ExampleKind(models.TextChoices):
    """Which staff decision a labelled routing example comes from."""

    TRIAGE_ASSIGNMENT = "triage_assignment", _("Assigned from the verification queue")
    CORRECTION = "correction", _("Moved to another department")
    CATEGORY_CORRECTION = "category_correction", _("Category corrected")
    NOT_OUR_REMIT = "not_our_remit", _("Returned: not our remit")


# Kinds that say the automatic route, or an earlier decision, was wrong: they teach the most.
CORRECTIVE_KINDS = frozenset({ExampleKind.CORRECTION, ExampleKind.CATEGORY_CORRECTION, ExampleKind.NOT_OUR_REMIT})
