"""The demo built on another day than the tests' 01/03/2026: its current year is full, nothing is after its day."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from lamtheo.audit.models import AuditEvent
from lamtheo.demo import builder
from lamtheo.demo.meetings import conference_dates
from lamtheo.demo.population import AS_OF
from lamtheo.demo.reports import report_plan
from lamtheo.documents.models import Document
from lamtheo.meetings.models import Assignment, Meeting, MeetingKind, MeetingSchedule
from lamtheo.pledges.models import Deed, Pledge, ProgressNote, Review
from lamtheo.reports.models import Report, ReportKind
from lamtheo.study.models import StudySession
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)
DAYS = (datetime.date(2026, 11, 23), datetime.date(2027, 2, 10))


@pytest.fixture(scope="module", params=DAYS, ids=str)
def built(request, django_db_setup, django_db_blocker):
    as_of = request.param
    noon = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(12)))
    with django_db_blocker.unblock(), time_machine.travel(noon, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                builder.build(TINY, as_of=as_of)
            yield as_of, Unit.objects.get(code=builder.ROOT_CODE)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(built, db):
    return built


def test_the_current_year_has_its_topic_deployed(demo):
    as_of, root = demo
    topic = Topic.objects.get(unit=root, kind=Topic.Kind.YEAR, start_year=as_of.year)
    assert topic.parent.start_year == 2026 and topic.parent.end_year == 2030
    assert topic.document.status == Document.Status.ISSUED and topic.document.date < as_of
    # The committees below issue their plans for it by its deadline (for last year's, all but a few have).
    last_year = Topic.objects.get(unit=root, kind=Topic.Kind.YEAR, start_year=as_of.year - 1)
    for deployed in (topic, last_year):
        plans_below = Document.objects.filter(topic=deployed, status=Document.Status.ISSUED).exclude(
            unit=root
        )
        assert plans_below.exists() or as_of < deployed.deploy_by
        assert not plans_below.filter(date__gte=as_of).exists()


def test_study_sessions_in_the_current_year(demo):
    as_of, root = demo
    sessions = StudySession.objects.filter(unit__path__startswith=root.path)
    this_year = sessions.filter(date__year=as_of.year, topic__start_year=as_of.year)
    assert this_year.count() > 10
    assert sessions.filter(topic__start_year=as_of.year - 1).exists()


def test_meetings_up_to_the_current_month(demo):
    as_of, root = demo
    meetings = Meeting.objects.filter(unit__path__startswith=root.path)
    month = timezone.make_aware(datetime.datetime.combine(as_of.replace(day=1), datetime.time()))
    assert meetings.filter(starts_at__gte=month, status=Meeting.Status.HELD).exists()
    first = min(meetings.exclude(kind__code="monthly").values_list("starts_at", flat=True))
    assert timezone.localdate(first) >= (month - datetime.timedelta(days=340)).date().replace(day=1)
    # The monthly meetings reach a year further back: the figures' previous year.
    first = min(meetings.values_list("starts_at", flat=True))
    assert timezone.localdate(first) >= (month - datetime.timedelta(days=340 + 366)).date().replace(day=1)
    states = {
        "open": Assignment.objects.filter(done_at=None, deadline__gte=as_of),
        "overdue": Assignment.objects.filter(done_at=None, deadline__lt=as_of),
        "done": Assignment.objects.exclude(done_at=None),
    }
    assert all(query.exists() for query in states.values())
    conferences = meetings.filter(
        unit__kind=Unit.Kind.COMMUNE_COMMITTEE, kind__code__in=MeetingKind.CONFERENCES, initiative_review=None
    )  # a model's sơ kết is the campaign's (lamtheo.demo.campaign)
    assert conferences.count() == len(conference_dates(as_of)) == 3


def test_the_demo_chi_bo_has_its_next_meeting_planned(demo):
    """A member opening "Lịch họp của tôi" sees the coming meeting, invited."""
    as_of, _root = demo
    from lamtheo.accounts.models import Role, RoleAssignment

    cell = RoleAssignment.objects.get(user__username="bithuchibo", role=Role.CELL_SECRETARY).unit
    start = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(7)))
    coming = Meeting.objects.filter(
        unit=cell, status=Meeting.Status.PLANNED, starts_at__gt=start, kind__code=MeetingKind.MONTHLY
    )
    assert coming.count() == 1
    meeting = coming.get()
    assert timezone.localdate(meeting.starts_at) < as_of + datetime.timedelta(days=62)
    assert meeting.attendances.count() > 0  # the chi bộ's people are invited
    # Every chi bộ of the commune, whether this month's meeting is behind it or still to come (weak or not).
    scheduled = MeetingSchedule.objects.filter(
        unit__in=Unit.objects.children_of(Unit.objects.get_parent(cell)),
        active=True,
        kind__code=MeetingKind.MONTHLY,
    ).values_list("unit", flat=True)
    ahead = Meeting.objects.filter(
        status=Meeting.Status.PLANNED, starts_at__gt=start, kind__code=MeetingKind.MONTHLY
    )
    assert sorted(ahead.filter(unit__in=scheduled).values_list("unit", flat=True)) == sorted(scheduled)


def test_registrations_of_the_current_year(demo):
    as_of, root = demo
    this_year = Pledge.objects.filter(unit__path__startswith=root.path, year=as_of.year)
    assert this_year.filter(status=Pledge.Status.ACCEPTED).exists()
    assert not this_year.filter(status__in=[Pledge.Status.RATED, Pledge.Status.LOCKED]).exists()
    last_year = Pledge.objects.filter(unit__path__startswith=root.path, year=as_of.year - 1)
    assert last_year.filter(status__in=[Pledge.Status.RATED, Pledge.Status.LOCKED]).exists()
    if as_of.month >= 6:  # the season is over: nearly all accepted
        accepted = this_year.filter(status=Pledge.Status.ACCEPTED).count()
        assert accepted / this_year.count() > 0.8


def test_reports_of_the_last_ended_period(demo):
    as_of, root = demo
    plan = report_plan(as_of)
    expected = ReportKind.SIX_MONTH if as_of.month >= 7 else ReportKind.ANNUAL
    assert plan.kind == expected and plan.period.end < as_of
    reports = Report.objects.filter(unit__path__startswith=root.path)
    assert set(reports.values_list("kind", flat=True)) == {expected}
    assert set(reports.values_list("period_end", flat=True)) == {plan.period.end}


def test_nothing_is_dated_after_the_day(demo):
    as_of, root = demo
    end = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time()))
    under = {"unit__path__startswith": root.path}
    assert not StudySession.objects.filter(date__gte=as_of + datetime.timedelta(days=1), **under).exists()
    # Only meetings planned ahead lie after it (the demo commune's chi bộ have planned their next one).
    assert (
        not Meeting.objects.filter(starts_at__gte=end, **under)
        .exclude(status=Meeting.Status.PLANNED)
        .exists()
    )
    assert not Document.objects.filter(date__gt=as_of, **under).exists()
    # Meetings and sessions were entered in the days after them, and never after the demo's day.
    assert not Meeting.objects.filter(created_at__gte=end, **under).exists()
    assert not StudySession.objects.filter(created_at__gte=end, **under).exists()
    held = Meeting.objects.filter(status=Meeting.Status.HELD, **under)
    assert held.exists() and not held.filter(created_at__lt=F("starts_at")).exists()
    assert not Document.objects.filter(issued_at__gte=end, **under).exists()
    assert not Review.objects.filter(at__gte=end).exists()
    assert not ProgressNote.objects.filter(date__gt=as_of).exists()
    assert not Deed.objects.filter(date__gt=as_of).exists()
    assert not Assignment.objects.filter(done_at__gte=end).exists()
    assert not Report.objects.filter(issued_at__gte=end).exists()
    assert not AuditEvent.objects.filter(at__gt=timezone.now()).exists()


def test_document_texts_follow_the_year(demo):
    as_of, root = demo
    texts = " ".join(
        Document.objects.filter(unit__path__startswith=root.path).values_list("summary", flat=True)
    )
    assert f"năm {as_of.year}" in texts
    drafts = Document.objects.filter(status=Document.Status.CONSULTATION, unit=root)
    checked = (
        as_of.year if as_of.month >= 7 else as_of.year - 1
    )  # the registrations the year's checks look at
    assert drafts.count() == 1 and f"năm {checked}" in drafts.get().summary


def test_an_impossible_day_is_refused(db):
    with pytest.raises(builder.DemoError):
        builder.build(TINY, as_of=AS_OF - datetime.timedelta(days=1))
