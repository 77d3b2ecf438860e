from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lamtheo.reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from django_tasks.signals import task_finished

        from lamtheo.reports import printing

        task_finished.connect(printing.record_failed_task, dispatch_uid="reports.record_failed_task")
