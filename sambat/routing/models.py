"""Routing rules written by the city's admins, labelled examples from staff decisions, the city's policy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sambat.agencies.models import Area, Category, Department
from sambat.routing.choices import ExampleKind

MIN_THRESHOLD = 0.5
MAX_THRESHOLD = 0.99


class RoutingRule(models.Model):
    """An admin's explicit routing: when every condition given holds, the complaint goes to `department`.

    Conditions: keywords (any phrase, whole words), the complaint's category, its area (a kecamatan rule also
    matches the kelurahan inside it). Rules are tried in `position` order before the text classifier; the
    first match wins.
    """

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers are tried first."))
    is_active = models.BooleanField(_("active"), default=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One word or phrase per line, or separated by commas. Any of them matches, as whole words, "
            "ignoring case and accents."
        ),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("when the category is"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("when the place is in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A kecamatan (covers its kelurahan) or a single kelurahan."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("send to department"), on_delete=models.PROTECT, related_name="routing_rules"
    )
    target_category = models.ForeignKey(
        Category,
        verbose_name=_("set the category to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Optional: the category to give a complaint that has none."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        _forget_rules()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)  # type: ignore[arg-type]
        _forget_rules()
        return result

    def clean(self) -> None:
        super().clean()
        from sambat.routing.rules import split_keywords

        if not split_keywords(self.keywords) and self.category_id is None and self.area_id is None:
            raise ValidationError(
                _("A rule needs at least one condition: keywords, a category or an area."), code="no_condition"
            )

    @property
    def keyword_list(self) -> list[str]:
        from sambat.routing.rules import split_keywords

        return split_keywords(self.keywords)


def _forget_rules() -> None:
    # This process's copy of the active rules is stale now; other processes notice through the version check.
    from sambat.routing.rules import forget_cached_rules

    forget_cached_rules()


class RoutingExample(models.Model):
    """A labelled example for the classifier, written by the staff decision that produced it.

    Positive kinds say which department is right (`department`); a "not our remit" return says which one is
    wrong (`rejected_department`).
    """

    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="routing_examples"
    )
    kind = models.CharField(_("decision"), max_length=24, choices=ExampleKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("right department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejected_department = models.ForeignKey(
        Department,
        verbose_name=_("wrong department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing example")
        verbose_name_plural = _("routing examples")
        ordering = ["complaint_id", "created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="routing_example_complaint_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ExampleKind.values), name="routing_example_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=ExampleKind.NOT_OUR_REMIT) | Q(rejected_department__isnull=False),
                name="routing_example_return_names_department",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[ExampleKind.TRIAGE_ASSIGNMENT, ExampleKind.CORRECTION])
                | Q(department__isnull=False),
                name="routing_example_assignment_names_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


class RoutingPolicy(models.Model):
    """The city's routing settings (one row): whether the classifier routes, and how sure it must be."""

    SINGLETON_ID = 1

    enabled = models.BooleanField(
        _("route with the text classifier"),
        default=True,
        help_text=_("Off: complaints the rules and categories cannot route go to the verification queue."),
    )
    auto_route_threshold = models.FloatField(
        _("confidence needed to route automatically"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(MAX_THRESHOLD)],
        help_text=_(
            "Between 0.5 and 0.99. Empty: the value the current model recommends for 90% precision. "
            "Below it, the complaint goes to the verification queue with suggestions."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("routing policy")
        verbose_name_plural = _("routing policy")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="routing_policy_single_row"),
            models.CheckConstraint(
                condition=Q(auto_route_threshold__isnull=True)
                | Q(auto_route_threshold__gte=MIN_THRESHOLD, auto_route_threshold__lte=MAX_THRESHOLD),
                name="routing_policy_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
