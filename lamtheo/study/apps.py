from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "lamtheo.study"
    verbose_name = _("Học tập chuyên đề")
