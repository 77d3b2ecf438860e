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


# The tiny demo province, built once per test process for every module that reads it -----------------------------
# Building it takes most of a minute and six modules read it. The first of them builds it inside a transaction
# left open while the tests that use it run one after the other (they are one xdist group: `--dist loadgroup`),
# each module in a savepoint of its own; after the last of them the transaction is rolled back, so that the tests
# after see the personas' province alone.

TINY_DEMO_SIZE = {"communes": 3, "people_per_cell": 8}


class _SharedDemo:
    atomic = None
    result = None

    def open(self):
        from django.db import transaction
        from django.test import override_settings

        from lamtheo.demo import builder

        if self.atomic is None:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
                self.result = builder.build(builder.Scale(**TINY_DEMO_SIZE))
        return self.result

    def close(self):
        from django.db import transaction

        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.atomic = self.result = None


_shared_demo = _SharedDemo()


@pytest.fixture(scope="module")
def tiny_demo(django_db_setup, django_db_blocker):
    """The demo at its tiny size (what `builder.build` returned); what a module changes is rolled back after it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        result = _shared_demo.open()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _reads_tiny_demo(item) -> bool:
    return any(mark.args == ("tiny_demo",) for mark in item.iter_markers("xdist_group"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # by now the module's savepoint is gone if this was its last test
    if _shared_demo.atomic is not None and (nextitem is None or not _reads_tiny_demo(nextitem)):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _shared_demo.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """pytest-xdist 3.8 puts a test in its `xdist_group` (`--dist loadgroup`) by setting `item._nodeid`, which
    pytest 9.2 no longer reads (a node id is structured now): carry it over, else a group is spread over workers."""
    from _pytest.nodeid import coerce_node_id

    for item in items:
        grouped = item.__dict__.get("_nodeid")
        if grouped and grouped != item.nodeid:
            item._id = coerce_node_id(grouped)
