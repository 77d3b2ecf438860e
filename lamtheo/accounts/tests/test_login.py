"""Logging in (accounts views + backend + django-axes), password hashing and idle sessions."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client
from django.urls import reverse

import lamtheo.settings as project_settings
from lamtheo.accounts.models import User
from lamtheo.testing import PASSWORD, PERSONAS

LOGIN_URL = reverse("accounts:login")
WRONG_PASSWORD = "Tên đăng nhập hoặc mật khẩu không đúng"
LOCKED_OUT = "Tạm khóa đăng nhập"


def log_in(client, identifier, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": identifier, "password": password}, **extra)


def logged_in_as(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


@pytest.fixture(autouse=True)
def _fast_persona_passwords(db):
    """The session's world was built before conftest switched hashing to MD5: hash the personas' again."""
    hashed = make_password(PASSWORD)
    User.objects.filter(username__in=PERSONAS).update(password=hashed)


@pytest.fixture
def axes(settings):
    """Throttling on (conftest turns it off for speed), three tries, counted per account and address."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    settings.AXES_USERNAME_CALLABLE = "lamtheo.accounts.backends.lockout_username"
    return settings


class TestIdentifiers:
    def test_by_username(self, client, secretary):
        response = log_in(client, "secretary")
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        assert logged_in_as(client) == secretary

    def test_by_email_in_any_case(self, client, secretary):
        assert log_in(client, "  SECRETARY@Example.VN ").status_code == 302
        assert logged_in_as(client) == secretary

    @pytest.mark.parametrize("typed", ["0912345678", "+84912345678", "+84 912 345 678", "0912.345.678"])
    def test_by_phone_in_its_usual_forms(self, client, secretary, typed):
        secretary.phone = "0912345678"
        secretary.save(update_fields=["phone"])
        assert log_in(client, typed).status_code == 302
        assert logged_in_as(client) == secretary

    def test_wrong_password_says_so_in_vietnamese(self, client, secretary):
        response = log_in(client, "secretary", "sai-mat-khau")
        assert response.status_code == 200
        assert WRONG_PASSWORD in response.content.decode()
        assert logged_in_as(client) is None

    def test_unknown_user_gets_the_same_message(self, client, db):
        response = log_in(client, "khong-co-ai")
        assert WRONG_PASSWORD in response.content.decode()

    def test_a_logged_in_user_is_sent_on(self, login, member):
        assert login(member).get(LOGIN_URL).status_code == 302


class TestDemoAccounts:
    @pytest.fixture
    def demo(self, db):
        return User.objects.create_user("demo-bi-thu", "demo@example.vn", PASSWORD, is_demo=True)

    def test_refused_when_debug_is_off(self, client, settings, demo):
        settings.DEBUG = False
        response = log_in(client, "demo-bi-thu")
        assert response.status_code == 200
        assert logged_in_as(client) is None

    def test_accepted_when_debug_is_on(self, client, settings, demo):
        settings.DEBUG = True
        assert log_in(client, "demo-bi-thu").status_code == 302
        assert logged_in_as(client) == demo


class TestPasswords:
    def test_production_hashes_with_argon2(self):
        # conftest switches tests to MD5 for speed; the project's own setting is what production uses.
        assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

    def test_argon2_is_installed_and_works(self, settings):
        settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
        encoded = make_password("mot-mat-khau-dai")
        assert identify_hasher(encoded).algorithm == "argon2"

    def test_short_passwords_are_refused(self):
        validators = {v["NAME"].rsplit(".", 1)[-1]: v for v in project_settings.AUTH_PASSWORD_VALIDATORS}
        assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10


