"""The demo's study sessions, on a tiny demo province built once for this module and rolled back after it."""

import datetime
import random
from collections import defaultdict

import pytest

from lamtheo.demo import builder
from lamtheo.demo.study import AS_OF, build_study, delete_study, study_topics
from lamtheo.study.coverage import figures_for
from lamtheo.study.models import Attendance, StudySession, units_on
from lamtheo.topics import actions as topic_actions
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers


def make_topics(root):
    term = topic_actions.create_topic(
        Topic(unit=root, kind=Topic.Kind.TERM, title="Chuyên đề toàn khóa", start_year=2025, end_year=2030),
        actor=None,
    )
    return [
        term,
        *(
            topic_actions.create_topic(
                Topic(
                    unit=root,
                    kind=Topic.Kind.YEAR,
                    parent=term,
                    title=f"Chuyên đề năm {year}",
                    start_year=year,
                    end_year=year,
                ),
                actor=None,
            )
            for year in (2025, 2026)
        ),
    ]


@pytest.fixture(scope="module")
def demo(tiny_demo, django_db_blocker):
    """The tiny demo (conftest.py), built once for all the modules that read it; what this changes is rolled back."""
    with django_db_blocker.unblock():
        root = Unit.objects.get(code=builder.ROOT_CODE)
        # The demo already studied its own latest topic; start over with a 2025 and a 2026 topic.
        delete_study(Unit.objects.subtree_of(root))
        topics = make_topics(root)
        result = build_study(root, topics, random.Random(7))
        yield root, topics, result


def test_most_chi_bo_have_studied_both_topics(demo, db):
    root, _topics, result = demo
    assert [t.start_year for t in result.topics] == [2025, 2026]
    assert result.note == ""
    cells = Unit.objects.subtree_of(root).filter(kind=Unit.Kind.CELL).active(on=datetime.date(2026, 1, 15))
    for topic in result.topics:
        held = set(StudySession.objects.filter(topic=topic, is_makeup=False).values_list("unit", flat=True))
        share = len(held & set(cells.values_list("pk", flat=True))) / cells.count()
        assert 0.75 <= share < 1 if topic.start_year == 2026 else share > 0.9, (topic.start_year, share)
    assert result.makeups > 0
    assert not StudySession.objects.filter(date__gt=AS_OF).exists()


def test_the_figures_are_realistic(demo, db):
    root, _topics, result = demo
    figures = {t.start_year: figures_for(t, root, today=AS_OF) for t in result.topics}
    assert 0.94 <= figures[2025].members_studied / figures[2025].members <= 0.995
    assert 0.75 <= figures[2025].non_members_studied / figures[2025].non_members <= 0.9
    assert 0.8 <= figures[2026].members_studied / figures[2026].members < 0.97


def test_everyone_marked_belonged_to_the_unit_on_the_date(demo, db):
    by_session = defaultdict(set)
    for session_id, person_id in Attendance.objects.values_list("session", "person"):
        by_session[session_id].add(person_id)
    for session in StudySession.objects.select_related("unit").filter(pk__in=list(by_session)):
        assert set(units_on(session.unit, session.date, by_session[session.pk])) == by_session[session.pk]


def test_make_up_sessions_follow_their_main_session(demo, db):
    for makeup in StudySession.objects.filter(is_makeup=True).select_related("makeup_for"):
        assert makeup.makeup_for.topic_id == makeup.topic_id
        assert makeup.makeup_for.unit_id == makeup.unit_id
        assert makeup.date > makeup.makeup_for.date
    assert not Attendance.objects.filter(status="present").exclude(reason="").exists()


def test_it_is_deterministic_and_deleted_with_the_demo(demo, db):
    root, topics, result = demo

    def rows():
        return sorted(
            Attendance.objects.values_list("session__unit", "session__date", "person", "status", "reason")
        )

    first = rows()
    units = Unit.objects.subtree_of(root)
    assert delete_study(units) == result.sessions
    assert not StudySession.objects.exists() and not Attendance.objects.exists()
    build_study(root, topics, random.Random(7))
    assert rows() == first


def test_without_a_2026_topic_the_latest_is_used(demo, db):
    _root, topics, _result = demo
    term, y2025, _y2026 = topics
    chosen, note = study_topics([term, y2025])
    assert chosen == [y2025]
    assert (
        note == "Dữ liệu trình diễn chưa có chuyên đề năm 2026: dùng chuyên đề «Chuyên đề năm 2025» (2025)."
    )
