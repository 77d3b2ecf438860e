from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lamtheo.people"
    verbose_name = _("Đảng viên và cán bộ")
