from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "lamtheo.indicators"
    verbose_name = _("Chỉ tiêu")

    def ready(self):
        from lamtheo.indicators import versioning

        # After every migrate: the triggers that change the data version on each write (see versioning.py).
        post_migrate.connect(versioning.on_post_migrate, sender=self, dispatch_uid="indicators_versioning")
