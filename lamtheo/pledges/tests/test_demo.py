"""The demo province's registrations (lamtheo/demo/pledges.py), on a tiny demo built once for this module."""

import datetime
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.accounts.models import User
from lamtheo.demo import builder
from lamtheo.demo.pledges import build_pledges, delete_pledges
from lamtheo.people.models import Person
from lamtheo.pledges.figures import unit_figures
from lamtheo.pledges.models import Deed, Pledge, PledgeItem, ProgressNote, RegistrationDeadline, Review
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers


@pytest.fixture(scope="module")
def demo(tiny_demo, django_db_blocker):
    """The tiny demo (conftest.py), built once for all the modules that read it; what this changes is rolled back."""
    with django_db_blocker.unblock():
        root = Unit.objects.get(code=builder.ROOT_CODE)
        delete_pledges(root)  # the demo wrote its own; measure a fresh build of them
        with CaptureQueriesContext(connection) as queries:
            result = build_pledges(root, rng=random.Random(7))
        yield root, result, len(queries)


@pytest.fixture
def root(demo, db):
    return demo[0]


def pledges(root, year):
    return Pledge.objects.in_subtree(root).filter(year=year)


def test_last_year_is_completed(root):
    done = pledges(root, 2025)
    people = Person.objects.in_subtree(root).active().count()
    assert done.count() == people
    statuses = Counter(done.values_list("status", flat=True))
    assert set(statuses) == {"rated", "locked"} and statuses["locked"] > statuses["rated"]
    levels = Counter(done.values_list("result_level", flat=True))
    assert levels["tot"] > levels["xuat_sac"] > 0 and "" not in levels
    assert not PledgeItem.objects.filter(pledge__in=done, self_result="").exists()


def test_this_year_is_in_every_early_state(root):
    current = pledges(root, 2026)
    statuses = Counter(current.values_list("status", flat=True))
    assert set(statuses) == {"draft", "submitted", "returned", "accepted"}
    assert statuses["accepted"] > statuses["submitted"] > statuses["draft"] > 0
    people = Person.objects.in_subtree(root).active().count()
    assert 0.85 * people < current.count() < people  # a few are missing
    returned = Review.objects.filter(pledge__in=current, kind="returned")
    assert returned.exists() and not returned.filter(remark="").exists()
    assert current.filter(copied_from__isnull=False).exists()
    assert current.filter(unchanged_from_copy=True).exists()
    assert not current.filter(first_submitted_at__date__gt=datetime.date(2026, 3, 1)).exists()


def test_leaders_publish_and_the_figures_add_up(root):
    assert pledges(root, 2026).filter(published=True, published_to__isnull=False).exists()
    figures = unit_figures(root, 2026)
    assert 0.7 < figures.registered / figures.people < 0.95
    assert figures.key_cadres > 0 and figures.registered_key_cadres > 0


def test_every_step_is_kept_in_order(root):
    pledge = pledges(root, 2025).filter(status="locked").first()
    kinds = list(pledge.reviews.values_list("kind", flat=True))
    assert kinds[0] == "created" and kinds[-3:] == ["self_assessed", "rated", "locked"]
    assert list(pledge.reviews.values_list("version", flat=True))[-1] == pledge.version
    times = list(pledge.reviews.values_list("at", flat=True))
    assert times == sorted(times)


def test_notes_deeds_and_deadlines(root):
    assert ProgressNote.objects.filter(pledge__unit__path__startswith=root.path).exists()
    deed = Deed.objects.filter(unit__path__startswith=root.path).first()
    assert deed is not None and deed.items.exists()
    assert RegistrationDeadline.objects.filter(
        unit=root, year=2026, due_date=datetime.date(2026, 3, 31)
    ).exists()
    assert RegistrationDeadline.objects.filter(due_date=datetime.date(2026, 2, 15)).exists()


def test_the_demo_member_is_left_to_write_their_own(root):
    member = User.objects.get(username="dangvien")
    assert not Pledge.objects.filter(person=member.person_id, year=2026).exists()
    assert Pledge.objects.filter(person=member.person_id, year=2025, status__in=["rated", "locked"]).exists()


def test_no_query_per_person(demo, db):
    """Rows go in batches (SQLite caps the parameters of one statement, so a batch is a few statements)."""
    _root, result, queries = demo
    assert result.pledges > 2000
    assert queries < result.pledges / 5


def snapshot(root):
    return (
        list(
            Pledge.objects.in_subtree(root)
            .order_by("person__national_id", "year")
            .values_list(
                "person__national_id", "year", "status", "result_level", "published", "unchanged_from_copy"
            )
        ),
        list(
            PledgeItem.objects.order_by(
                "pledge__person__national_id", "pledge__year", "position"
            ).values_list("commitment", "due_date", "self_result")
        ),
        Review.objects.count(),
    )


def test_delete_and_build_again_the_same(root):
    before = snapshot(root)
    deleted = delete_pledges(root)
    assert deleted == len(before[0])
    assert not Pledge.objects.in_subtree(root).exists()
    assert not Review.objects.exists() and not PledgeItem.objects.exists() and not Deed.objects.exists()
    assert not RegistrationDeadline.objects.exists()
    build_pledges(root, rng=random.Random(7))
    assert snapshot(root) == before
