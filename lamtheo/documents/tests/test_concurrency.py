"""Twenty first drafts at once in a unit without an issuer profile: one profile, no IntegrityError.

Real concurrency needs a database that lets several connections write at once: PostgreSQL (CI's second run).
"""

import threading

import pytest
from django.db import connection, connections, transaction

from lamtheo import testing
from lamtheo.documents import actions
from lamtheo.documents.models import IssuerProfile
from lamtheo.units.models import Unit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite lets one connection write at a time"
    ),
]
THREADS = 20


def test_concurrent_first_drafts_share_one_new_issuer_profile():
    if not Unit.objects.filter(code="TU").exists():  # a transactional test before this one flushed the world
        testing.build_world()
    unit = Unit.objects.get(code="LB-01")
    IssuerProfile.objects.filter(unit=unit).delete()
    barrier = threading.Barrier(THREADS)
    profiles, errors = [], []

    def draft():
        try:
            with transaction.atomic():
                barrier.wait(timeout=30)
                profiles.append(actions.profile_for(unit).pk)
        except Exception as error:  # the test reports every failure, not only the first
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draft) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(profiles) == THREADS and len(set(profiles)) == 1
    assert IssuerProfile.objects.filter(unit=unit).count() == 1
