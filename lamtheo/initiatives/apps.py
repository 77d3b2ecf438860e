from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "lamtheo.initiatives"
    verbose_name = _("Mô hình, nội dung đột phá")
