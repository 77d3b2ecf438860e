"""deploy/: the reverse proxy keeps the private calendar feeds out of its access log and refuses a body bigger
than an import may be; the units start what the README says."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from lamtheo.server.management.commands.serve import gunicorn_arguments

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_the_proxy_keeps_the_calendar_feeds_out_of_its_access_log():
    config = (DEPLOY / "nginx.conf").read_text()
    unlogged = re.findall(r"^\s*~(\S+)\s+0;", config, re.MULTILINE)
    feed = reverse("meetings:calendar_feed", kwargs={"token": "abc123"})
    assert any(re.match(pattern, feed) for pattern in unlogged), feed
    assert not any(re.match(pattern, reverse("meetings:my_calendar")) for pattern in unlogged)
    assert "if=$lamtheo_loggable" in config


def test_the_proxy_refuses_a_body_bigger_than_an_import():
    config = (DEPLOY / "nginx.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", config).group(1))
    assert settings.UPLOAD_MAX_MB < limit <= settings.UPLOAD_MAX_MB + 10


def test_the_units_run_the_web_server_and_one_worker():
    assert "lamtheo serve" in (DEPLOY / "lamtheo-web.service").read_text()
    assert "lamtheo worker" in (DEPLOY / "lamtheo-worker.service").read_text()


def test_gunicorn_gets_no_access_log_and_the_2_core_defaults():
    arguments = gunicorn_arguments("127.0.0.1:8000")
    assert arguments[:2] == ["gunicorn", "lamtheo.wsgi:application"]
    assert "--access-logfile" not in arguments  # it would log the feeds' tokens
    options = dict(zip(arguments[2::2], arguments[3::2], strict=True))
    assert (options["--workers"], options["--threads"], options["--timeout"]) == ("2", "4", "120")
    assert options["--keep-alive"] == "65"  # longer than the proxy's, which then always closes first
