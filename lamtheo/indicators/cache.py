"""The figures' cache, per source, and computing several sources side by side.

A source's counts are kept in Django's cache under the generations of the apps it reads (freshness.py) with the
arguments and today's date, so a figure is never served after an action wrote what it counts, and a write
recomputes only the sources that read the app written (ticking attendance leaves the registrations figures cached).
The per-unit counts before the sum are kept too, keyed by the subtrees read, so the figures of a unit and its
children and the rollup over the same subtree share them. INDICATORS_CACHE_SECONDS (setting, default 600; 0 turns
it off) bounds how long an unused result stays.

Outside a transaction the sources' queries run side by side, each on its own connection (INDICATORS_QUERY_THREADS).
"""

import hashlib
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection, connections

from lamtheo.indicators import freshness
from lamtheo.indicators.source import Context, Counts, counts_of, sources
from lamtheo.indicators.tree import summed


def cache_seconds() -> int:
    return getattr(settings, "INDICATORS_CACHE_SECONDS", 600)


def cache_name(*key) -> str:
    return "indicators:" + hashlib.sha256(repr(key).encode()).hexdigest()


def _generations(source: str, current: dict[str, str]) -> tuple:
    """The generations of the apps `source` reads, the units first."""
    return tuple(current[app] for app in ("units", *sources()[source].apps))


def _variant(source: str, codes: list[str], extra: frozenset[str] = frozenset()) -> tuple:
    """What else than the arguments changes a source's counts: which of its passes the codes (and the `extra`
    counts asked for by name) need."""
    return sources()[source].variant(counts_of(codes) | extra)


def per_source(key: tuple, names: list[str], codes: list[str], compute, use_cache: bool) -> dict:
    """{source: its counts summed into the units asked for} for each of the sources `names`, those whose apps were
    not written since taken from the cache: one cache round trip for the generations, one to read, one to keep what
    was computed. `compute(names, generations)` computes the others (sharing one tree of units); `generations`
    gives each source's (None: not cached)."""
    seconds = cache_seconds()
    current = (
        dict(zip(freshness.APPS, freshness.generations(freshness.APPS), strict=True))
        if (use_cache and seconds > 0)
        else {}
    )
    generations = {name: _generations(name, current) if current else None for name in names}
    keys = {
        name: cache_name(key, name, _variant(name, codes), generations[name])
        for name in names
        if generations[name] is not None
    }
    found = django_cache.get_many(list(keys.values())) if keys else {}
    result = {name: found[keys[name]] for name in names if keys.get(name) in found}
    missing = [name for name in names if name not in result]
    if missing:
        computed = compute(missing, generations)
        result.update(computed)
        django_cache.set_many({keys[name]: computed[name] for name in missing if name in keys}, seconds)
    return result


def _query_threads() -> int:
    return getattr(settings, "INDICATORS_QUERY_THREADS", 3)


def _may_read_side_by_side() -> bool:
    """Whether other connections see what this one sees: not inside a transaction (its writes, uncommitted, would be
    missing from them; tests run in one), and not an in-memory SQLite database (one per connection)."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()
    return connection.vendor == "postgresql"


def _compute_side_by_side(ctx: Context, names: list[str]) -> None:
    """Compute the sources `names` into ctx.cache at the same time, each in a thread with its own connection, when
    there are several and other connections see the same data (_may_read_side_by_side); otherwise they are computed
    one after the other when summed. The sources are independent grouped queries: the database runs them on its
    cores side by side (the database drivers release Python's lock while a query runs), and a province's dashboard
    takes about the time of its longest source instead of the sum of all of them."""
    threads = min(len(names), _query_threads())
    if threads < 2 or ctx.tree.is_small or not _may_read_side_by_side():
        return
    declared = sources()
    for name in names:  # read once, shared by the threads
        if declared[name].prepare is not None:
            declared[name].prepare(ctx)

    def compute(name: str) -> Counts:
        try:
            return declared[name].compute(ctx)
        finally:
            connections.close_all()  # this thread's connections (each thread has its own)

    # The longest first, so that the short ones fill in behind them.
    ordered = sorted(names, key=lambda name: declared[name].order)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="indicators") as pool:
        for name, counts in zip(ordered, pool.map(compute, ordered), strict=True):
            ctx.cache[name] = counts


def load_per_unit(ctx: Context, names: list[str], generations: dict, codes: list[str]) -> None:
    """Each of the sources `names`' per-unit counts (before the sum up the tree) into ctx.cache: from the cache when
    kept, else computed (side by side) and kept. Keyed by the subtrees read rather than by the units asked for: the
    dashboard's figures of a unit and its children, the rollup of the attention bars to every unit of the same
    subtree and completeness share them. `generations` gives each source's (None: not cached)."""
    seconds = cache_seconds()
    base = ("units", tuple(ctx.tree.tops), ctx.period, ctx.split, ctx.today, ctx.topic)
    keys: dict[str, list[str]] = {}
    for name in names:
        if generations.get(name) is not None and seconds > 0:
            full, wanted = sources()[name].full_variant, _variant(name, codes, ctx.extra)
            variants = dict.fromkeys([full, wanted])  # the fullest first
            keys[name] = [cache_name(base, name, variant, generations[name]) for variant in variants]
    found = django_cache.get_many([key for group in keys.values() for key in group]) if keys else {}
    for name, group in keys.items():
        for key in group:
            if key in found:
                ctx.cache[name] = found[key]
                break
    fresh = [name for name in names if name not in ctx.cache]
    _compute_side_by_side(ctx, fresh)
    for name in fresh:
        ctx.source(name)
    to_keep = {
        keys[name][-1]: {pk: dict(counts) for pk, counts in ctx.cache[name].items()}
        for name in fresh
        if name in keys
    }
    if to_keep:
        django_cache.set_many(to_keep, seconds)


def current_generations(names: list[str], use_cache: bool) -> dict:
    """{source: the generations of the apps it reads} (None for each when the cache is not used)."""
    if not use_cache or cache_seconds() <= 0:
        return dict.fromkeys(names)
    current = dict(zip(freshness.APPS, freshness.generations(freshness.APPS), strict=True))
    return {name: _generations(name, current) for name in names}


def compute_summed(ctx: Context, names: list[str], generations: dict, codes: list[str]) -> dict:
    """Each of the sources `names` summed into the units asked for (their per-unit counts from load_per_unit)."""
    load_per_unit(ctx, names, generations, codes)
    return {name: summed(ctx.tree, ctx.cache[name]) for name in names}
