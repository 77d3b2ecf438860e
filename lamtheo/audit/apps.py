from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lamtheo.audit"
    verbose_name = _("Lịch sử thay đổi")
