"""Emulation drives (phong trào thi đua): a committee's drive for a quarter or a year, on its code of conduct or on
criteria it chooses (seed 001, measure 7), scored per person (or per unit) against a sheet, ranked, and concluded
with a review.

The criteria carry their points; each chi bộ scores its own members (a drive over units: the committee scores
them); the ranking sums each participant's points, ties sharing a rank. A concluded drive is read-only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope


class DriveQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The drives of the user's subtrees, and those of the units above where the user belongs (a member sees
        the drive they are scored in)."""
        scope = get_scope(user)
        from lamtheo.units.models import Unit

        own = [a.unit.path for a in scope.assignments]
        above = {path[:i] for path in own for i in range(Unit.steplen, len(path) + 1, Unit.steplen)}
        return self.filter(scope.subtree_q("unit__path") | models.Q(unit__path__in=above))


class EmulationDrive(models.Model):
    class Subject(models.TextChoices):
        PEOPLE = "people", _("Cá nhân (đảng viên, cán bộ)")
        UNITS = "units", _("Đơn vị trực thuộc")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thi đua")
        CONCLUDED = "concluded", _("Đã tổng kết")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="emulation_drives", verbose_name=_("đơn vị phát động")
    )
    name = models.CharField(_("tên phong trào"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices, default=Subject.PEOPLE)
    code = models.ForeignKey(
        "conduct.ConductCode",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="emulation_drives",
        verbose_name=_("theo bộ chuẩn mực đạo đức"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    conclusion = models.TextField(_("tổng kết"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = DriveQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["unit", "starts_on"])]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("emulation:detail", args=[self.pk])


class Criterion(models.Model):
    """One line of the scoring sheet, with the most points it gives."""

    drive = models.ForeignKey(EmulationDrive, models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("tiêu chí"), max_length=300)
    points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["drive", "position"]
        constraints = [models.UniqueConstraint(fields=["drive", "position"], name="criterion_position_once")]
        verbose_name = _("tiêu chí thi đua")
        verbose_name_plural = _("tiêu chí thi đua")

    def __str__(self):
        return self.text


class Score(models.Model):
    """The points a participant (a person, or a unit in a drive over units) got on one criterion."""

    drive = models.ForeignKey(EmulationDrive, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="scores")
    person = models.ForeignKey(
        "people.Person", models.CASCADE, null=True, blank=True, related_name="emulation_scores"
    )
    participant_unit = models.ForeignKey(
        "units.Unit", models.CASCADE, null=True, blank=True, related_name="emulation_scores"
    )
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=1)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "person"], name="score_person_once"),
            models.UniqueConstraint(fields=["criterion", "participant_unit"], name="score_unit_once"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) ^ models.Q(participant_unit__isnull=True),
                name="score_person_or_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["drive", "person"]),
            models.Index(fields=["drive", "participant_unit"]),
        ]
        verbose_name = _("điểm thi đua")
        verbose_name_plural = _("điểm thi đua")

    def __str__(self):
        return f"{self.person or self.participant_unit}: {self.criterion} {self.points}"
