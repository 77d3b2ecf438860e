from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet


class AuditEventQuerySet(ScopedQuerySet):
    def for_object(self, obj):
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)


class AuditEvent(models.Model):
    """Who changed what, when. Written by actions; shown as a record's history to those who may see it."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("người thực hiện")
    )
    action = models.CharField(_("thao tác"), max_length=40)
    target_type = models.ForeignKey(ContentType, models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(max_length=200)
    unit = models.ForeignKey("units.Unit", models.SET_NULL, null=True, blank=True, related_name="+")
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self):
        return f"{self.action} {self.target_repr}"
