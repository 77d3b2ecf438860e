"""Model chi bộ (chi bộ mẫu, "chi bộ 4 tốt" and the like): a committee declares, for a year, the criteria a chi bộ of
its subtree must meet to be named a model; chi bộ register; each is assessed against the criteria from its own
records, read from the figures layer (lamtheo.indicators: its meetings, their attendance, its registrations, the
work given to it), never counted again; the committee then recognises those that meet them.

A criterion is one of the indicators a chi bộ already has (CRITERIA) with the bar the committee sets: a percent at
least reached for a figure where higher is better, at most reached for one where lower is (work overdue: 0%).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope

# The indicators a model chi bộ can be assessed on, with the bar a committee starts from.
CRITERIA = {
    "meetings_held": 100,
    "meetings_required": 100,
    "attendance_rate": 90,
    "thematic_meetings": 100,
    "registrations_reviewed": 100,
    "assignments_received_overdue": 0,
    "conduct_adopted": 100,
}


def _paths_above_own(user) -> set[str]:
    """The paths of the units the user's roles are at and of every unit above them."""
    from lamtheo.units.models import Unit

    own = [assignment.unit.path for assignment in get_scope(user).assignments]
    return {path[:end] for path in own for end in range(Unit.steplen, len(path) + 1, Unit.steplen)}


class StandardQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The standards of the user's subtrees, and those of the committees above where the user works (a chi bộ
        sees the criteria it registers for)."""
        scope = get_scope(user)
        return self.filter(scope.subtree_q("unit__path") | models.Q(unit__path__in=_paths_above_own(user)))

    def for_year(self, year: int):
        return self.filter(year=year)


class Standard(models.Model):
    """The criteria of a model chi bộ a committee declares for a year."""

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="model_cell_standards", verbose_name=_("cấp ủy ban hành")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên danh hiệu"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="model_cell_standard_once_a_year")
        ]
        verbose_name = _("tiêu chí chi bộ mẫu")
        verbose_name_plural = _("tiêu chí chi bộ mẫu")

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("modelcells:detail", args=[self.pk])


class Criterion(models.Model):
    """One criterion of a standard: an indicator of the chi bộ and its bar (a percent)."""

    standard = models.ForeignKey(Standard, models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("tiêu chí"), max_length=40, choices=[(code, code) for code in CRITERIA])
    bar = models.DecimalField(_("mức yêu cầu (%)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="model_cell_criterion_once"),
        ]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self):
        return self.code

    @property
    def indicator(self):
        from lamtheo.indicators import registry

        return registry.get(self.code)


class ModelCellQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The registrations of the chi bộ of the user's subtrees, those to a standard of their subtrees, and their
        own chi bộ's (a member sees how it was assessed)."""
        scope = get_scope(user)
        return self.filter(
            scope.subtree_q("unit__path")
            | scope.subtree_q("standard__unit__path")
            | models.Q(unit__in=scope.member_unit_ids)
        )

    def recognised(self):
        return self.filter(status=ModelCell.Status.RECOGNISED)


class ModelCell(models.Model):
    """A chi bộ registered for a standard: assessed from its records, then recognised by the committee."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        ASSESSED = "assessed", _("Đã đánh giá")
        RECOGNISED = "recognised", _("Đã công nhận")

    standard = models.ForeignKey(Standard, models.CASCADE, related_name="cells")
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="model_cells", verbose_name=_("chi bộ")
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    # The assessment, as it was when made: [{code, bar, numerator, denominator, met}] in the standard's order.
    results = models.JSONField(default=list, blank=True)
    meets = models.BooleanField(_("đạt tiêu chí"), null=True)
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="model_cells",
        verbose_name=_("quyết định công nhận"),
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ModelCellQuerySet.as_manager()

    class Meta:
        ordering = ["standard", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "unit"], name="model_cell_once_per_standard")
        ]
        indexes = [models.Index(fields=["unit", "status"])]
        verbose_name = _("chi bộ đăng ký chi bộ mẫu")
        verbose_name_plural = _("chi bộ đăng ký chi bộ mẫu")

    def __str__(self):
        return f"{self.unit} — {self.standard}"

    def get_absolute_url(self):
        return reverse("modelcells:detail", args=[self.standard_id])
