"""The demo's twelve months of meetings, on a tiny province built once for this module and rolled back after it."""

import datetime
import random

import pytest
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Concat

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.demo import builder
from lamtheo.demo.meetings import build_meetings, delete_meetings, demo_commune
from lamtheo.demo.study import AS_OF
from lamtheo.meetings.models import (
    ATTENDED,
    AgendaItem,
    Assignment,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingSchedule,
    MemberAssessment,
)
from lamtheo.meetings.month import assignment_figures, month_figures
from lamtheo.study.models import people_on
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers
Status = MeetingAttendance.Status


@pytest.fixture(scope="module")
def demo(tiny_demo):
    """The tiny demo (conftest.py), built once for all the modules that read it."""
    return tiny_demo


@pytest.fixture
def root(demo, db):
    return Unit.objects.get(code=builder.ROOT_CODE)


def demo_meetings(root):
    return Meeting.objects.in_subtree(root)


def test_twelve_months_of_monthly_meetings_in_every_chi_bo_and_the_year_before(root):
    cells = Unit.objects.subtree_of(root).filter(kind__in=Unit.CELL_KINDS, active_to__isnull=True)
    monthly = demo_meetings(root).filter(kind__code=MeetingKind.MONTHLY).held()
    per_cell = dict(monthly.order_by().values_list("unit").annotate(n=Count("pk")))
    assert all(per_cell.get(cell.pk, 0) >= 1 for cell in cells)
    assert sum(per_cell.values()) >= 0.8 * 12 * cells.count() + 0.6 * 12 * cells.count()
    months = {m.local_start.strftime("%Y-%m") for m in monthly.only("starts_at")}
    year = {f"2025-{m:02d}" for m in range(3, 13)} | {"2026-01", "2026-02"}
    assert months == year | {f"{int(m[:4]) - 1}{m[4:]}" for m in year}
    # The year before: the monthly meetings alone (no chi ủy meetings, no tasks), for the figures' previous year.
    before = demo_meetings(root).filter(starts_at__date__lt=datetime.date(2025, 3, 1))
    assert set(before.values_list("kind__code", flat=True)) == {MeetingKind.MONTHLY}
    assert not Assignment.objects.filter(meeting__in=before).exists()
    # After the demo's day only the next meetings planned by the demo commune's chi bộ.
    ahead = demo_meetings(root).filter(starts_at__date__gte=AS_OF)
    assert not ahead.exclude(status=Meeting.Status.PLANNED).exists()
    commune = RoleAssignment.objects.get(user__username="bithuxa", role=Role.COMMITTEE_LEADER).unit
    assert set(ahead.values_list("unit", flat=True)) <= set(
        Unit.objects.children_of(commune).values_list("pk", flat=True)
    )
    # Each chi bộ's usual day is its recurring schedule, which its monthly meetings name.
    schedules = MeetingSchedule.objects.filter(unit__in=Unit.objects.subtree_of(root).values("pk"))
    assert schedules.count() == len(per_cell)
    assert not monthly.filter(schedule__isnull=True).exists()
    assert not monthly.exclude(schedule__unit=F("unit")).exists()
    # A few chi bộ-months cancelled, and each month's figures show who did not meet.
    assert demo_meetings(root).filter(status=Meeting.Status.CANCELLED).exists()
    not_met = sum(len(month_figures(root, datetime.date(2025, m, 1)).not_met) for m in range(8, 13))
    assert not_met >= 1


def test_attendance_mostly_above_the_bar_with_reasons(root):
    rows = MeetingAttendance.objects.filter(
        meeting__in=demo_meetings(root).filter(kind__code="monthly").held()
    )
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    present = counts.get(Status.PRESENT, 0) + counts.get(Status.LATE, 0)
    expected = sum(counts.values()) - counts.get(Status.EXEMPT, 0)
    assert 0.8 < present / expected < 0.97
    assert counts.get(Status.EXCUSED) and counts.get(Status.ABSENT) and counts.get(Status.LATE)
    reasons = set(rows.filter(status=Status.EXCUSED).values_list("reason", flat=True))
    assert {"Đi làm ăn xa", "Ốm", "Đi công tác"} <= reasons
    assert all(reasons)
    if counts.get(Status.EXEMPT):
        assert set(rows.filter(status=Status.EXEMPT).values_list("reason", flat=True)) == {
            "Tuổi cao, sức yếu, được miễn sinh hoạt"
        }
    # Most meetings above 80%, a few below.
    meetings = list(demo_meetings(root).filter(kind__code="monthly").held().with_figures())
    below = sum(m.below_bar for m in meetings)
    assert 0 < below < 0.25 * len(meetings)


