from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lamtheo.imports"
    verbose_name = _("Nhập dữ liệu")
