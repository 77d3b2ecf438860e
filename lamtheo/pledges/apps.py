from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "lamtheo.pledges"
    verbose_name = _("Bản đăng ký học tập và làm theo")
