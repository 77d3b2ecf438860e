from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelCellsConfig(AppConfig):
    name = "lamtheo.modelcells"
    verbose_name = _("Chi bộ mẫu")
