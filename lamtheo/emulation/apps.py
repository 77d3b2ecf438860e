from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "lamtheo.emulation"
    verbose_name = _("Phong trào thi đua")
