"""Codes of conduct (chuẩn mực đạo đức): a unit's short list of slogans for a year or a term.

A code starts as a draft, usually from the code of the level above (its template), is discussed and adopted at a
chi bộ meeting (date and minutes), and is then read-only: a new version or a new period is a new code, and the
old one retires. How close a code is to its template is computed by lamtheo.conduct.similarity and stored on the
code and its rules, so lists and rollups read it without recomputing.
"""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.lib import vn
from lamtheo.units.models import Unit

# The kinds of unit that should adopt a code: every committee and every chi bộ (a tổ đảng follows its chi bộ's).
EXPECTED_KINDS = (*Unit.COMMITTEE_KINDS, *Unit.CELL_KINDS)


def _ancestor_paths(paths, steplen: int) -> set[str]:
    """Every path above (and including) each of `paths`."""
    return {path[: i * steplen] for path in paths for i in range(1, len(path) // steplen + 1)}


class ConductCodeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Every code in the subtrees of the user's staff roles, drafts included; and the adopted (or retired)
        codes of the units the user belongs to or works in and of every unit above them: a member reads the
        code of their chi bộ, and a chi bộ reads the codes above it that it starts from."""
        scope = get_scope(user)
        own_paths = [a.unit.path for a in scope.assignments]
        above = _ancestor_paths(own_paths, Unit.steplen)
        return self.filter(
            scope.subtree_q("unit__path") | (Q(unit__path__in=above) & ~Q(status=ConductCode.Status.DRAFT))
        )

    def adopted(self):
        return self.filter(status=ConductCode.Status.ADOPTED)

    def in_force(self, year: int):
        """Codes adopted and not retired whose period covers `year`: the one definition the figures use."""
        return self.adopted().filter(start_year__lte=year, end_year__gte=year)

    def copied(self):
        return self.filter(is_copied=True)

    def templates_for(self, unit):
        """Adopted codes of the units above `unit`, the nearest first, then the newest."""
        above = _ancestor_paths([unit.path], unit.steplen) - {unit.path}
        return (
            self.adopted().filter(unit__path__in=above).order_by("-unit__depth", "-end_year", "-start_year")
        )


def minutes_path(instance, filename):
    return f"conduct/{instance.unit_id}/{filename}"


class ConductCode(models.Model):
    """A unit's code of conduct (chuẩn mực đạo đức) for a year or a term: a short list of slogans."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ADOPTED = "adopted", _("Đã thông qua")
        RETIRED = "retired", _("Hết hiệu lực")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="conduct_codes", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("tên bộ chuẩn mực"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    template = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("xây dựng từ chuẩn mực của cấp trên"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("ngày thông qua"), null=True, blank=True)
    # The minutes of the chi bộ meeting that discussed and adopted the code: an uploaded file, or the meeting
    # recorded in the meetings app (its biên bản lives there), or both. Codes adopted before the meetings app
    # existed keep only the file.
    minutes = models.FileField(_("biên bản cuộc họp"), upload_to=minutes_path, blank=True)
    minutes_name = models.CharField(_("tên biên bản"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_conduct_codes",
        verbose_name=_("cuộc họp thông qua"),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    # Mean of each rule's best match in the template (0–100, one decimal); None without a template.
    similarity = models.FloatField(_("mức giống chuẩn mực cấp trên"), null=True, blank=True)
    is_copied = models.BooleanField(_("sao chép nguyên văn"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConductCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuẩn mực đạo đức")
        verbose_name_plural = _("chuẩn mực đạo đức")
        ordering = ["-start_year", "unit"]
        indexes = [
            models.Index(fields=["unit", "status", "start_year"]),
            models.Index(fields=["status", "is_copied"], name="conduct_status_copied_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")),
                name="conduct_period_in_order",
                violation_error_message=_("«Đến năm» không thể trước «Từ năm»."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conduct:detail", args=[self.pk])

    @property
    def period(self) -> str:
        """`2026`, or `2025–2030` for a term."""
        if self.start_year is None:
            return ""
        if self.start_year == self.end_year or self.end_year is None:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def period_label(self) -> str:
        """`Năm 2026` or `Giai đoạn 2025 – 2030`, as the poster prints it."""
        if self.start_year == self.end_year:
            return gettext("Năm %(year)s") % {"year": self.start_year}
        return gettext("Giai đoạn %(start)s – %(end)s") % {"start": self.start_year, "end": self.end_year}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def similarity_display(self) -> str:
        """`96,5%`, or an empty string when the code has no template to compare with."""
        return "" if self.similarity is None else f"{vn.number(self.similarity, 1)}%"

    @property
    def minutes_extension(self) -> str:
        return PurePath(self.minutes.name).suffix.lower() if self.minutes else ""

    @property
    def minutes_download_name(self) -> str:
        name = self.minutes_name or gettext("Biên bản")
        extension = self.minutes_extension
        return name if name.lower().endswith(extension) else f"{name}{extension}"

    def rule_texts(self) -> list[str]:
        return [rule.text for rule in self.rules.all()]


class ConductRuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rules of the codes `user` may see (for the registrations that refer to them)."""
        return self.filter(code__in=ConductCode.objects.visible_to(user).values("pk"))


class ConductRule(models.Model):
    """One rule of a code: a short slogan fitted to the unit's work ("Đúng hẹn với dân")."""

    code = models.ForeignKey(ConductCode, models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("chuẩn mực"), max_length=300)
    # The template's rule this one is closest to, and how close (0–100): stored with the code's similarity.
    template_rule = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("điều gần nhất của chuẩn mực cấp trên"),
    )
    similarity = models.FloatField(_("mức giống"), null=True, blank=True)

    objects = ConductRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("điều chuẩn mực")
        ordering = ["code", "position"]
        constraints = [models.UniqueConstraint(fields=["code", "position"], name="unique_rule_position")]

    def __str__(self):
        return self.text

    @property
    def similarity_display(self) -> str:
        return "" if self.similarity is None else f"{vn.number(self.similarity, 1)}%"
