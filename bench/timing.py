"""How every benchmark times what it measures: one warm-up run, then `runs` timed runs, the median of them, and the
queries of one more run counted apart (counting costs time of its own). Imported by the scripts of this folder
(`python bench/<script>.py` puts the folder on the path)."""

import statistics
import time


def timed(function, runs: int, *, before=None):
    """(median seconds, every run's seconds, queries of one run, that run's result) of `function()`, after one
    warm-up run; `before()` (not timed) runs before each run, the warm-up included (a write, to measure what it
    costs the next read; the version a form must name)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = before or (lambda: None)
    before()
    function()  # warm-up: templates, the session, the database's caches
    before()
    with CaptureQueriesContext(connection) as captured:
        result = function()
    timings = []
    for _run in range(runs):
        before()
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), timings, len(captured), result


def get_ok(client, url: str):
    """`client.get(url)`, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response
