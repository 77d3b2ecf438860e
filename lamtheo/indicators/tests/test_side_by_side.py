"""The sources' queries run side by side on their own connections only where those connections see the same data:
outside a transaction, on PostgreSQL or a SQLite file (cache._compute_side_by_side)."""

import dataclasses
import threading
import time

import pytest
from django.db import connection

from lamtheo import testing
from lamtheo.indicators import engine, registry
from lamtheo.indicators.periods import Period
from lamtheo.indicators.source import sources
from lamtheo.testing import unit
from lamtheo.units.models import Unit

YEAR = Period.year(2026)


@pytest.fixture
def threads_seen(monkeypatch):
    """The names of the threads that computed each source."""
    seen: dict[str, str] = {}
    declared = sources()
    for name, source in list(declared.items()):
        if source.compute is None:
            continue

        def recording(ctx, name=name, compute=source.compute):
            seen[name] = threading.current_thread().name
            return compute(ctx)

        monkeypatch.setitem(declared, name, dataclasses.replace(source, compute=recording))
    return seen


def _sources_of_every_indicator() -> int:
    return len({indicator.source for indicator in registry.INDICATORS.values()})


def _province_and_children():
    province = unit("TU")
    return [province.pk, *Unit.objects.children_of(province).values_list("pk", flat=True)]


def test_inside_a_transaction_everything_is_computed_on_its_connection(db, threads_seen, settings):
    """A test's records are uncommitted: another connection would not see them."""
    settings.INDICATORS_QUERY_THREADS = 3
    engine.figures(_province_and_children(), YEAR, cache=False)
    assert len(threads_seen) == _sources_of_every_indicator()
    assert set(threads_seen.values()) == {threading.current_thread().name}


def test_one_thread_means_one_after_the_other(db, threads_seen, settings):
    settings.INDICATORS_QUERY_THREADS = 1
    engine.figures(_province_and_children(), YEAR, cache=False)
    assert set(threads_seen.values()) == {threading.current_thread().name}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database of SQLite is in memory")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_sources_run_side_by_side_with_the_same_figures(
    threads_seen, settings, monkeypatch
):
    from lamtheo.indicators import tree

    monkeypatch.setattr(
        tree, "SMALL", 0
    )  # the test province is small: its sources would run one after the other
    if not Unit.objects.filter(code="TU").exists():
        testing.build_world()
    ids = _province_and_children()
    settings.INDICATORS_QUERY_THREADS = 1
    one_after_the_other = engine.figures(ids, YEAR, cache=False)
    assert set(threads_seen.values()) == {threading.current_thread().name}

    threads_seen.clear()
    settings.INDICATORS_QUERY_THREADS = 3
    before = _connections()
    side_by_side = engine.figures(ids, YEAR, cache=False)
    assert side_by_side == one_after_the_other
    assert side_by_side[unit("TU").pk]["people"].numerator > 0
    assert len(threads_seen) == _sources_of_every_indicator()
    assert all(name.startswith("indicators") for name in threads_seen.values())
    assert _connections_settle_at(before)  # the threads' connections are closed


def _connections_settle_at(expected: int) -> bool:
    """A closed connection's server process leaves pg_stat_activity a moment after the client hung up."""
    deadline = time.monotonic() + 5
    while _connections() != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return _connections() == expected


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]
