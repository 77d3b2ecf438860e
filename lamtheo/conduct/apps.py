from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    name = "lamtheo.conduct"
    verbose_name = _("Chuẩn mực đạo đức")
