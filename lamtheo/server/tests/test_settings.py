"""Production settings: a command run without what it needs says in one line what to set; a deployment configured
from the environment passes `check --deploy`; the security headers are on the responses."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

GOOD_KEY = secrets.token_urlsafe(50)


def lamtheo(*arguments, tmp_path, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECRET_KEY", "DEBUG", "SECURE_", "ALLOWED_HOSTS", "DJANGO_"))
    }
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'settings.sqlite3'}"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lamtheo.cli", *arguments],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [["migrate"], ["shell", "-c", "print('ran')"], ["check"]])
def test_a_command_without_secret_key_says_in_one_line_what_to_set(command, tmp_path):
    result = lamtheo(*command, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY is not set: set SECRET_KEY to a random string" in lines[0]


def test_a_short_secret_key_is_refused(tmp_path):
    result = lamtheo("check", tmp_path=tmp_path, SECRET_KEY="x")
    assert result.returncode == 2
    assert "SECRET_KEY is too short" in result.stderr


def test_check_deploy_is_clean_with_a_key_and_the_host(tmp_path):
    result = lamtheo(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="lamtheo.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_come_from_the_environment(tmp_path):
    show = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    result = lamtheo(
        "shell",
        "-v",
        "0",
        "-c",
        show,
        tmp_path=tmp_path,
        SECRET_KEY=GOOD_KEY,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="60",
        SECURE_PROXY_SSL_HEADER="1",
    )
    assert result.stdout.split() == ["False", "60", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"], (
        result.stderr
    )
    result = lamtheo("shell", "-v", "0", "-c", show, tmp_path=tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.stdout.split() == ["True", "31536000", "None", "True"], result.stderr


@pytest.mark.django_db
def test_security_headers_on_a_page(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login")).headers  # not over HTTP
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
