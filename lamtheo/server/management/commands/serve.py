"""`lamtheo serve`: the production web server, gunicorn serving `lamtheo.wsgi` (WhiteNoise serves the static files
from STATIC_ROOT: run `lamtheo collectstatic` after each upgrade).

Chosen for a 2-core server: 2 worker processes × 4 threads (a request mostly waits on the database), requests
longer than 120 s are cut (a province's report DOCX takes a few seconds), and a worker process is replaced after
about 2.000 requests so that memory cannot creep. An idle connection is kept 65 s, longer than the reverse proxy keeps its own, so that the proxy closes
it first (with gunicorn's 2 s, a request arriving as the server closes is reset). Each is a setting (WEB_WORKERS,
WEB_THREADS, WEB_TIMEOUT, WEB_KEEPALIVE).
The process becomes gunicorn (exec), so systemd's signals reach it directly.
"""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


def gunicorn_arguments(bind: str) -> list[str]:
    return [
        "gunicorn",
        "lamtheo.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(settings.WEB_WORKERS),
        "--threads",
        str(settings.WEB_THREADS),
        "--timeout",
        str(settings.WEB_TIMEOUT),
        "--keep-alive",
        str(settings.WEB_KEEPALIVE),
        "--graceful-timeout",
        "30",
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--forwarded-allow-ips",
        settings.WEB_FORWARDED_ALLOW_IPS,
        # No access log here: the reverse proxy keeps it, without the private calendar feeds' paths (their token
        # is the credential), which gunicorn could not leave out.
    ]


class Command(BaseCommand):
    help = _("Chạy máy chủ web cho sản xuất (gunicorn), mặc định trên 127.0.0.1:8000 sau một reverse proxy.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=settings.WEB_BIND, help=_("Địa chỉ và cổng, ví dụ 127.0.0.1:8000.")
        )

    def handle(self, *args, bind, **options):
        arguments = gunicorn_arguments(bind)
        os.execv(sys.executable, [sys.executable, "-m", *arguments])  # noqa: S606 - our own interpreter
