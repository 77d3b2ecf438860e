from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lamtheo.imports"
    verbose_name = _("Nhập dữ liệu")

    def ready(self):
        from django_tasks.signals import task_finished

        from lamtheo.imports import actions

        task_finished.connect(actions.record_failed_task, dispatch_uid="imports.record_failed_task")
