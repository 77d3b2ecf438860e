"""Freshness of cached figures: one generation per app whose records the figures read, kept in the cache itself.

A cached figure is keyed by the generations of the apps its source reads (sources.APPS). A write changes the
generation of its app, so the next reader computes afresh; nothing is written to the database for it, and no row is
shared by the writers (the data versions kept by triggers before this made every writer to a table wait on one row
until commit).

Who changes a generation:
- every action: each writes its audit row (audit.actions.record / record_many), whose `recorded` signal names the
  models written; the generation of their apps changes (on_audit_recorded);
- the bulk loaders that write without an audit row (the demo builder, the people and units importer, the bench's
  province generator) call changed() themselves when they are done.

When: at once (the writer's own transaction, and a test running in one, read their writes afresh) and again after
the commit (a reader in another process that computed between the first change and the commit, and so read the
data as it was before it, cached its result under a generation that is no longer current). A rollback leaves an
extra recomputation, never a stale figure.

A generation missing from the cache (evicted, or a cache emptied) is given a new random value: the figures
cached under the old one are recomputed, never served.
"""

import uuid
from collections.abc import Iterable

from django.core.cache import caches
from django.db import connection, transaction

# The apps whose records some figure reads. A write elsewhere changes no figure.
APPS = (
    "units",
    "people",
    "topics",
    "study",
    "pledges",
    "conduct",
    "meetings",
    "documents",
    "initiatives",
    "exemplars",
    "emulation",
    "modelcells",
)
PREFIX = "figures:generation:"


def _cache():
    """The generations' own cache (settings.CACHES["generations"]: the figures' cache, or beside it)."""
    return caches["generations"]


def _key(app: str) -> str:
    return PREFIX + app


def _bump(apps: Iterable[str]) -> None:
    _cache().set_many({_key(app): uuid.uuid4().hex for app in apps}, None)


def changed(*apps: str) -> None:
    """The records of `apps` changed: the figures reading them are recomputed at their next reading, now and (inside
    a transaction) again once it commits. Unknown names are ignored (an app no figure reads)."""
    apps = tuple(app for app in dict.fromkeys(apps) if app in APPS)
    if not apps:
        return
    _bump(apps)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(apps))


def changed_everything() -> None:
    """For a loader that writes records of every kind (the demo)."""
    changed(*APPS)


def generations(apps: Iterable[str]) -> tuple[str, ...]:
    """The current generation of each of `apps` (one cache round trip; a missing one is given a new value)."""
    apps = list(apps)
    found = _cache().get_many([_key(app) for app in apps])
    missing = [app for app in apps if _key(app) not in found]
    for app in missing:
        _cache().add(
            _key(app), uuid.uuid4().hex, None
        )  # another process may have set it meanwhile: theirs wins
    if missing:
        found.update(_cache().get_many([_key(app) for app in missing]))
    # Should the cache refuse to keep it (a cache with no room), a value never given again: nothing is reused.
    return tuple(found.get(_key(app)) or uuid.uuid4().hex for app in apps)


def on_audit_recorded(sender, models=(), **kwargs) -> None:
    """Receiver of audit's `recorded` signal: the apps of the models an action wrote changed."""
    changed(*(model._meta.app_label for model in models if model is not None))
