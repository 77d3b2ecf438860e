import pytest
from django.core.cache import cache
from django.utils import translation

from lamtheo import testing
from lamtheo.accounts.models import User

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False
    # Every test starts with an empty cache: figures cached by an earlier test (its records rolled back since) are
    # not served to this one.
    cache.clear()
    # Every test starts in Vietnamese: a request in English earlier must not leak into the next test's messages.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the personas' province once; each test runs in a transaction rolled back after it."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        testing.build_world()


def _persona(name):
    @pytest.fixture
    def fixture(db):
        return User.objects.get(username=name)

    fixture.__name__ = name
    return fixture


for _name in testing.PERSONAS:
    globals()[_name] = _persona(_name)


@pytest.fixture
def login(client, db):
    """`login(user)` returns the client logged in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
