from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet


class ConductCode(models.Model):
    """A unit's code of conduct (chuẩn mực đạo đức) for a year or a term: a short list of slogans."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ADOPTED = "adopted", _("Đã thông qua")
        RETIRED = "retired", _("Hết hiệu lực")

    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="conduct_codes", verbose_name=_("đơn vị"))
    title = models.CharField(_("tên bộ chuẩn mực"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    template = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="derived",
        verbose_name=_("xây dựng từ chuẩn mực của cấp trên"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("ngày thông qua"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuẩn mực đạo đức")
        verbose_name_plural = _("chuẩn mực đạo đức")
        ordering = ["-start_year", "unit"]
        indexes = [models.Index(fields=["unit", "status", "start_year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conduct:detail", args=[self.pk])


class ConductRule(models.Model):
    """One rule of a code: a short slogan fitted to the unit's work ("Đúng hẹn với dân")."""

    code = models.ForeignKey(ConductCode, models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("chuẩn mực"), max_length=300)

    class Meta:
        verbose_name = _("điều chuẩn mực")
        ordering = ["code", "position"]
        constraints = [models.UniqueConstraint(fields=["code", "position"], name="unique_rule_position")]

    def __str__(self):
        return self.text
