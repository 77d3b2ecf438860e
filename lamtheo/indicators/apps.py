from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "lamtheo.indicators"
    verbose_name = _("Chỉ tiêu")

    def ready(self):
        from lamtheo.audit.signals import recorded
        from lamtheo.indicators import freshness

        # Every action's audit rows say what it wrote: the figures reading it are recomputed (freshness.py).
        recorded.connect(freshness.on_audit_recorded, dispatch_uid="indicators_freshness")
