"""`lamtheo worker`: the process that runs the background jobs (lamtheo/lib/jobs.py).

The worker of django-tasks-db (`db_worker`, every option of it applies), with two things first: its address space
is capped at WORKER_MEMORY_LIMIT_MB, and the tasks left running by a worker that died are marked failed, with the
reason, so that their pages say so. Run one per deployment (deploy/lamtheo-worker.service).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks_db.management.commands import db_worker

from lamtheo.lib import jobs


class Command(db_worker.Command):
    help = _("Chạy các việc nền (nhập tệp, gửi thư). Mỗi máy chủ chạy một tiến trình này.")

    def handle(self, *args, worker_id, **options):
        jobs.limit_memory(settings.WORKER_MEMORY_LIMIT_MB)
        abandoned = jobs.fail_abandoned(worker_id)
        if abandoned:
            self.stderr.write(
                _("Đã đánh dấu thất bại %(count)s việc nền đang chạy dở khi tiến trình trước dừng.")
                % {"count": len(abandoned)}
            )
        return super().handle(*args, worker_id=worker_id, **options)