def test_attendance_columns_are_the_rows_counts(root):
    """Each meeting's own counts (what the figures read) are those of its attendance rows, as the actions write."""
    rows = (
        MeetingAttendance.objects.filter(meeting__unit__path__startswith=root.path)
        .values("meeting")
        .annotate(
            listed=Count("pk"),
            present=Count("pk", filter=Q(status__in=ATTENDED)),
            exempt=Count("pk", filter=Q(status=Status.EXEMPT)),
        )
    )
    columns = dict(
        Meeting.objects.filter(unit__path__startswith=root.path).values_list(
            "pk",
            Concat("n_listed", Value("/"), "n_present", Value("/"), "n_exempt", output_field=CharField()),
        )
    )
    assert rows
    assert {row["meeting"]: f"{row['listed']}/{row['present']}/{row['exempt']}" for row in rows} == {
        pk: columns[pk] for pk in (row["meeting"] for row in rows)
    }


def test_attendees_belong_to_the_chi_bo_on_the_day(root):
    for meeting in demo_meetings(root).filter(kind__code="monthly").held().order_by("pk")[::97][:12]:
        listed = set(meeting.attendances.values_list("person", flat=True))
        assert listed
        assert listed <= set(people_on(meeting.unit, meeting.local_start.date()).values_list("pk", flat=True))


def test_required_item_chi_uy_and_thematic(root):
    year = demo_meetings(root).filter(starts_at__date__gte=datetime.date(2025, 3, 1))
    meetings = list(year.filter(kind__code="monthly").held().with_figures())
    without = [m for m in meetings if m.n_required == 0]
    assert 0 < len(without) < 0.15 * len(meetings)
    # In the chi bộ that have a chi ủy, it meets before most monthly meetings.
    with_committee = set(demo_meetings(root).filter(kind__code="chi_uy").values_list("unit", flat=True))
    theirs = [m for m in meetings if m.unit_id in with_committee]
    assert len(theirs) > 0.3 * len(meetings)
    assert 0.6 * len(theirs) < sum(m.has_committee_before for m in theirs) < len(theirs)
    assert any(m.flags for m in meetings) and any(not m.flags for m in meetings)
    required = AgendaItem.objects.filter(meeting__in=demo_meetings(root).held(), required=True)
    assert not required.filter(notes="").exists() and not required.filter(conclusion="").exists()
    figures = month_figures(root, datetime.date(2025, 11, 1))
    assert figures.expected and 0.6 * figures.expected < figures.with_thematic <= figures.expected
    assert demo_meetings(root).filter(kind__code="thematic").exists()
    assert demo_meetings(root).filter(kind__code="monthly", is_combined=True).exists()


def test_conferences_of_the_demo_commune(root):
    commune = demo_commune(root)
    conferences = Meeting.objects.filter(unit=commune).order_by("starts_at")
    # the model's sơ kết and the exemplars' exchange are the campaign's (lamtheo.demo.campaign, test_demo)
    conferences = conferences.filter(initiative_review=None).exclude(kind__code=MeetingKind.EXCHANGE)
    assert [m.kind.code for m in conferences] == ["giao_ban", "giao_ban", "so_ket"]
    for meeting in conferences:
        assert meeting.agenda_items.count() == 4
        assert meeting.attendances.count() >= 3
        assert meeting.assignments.filter(assignee_unit__isnull=False).exists()
        invited = set(meeting.invited_units.values_list("pk", flat=True))
        assert invited and invited <= set(Unit.objects.children_of(commune).values_list("pk", flat=True))
        said = meeting.contributions.all()
        assert said.count() >= 4 and {c.unit_id for c in said} <= invited
        assert all(c.agenda_item.meeting_id == meeting.pk and c.content for c in said)


def test_the_demo_chi_bo_minutes_assess_each_member(root, demo):
    cell = Unit.objects.get(pk=User.objects.get(username="bithuchibo").person.unit_id)
    meetings = demo_meetings(root).filter(unit=cell, kind__code="monthly").held()
    assessed = MemberAssessment.objects.filter(meeting__in=meetings)
    assert assessed.exists() and not assessed.filter(assessment="").exists()
    sample = meetings.filter(member_assessments__isnull=False).first()
    present = set(sample.attendances.filter(status__in=["present", "late"]).values_list("person", flat=True))
    assert set(sample.member_assessments.values_list("person", flat=True)) == present
    voted = AgendaItem.objects.filter(meeting__in=meetings, votes_for__isnull=False)
    assert voted.exists()
    for item in voted.select_related("meeting")[:5]:  # everyone present votes on the month's tasks
        assert item.votes_total == item.meeting.attendances.filter(status__in=["present", "late"]).count()


