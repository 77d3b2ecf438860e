"""Write-through for the demo loader: it writes in bulk, mostly without the actions' audit rows, so each of its
parts says what it changed (indicators/freshness.py). On the tiny demo, each part is run again (its records deleted,
then written anew) and every figure of the province, read from the cache as a page reads it, is the figure computed
afresh, and each figure the part writes has changed: none cached before is served after."""

import random

import pytest

from lamtheo.demo import builder
from lamtheo.demo.conduct import build_conduct, delete_conduct
from lamtheo.demo.meetings import build_meetings, delete_meetings
from lamtheo.demo.pledges import build_pledges, delete_pledges
from lamtheo.demo.study import AS_OF, build_study, delete_study
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers
PERIOD = Period.year(AS_OF.year - 1)  # the demo's last whole year: every kind of record in it


@pytest.fixture(scope="module")
def demo(tiny_demo):
    return tiny_demo


@pytest.fixture
def root(demo, db):
    return Unit.objects.get(code=builder.ROOT_CODE)


def served(root) -> dict:
    """Every figure of the province as a page reads it: from the cache when it holds them."""
    return engine.figures([root.pk], PERIOD, today=AS_OF)[root.pk]


def afresh(root) -> dict:
    return engine.figures([root.pk], PERIOD, today=AS_OF, cache=False)[root.pk]


def test_each_part_of_the_demo_loader_leaves_no_stale_figure(root):
    units = Unit.objects.subtree_of(root).values("pk")
    meetings = ["meetings_held", "attendance_rate"]
    study = ["study_sessions", "studied_topic"]
    parts = [
        ("delete_meetings", lambda: delete_meetings(units), meetings),
        ("build_meetings", lambda: build_meetings(root, random.Random(5)), meetings),
        ("delete_study", lambda: delete_study(units), study),
        ("build_study", lambda: build_study(root, Topic.objects.filter(unit=root), random.Random(5)), study),
        ("delete_pledges", lambda: delete_pledges(root), ["registered"]),
        ("build_pledges", lambda: build_pledges(root, rng=random.Random(5)), ["registered"]),
        ("delete_conduct", lambda: delete_conduct(Unit.objects.subtree_of(root)), ["conduct_adopted"]),
        (
            "build_conduct",
            lambda: build_conduct(Unit.objects.subtree_of(root), random.Random(5)),
            ["conduct_adopted"],
        ),
    ]
    for name, write, affected in parts:
        before = served(root)
        write()
        after = served(root)
        assert after == afresh(root), name
        for code in affected:
            assert after[code] != before[code], (name, code)


def test_deleting_the_demo_leaves_no_stale_figure(root):
    """`lamtheo demo --reset` deletes the province first: a rollup of the whole tree read before no longer lists it."""
    before = engine.rollup("people", PERIOD, today=AS_OF)
    assert before[root.pk].numerator > 0
    builder.delete_demo()
    after = engine.rollup("people", PERIOD, today=AS_OF)
    assert root.pk not in after
    assert after == engine.rollup("people", PERIOD, today=AS_OF, cache=False)