class TestThrottling:
    def test_after_three_failures_even_the_right_password_is_refused(self, client, axes, secretary):
        for _ in range(2):
            assert log_in(client, "secretary", "sai").status_code == 200
        third = log_in(client, "secretary", "sai")
        assert third.status_code == 429
        response = log_in(client, "secretary")
        assert response.status_code == 429
        assert LOCKED_OUT in response.content.decode()
        assert logged_in_as(client) is None

    def test_the_lock_is_per_username_and_address(self, client, axes, secretary, member):
        for _ in range(3):
            log_in(client, "secretary", "sai")
        assert log_in(client, "secretary").status_code == 429
        # Another account from the same address, and the same account from another address, still work.
        assert log_in(Client(), "member").status_code == 302
        assert log_in(Client(), "secretary", REMOTE_ADDR="10.1.2.3").status_code == 302

    def test_spelling_the_account_differently_does_not_buy_more_tries(self, client, axes, secretary):
        secretary.phone = "0912345678"
        secretary.save(update_fields=["phone"])
        for typed in ["+84 912 345 678", "SECRETARY", "secretary@example.vn"]:
            log_in(client, typed, "sai")
        assert log_in(client, "0912345678").status_code == 429

    def test_a_success_resets_the_count(self, client, axes, secretary):
        for _ in range(2):
            log_in(client, "secretary", "sai")
        assert log_in(client, "secretary").status_code == 302
        client.logout()
        for _ in range(2):
            log_in(client, "secretary", "sai")
        assert log_in(client, "secretary").status_code == 302

    def test_one_address_guessing_across_accounts_is_locked_at_the_higher_limit(self, client, axes, member):
        # Two tries against each of three accounts: under the account limit (3) every time, but the sixth from
        # one address reaches the address's own limit.
        for name in ["admin", "admin", "secretary", "secretary", "commune_leader"]:
            assert log_in(client, name, "sai").status_code == 200
        assert log_in(client, "commune_leader", "sai").status_code == 429
        assert log_in(client, "member").status_code == 429
        # Other addresses are not concerned: one office is not locked by another.
        assert log_in(Client(), "member", REMOTE_ADDR="10.1.2.3").status_code == 302

    def test_behind_the_proxy_each_client_address_counts_on_its_own(self, client, axes, member):
        # Every request comes from the reverse proxy (127.0.0.1, trusted); the client is the last forwarded one.
        for name in ["admin", "secretary", "commune_leader"]:
            for _ in range(2):
                log_in(client, name, "sai", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
        assert log_in(Client(), "member", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
        assert log_in(Client(), "member", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
        # From an address that is not the proxy, X-Forwarded-For is the client's own claim: ignored.
        assert (
            log_in(
                Client(), "member", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
            ).status_code
            == 302
        )

    def test_a_success_forgives_only_that_accounts_failures(self, client, axes, member):
        for name in ["admin", "secretary"]:
            for _ in range(2):
                log_in(client, name, "sai")
        log_in(client, "commune_leader", "sai")
        assert log_in(client, "member").status_code == 302  # 5 failures from the address: one more locks it
        client.logout()
        assert log_in(client, "commune_leader", "sai").status_code == 429


class TestIdleSessions:
    def test_settings(self):
        assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSION_IDLE_MINUTES * 60
        assert django_settings.SESSION_SAVE_EVERY_REQUEST is False  # refreshed once a minute instead
        assert 0 < django_settings.SESSION_TOUCH_SECONDS < django_settings.SESSION_WARNING_MINUTES * 60
        assert django_settings.SESSION_WARNING_MINUTES < django_settings.SESSION_IDLE_MINUTES

    def test_every_page_carries_the_warning_dialog(self, login, member):
        html = login(member).get(reverse("accounts:profile")).content.decode()
        assert 'id="idle-warning"' in html
        assert f'data-idle="{django_settings.SESSION_IDLE_MINUTES * 60}"' in html
        assert f'data-warn="{django_settings.SESSION_WARNING_MINUTES * 60}"' in html
        assert f'data-keepalive="{reverse("accounts:keepalive")}"' in html
        assert f'data-login="{LOGIN_URL}"' in html

    def test_the_login_page_has_no_warning(self, client, db):
        assert 'id="idle-warning"' not in client.get(LOGIN_URL).content.decode()

    def test_activity_keeps_the_session_and_idleness_ends_it(self, client, member):
        idle = datetime.timedelta(minutes=django_settings.SESSION_IDLE_MINUTES)
        profile = reverse("accounts:profile")
        start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as clock:
            client.force_login(member)
            clock.shift(idle - datetime.timedelta(minutes=1))
            assert client.get(profile).status_code == 200
            clock.shift(idle - datetime.timedelta(minutes=1))  # idle again, but less than the limit
            assert client.post(reverse("accounts:keepalive")).status_code == 204
            clock.shift(idle + datetime.timedelta(minutes=1))
            response = client.get(profile)
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN_URL)

    def test_pages_refresh_the_expiry_once_a_minute_not_on_every_request(self, client, member):
        from django.contrib.sessions.models import Session

        profile = reverse("accounts:profile")
        age = datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
        start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as clock:
            client.force_login(member)
            client.get(profile)  # the first page records its refresh
            key = client.session.session_key

            def expiry():
                return Session.objects.get(session_key=key).expire_date

            assert expiry() == start + age
            clock.shift(datetime.timedelta(seconds=30))
            response = client.get(profile)
            assert expiry() == start + age  # no write within the minute
            assert response["X-Session-Expires-In"] == str(int(age.total_seconds()) - 30)
            assert f'data-idle="{int(age.total_seconds()) - 30}"' in response.content.decode()
            clock.shift(datetime.timedelta(seconds=30))
            response = client.get(profile)
            assert expiry() == start + datetime.timedelta(minutes=1) + age
            assert response["X-Session-Expires-In"] == str(int(age.total_seconds()))
            clock.shift(datetime.timedelta(seconds=10))
            assert client.post(reverse("accounts:keepalive"))["X-Session-Expires-In"] == str(
                int(age.total_seconds())
            )
            assert expiry() == start + datetime.timedelta(seconds=70) + age  # asked for: refreshed at once

    def test_a_page_without_a_session_neither_makes_one_nor_says_when_it_ends(self, client, db):
        response = client.get(LOGIN_URL)
        assert "X-Session-Expires-In" not in response
        assert "sessionid" not in response.cookies

    def test_keepalive_needs_post(self, login, member):
        assert login(member).get(reverse("accounts:keepalive")).status_code == 405

    def test_keepalive_needs_login(self, client, db):
        response = client.post(reverse("accounts:keepalive"))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)

    def test_keepalive_needs_the_csrf_token(self, member):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member)
        assert client.post(reverse("accounts:keepalive")).status_code == 403


class TestAccountPages:
    def test_profile_lists_the_roles(self, login, secretary):
        html = login(secretary).get(reverse("accounts:profile")).content.decode()
        assert "Bí thư / Phó Bí thư chi bộ" in html
        assert "Chi bộ Ấp Long Hòa" in html
        assert "Lê Văn Tám" in html  # the linked record

    def test_password_change(self, login, member):
        client = login(member)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "mot-cau-rat-dai-2026",
                "new_password2": "mot-cau-rat-dai-2026",
            },
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.check_password("mot-cau-rat-dai-2026")

    def test_logout_is_a_post(self, login, member):
        client = login(member)
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert logged_in_as(client) is None