def test_assignments_in_every_state_and_figures(root):
    units = Unit.objects.subtree_of(root).values("pk")
    figures = assignment_figures(units, AS_OF)
    assert figures.on_time and figures.late and figures.open and figures.overdue
    assert figures.total == Assignment.objects.filter(meeting__unit__in=units).count()
    month = month_figures(root, datetime.date(2026, 1, 1), today=AS_OF)
    assert 0 < month.held <= month.expected and month.rate
    assert month.with_required < month.held or month.without_required == []


def test_delete_is_idempotent_and_the_build_deterministic(root):
    units = Unit.objects.subtree_of(root).values("pk")

    def snapshot():
        return (
            list(
                demo_meetings(root)
                .order_by("unit__path", "starts_at")
                .values_list("unit__code", "kind__code", "starts_at", "status")
            ),
            MeetingAttendance.objects.filter(meeting__unit__in=units).count(),
            list(
                Assignment.objects.filter(meeting__unit__in=units)
                .order_by("meeting__unit__path", "meeting__starts_at", "pk")
                .values_list("what", "deadline", "done_at")
            ),
        )

    assert delete_meetings(units) > 0
    assert delete_meetings(units) == 0
    assert not MeetingAttendance.objects.filter(meeting__unit__in=units).exists()
    build_meetings(root, random.Random(5))
    first = snapshot()
    delete_meetings(units)
    build_meetings(root, random.Random(5))
    assert snapshot() == first and first[1] > 0


def test_records_are_entered_a_few_days_after_and_a_few_per_cent_late(root):
    """As a secretary enters them: within days of the meeting or the session, a few per cent after the grace the
    completeness figures allow, never after the demo's today; the chair and the secretary are never absent."""
    from lamtheo.indicators.completeness import GRACE_DAYS
    from lamtheo.study.models import StudySession

    held = list(demo_meetings(root).filter(status=Meeting.Status.HELD).values_list("starts_at", "created_at"))
    assert held and all(start <= created for start, created in held)
    within_days = sum(created - start < datetime.timedelta(days=5) for start, created in held)
    assert within_days / len(held) > 0.9
    late = sum(created - start > datetime.timedelta(days=GRACE_DAYS + 31) for start, created in held)
    assert late < 0.08 * len(held)
    sessions = StudySession.objects.in_subtree(root).values_list("date", "created_at")
    delays = [(created.date() - date).days for date, created in sessions]
    assert delays and min(delays) >= 0 and sum(d > GRACE_DAYS for d in delays) < 0.1 * len(delays)
    assert max(created for _s, created in held).date() <= AS_OF
    absent = MeetingAttendance.objects.filter(
        meeting__in=demo_meetings(root),
        status__in=[MeetingAttendance.Status.ABSENT, MeetingAttendance.Status.EXCUSED],
        person=F("meeting__chair"),
    )
    assert not absent.exists()


def test_only_the_weak_chi_bo_miss_or_cancel_a_month(root):
    """Missing the monthly meeting is the habit of the few weak chi bộ (demo/weak.py): over many draws of the demo's
    two years, every other chi bộ holds its monthly meeting in every month it exists, so the attention lists name
    the same few chi bộ rather than a random handful of good ones."""
    from lamtheo.demo.meetings import MeetingsBuilder
    from lamtheo.demo.weak import is_weak

    meetings = MeetingsBuilder(root, random.Random(0), actor=None, today=AS_OF, progress=lambda message: None)
    meetings.load()
    cells = [u for u in meetings.units if u.kind in Unit.CELL_KINDS and not is_weak(u.pk)]
    due = {
        (cell.pk, month)
        for cell in cells
        for month in [*meetings.earlier, *meetings.months]
        if meetings.window(cell, month) is not None
    }
    assert len(cells) > 20 and len(due) > 20 * 20
    for seed in range(12):  # about 25.000 chi bộ-months: a share of 1 in 1.000 would show
        meetings.rng, meetings.pending, meetings.schedules = random.Random(seed), [], []
        for cell in cells:
            meetings.cell_year(cell)
        held = {
            (p.meeting.unit.pk, p.meeting.local_start.date().replace(day=1))
            for p in meetings.pending
            if p.meeting.kind.code == MeetingKind.MONTHLY and p.meeting.status == Meeting.Status.HELD
        }
        assert due - held == set(), seed
