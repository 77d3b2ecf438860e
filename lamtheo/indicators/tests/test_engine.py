"""The engine's numbers against counts made here from the raw records, one by one, in plain Python."""

import datetime

import pytest
from django.utils import timezone

from lamtheo.indicators import engine, freshness, registry
from lamtheo.indicators.engine import Value
from lamtheo.indicators.periods import Period
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance
from lamtheo.people.models import KeyPosition, Person, Position
from lamtheo.pledges.models import Pledge
from lamtheo.study.models import Attendance, StudySession
from lamtheo.testing import unit

from .conftest import TODAY, at, hold, pledge

pytestmark = pytest.mark.usefixtures("world")
YEAR = Period.year(2026)


def below(code):
    """The ids of the units in `code`'s subtree."""
    top = unit(code)
    from lamtheo.units.models import Unit

    return {u.pk for u in Unit.objects.all() if u.path.startswith(top.path)}


def people(code, *, strict=False):
    ids = below(code)
    statuses = [Person.Status.ACTIVE] if strict else list(Person.ACTIVE_STATUSES)
    return [p for p in Person.objects.all() if p.unit_id in ids and p.status in statuses]


def key_cadre(person):
    """Holding today a position the KeyPosition table names for the kind of unit it is held in."""
    keys = set(KeyPosition.objects.values_list("unit_kind", "position_kind"))
    return any(
        (p.unit.kind, p.kind) in keys and p.end_date is None
        for p in Position.objects.filter(person=person).select_related("unit")
    )


def test_people_and_their_splits():
    everyone = people("LB")
    values = engine.figures([unit("LB").pk], YEAR, ["people"])[unit("LB").pk]
    assert values["people"] == Value(len(everyone)) == Value(5)
    members = engine.figures([unit("LB").pk], YEAR, ["people"], split="members")[unit("LB").pk]["people"]
    assert members.numerator == sum(p.is_member for p in everyone) == 4
    non = engine.figures([unit("LB").pk], YEAR, ["people"], split="non_members")[unit("LB").pk]["people"]
    assert non.numerator == sum(not p.is_member for p in everyone) == 1
    # The commune committee's phó bí thư is a key cadre; the chi bộ's bí thư (Tám) is not (KeyPosition: per level).
    Position.objects.create(
        person=Person.objects.get(full_name="Trương Thị Mai"), unit=unit("LB"), kind="pho_bi_thu"
    )
    key = engine.figures([unit("LB").pk], YEAR, ["people"], split="key_cadres", cache=False)[unit("LB").pk][
        "people"
    ]
    assert key.numerator == sum(key_cadre(p) for p in everyone) == 1
    assert not key_cadre(Person.objects.get(full_name="Lê Văn Tám"))


def test_study_sessions_and_who_studied():
    sessions = [s for s in StudySession.objects.all() if s.unit_id in below("LB-01") and s.date.year == 2026]
    studied = {a.person_id for a in Attendance.objects.filter(status="present")}
    expected = people("LB", strict=True)
    values = engine.figures([unit("LB").pk], YEAR, ["study_sessions", "studied_topic"])[unit("LB").pk]
    assert values["study_sessions"].numerator == len(sessions) == 2  # the merged chi bộ's counts under LB-01
    assert (
        values["studied_topic"] == Value(sum(p.pk in studied for p in expected), len(expected)) == Value(2, 4)
    )
    non = engine.figures([unit("LB").pk], YEAR, ["studied_topic"], split="non_members")[unit("LB").pk]
    assert non["studied_topic"] == Value(1, 1)
    january = engine.figures([unit("LB-01").pk], Period.month(2026, 1), ["study_sessions", "studied_topic"])
    assert january[unit("LB-01").pk]["study_sessions"] == Value(1)
    assert january[unit("LB-01").pk]["studied_topic"].numerator == 0


def test_the_same_figures_read_by_the_units_indexes_or_in_one_pass(monkeypatch):
    """A small subtree's sources read its records by its units' indexes (who studied probed per person, the
    assignments by the meetings and people of its units), a large one's in one pass over the period's records
    (tree.SMALL): the same figures either way, on the province, a commune and a chi bộ."""
    from lamtheo.indicators import tree

    ids = [unit(code).pk for code in ("TU", "LB", "LB-01")]
    # Given by a meeting of another commune to a unit and to a person of LB-01: received there, not given there.
    elsewhere = hold("CD-01", at(3, 2))
    someone = Person.objects.filter(unit=unit("LB-01")).first()
    for assignee in ({"assignee_unit": unit("LB-01")}, {"assignee_person": someone}):
        Assignment.objects.create(
            meeting=elsewhere, what="Báo cáo", deadline=datetime.date(2026, 3, 10), **assignee
        )

    def every_figure(small, split=None):
        """Each unit's figures, each read over its own subtree."""
        monkeypatch.setattr(tree, "SMALL", small)
        return {pk: engine.figures([pk], YEAR, split=split, today=TODAY, cache=False)[pk] for pk in ids}

    for split in (None, "non_members"):
        assert every_figure(0, split) == every_figure(10**6, split)
    one_pass = every_figure(0)[unit("TU").pk]
    assert one_pass["studied_topic"].numerator > 0
    assert one_pass["assignments_received_on_time"].denominator > 0
    lb01 = every_figure(10**6)[unit("LB-01").pk]["assignments_received_overdue"]
    assert lb01.numerator >= 2  # the two given from elsewhere, open past their deadline


def test_who_studied_the_years_topic_is_cumulative_and_by_topic_on_request(world):
    """Studied in March: April and the first quarter count them (by the period's end), January not yet. Every yearly
    topic of the year counts for the year; `topic` counts one topic alone (its coverage page)."""
    from lamtheo.study import actions as study_actions
    from lamtheo.topics.models import Topic

    from .conftest import Mark

    lb = unit("LB").pk
    april = engine.figures([lb], Period.month(2026, 4), ["studied_topic"], today=datetime.date(2026, 4, 30))
    assert april[lb]["studied_topic"] == Value(2, 4)
    assert engine.figures([lb], Period.quarter(2026, 1), ["studied_topic"])[lb]["studied_topic"] == Value(
        2, 4
    )
    own = Topic.objects.create(
        unit=unit("LB"), kind=Topic.Kind.YEAR, parent=world.parent, title="Xã", start_year=2026, end_year=2026
    )
    study_actions.create_session(
        StudySession(unit=unit("LB-02"), topic=own, date=datetime.date(2026, 2, 2)),
        actor=None,
        attendance={Person.objects.get(full_name="Trương Thị Mai").pk: Mark("present")},
        today=TODAY,
    )

    def studied(**topic):
        return engine.figures([lb], YEAR, ["studied_topic", "study_sessions"], **topic)[lb]

    assert (studied()["studied_topic"], studied()["study_sessions"]) == (Value(3, 4), Value(3))
    assert (studied(topic=world.pk)["studied_topic"], studied(topic=world.pk)["study_sessions"]) == (
        Value(2, 4),
        Value(2),
    )
    assert (studied(topic=own.pk)["studied_topic"], studied(topic=own.pk)["study_sessions"]) == (
        Value(1, 4),
        Value(1),
    )


def test_registrations_reviewed_and_levels():
    # Over those who must register: the active people, the exempt (Hoa) left out as for the study.
    everyone = people("LB", strict=True)
    pledges = {p.person_id: p for p in Pledge.objects.filter(year=2026)}
    registered = [p for p in everyone if p.pk in pledges and pledges[p.pk].status in Pledge.REGISTERED_STATES]
    reviewed = [p for p in registered if pledges[p.pk].status in Pledge.REVIEWED_STATES]
    values = engine.figures([unit("LB").pk], YEAR, ["registered", "registrations_reviewed"])[unit("LB").pk]
    assert values["registered"] == Value(len(registered), len(everyone)) == Value(3, 4)
    assert values["registrations_reviewed"] == Value(len(reviewed), len(registered)) == Value(1, 3)
    # By the end of February the late registration (01/03) was not in yet; Mai's draft never counts.
    february = engine.figures([unit("LB").pk], Period.month(2026, 2), ["registered"])[unit("LB").pk]
    assert february["registered"] == Value(2, 4)
    results = engine.figures([unit("TU").pk], Period.year(2025), list(registry.LEVEL_CODES))[unit("TU").pk]
    assert results["result_excellent"] == Value(1, 3)
    assert results["result_good"] == Value(2, 3)
    assert results["result_not_done"] == Value(0, 3)
    # Rated in December: the first half of that year counts no rating yet, as it counts no later review.
    Pledge.objects.filter(year=2025, status__in=Pledge.RATED_STATES).update(
        rated_at=timezone.make_aware(datetime.datetime(2025, 12, 20, 9))
    )
    freshness.changed("pledges")
    first_half = engine.figures([unit("TU").pk], Period.half(2025, 1), list(registry.LEVEL_CODES))
    assert first_half[unit("TU").pk]["result_good"] == Value(0, 0)
    assert engine.figures([unit("TU").pk], Period.year(2025), ["result_good"])[unit("TU").pk][
        "result_good"
    ] == Value(2, 3)


def test_every_registration_figure_is_over_those_who_must_register():
    """The exempt member's registration, submitted and reviewed, counts in none of them: reviewed over registered
    is one population, so a unit never shows more registrations reviewed than written."""
    before = engine.figures([unit("LB").pk], YEAR, ["registered", "registrations_reviewed"])[unit("LB").pk]
    exempt = pledge("Đỗ Thị Hoa", 2026, Pledge.Status.ACCEPTED, submitted=datetime.date(2026, 2, 1))
    Pledge.objects.filter(pk=exempt.pk).update(reviewed_at=exempt.first_submitted_at)
    freshness.changed("pledges")
    after = engine.figures([unit("LB").pk], YEAR, ["registered", "registrations_reviewed"])[unit("LB").pk]
    assert after == before
    assert after["registrations_reviewed"].denominator == after["registered"].numerator
    assert (
        str(registry.get("registered").denominator) == "Số người đang sinh hoạt (không tính miễn sinh hoạt)"
    )


def test_conduct_codes():
    values = engine.figures([unit("TU").pk, unit("LB").pk], YEAR, ["conduct_adopted", "conduct_copied"])
    # Active committees and chi bộ: TU, LB, LB-01, LB-02, CD, CD-01 (the merged LB-09 is closed).
    assert values[unit("TU").pk]["conduct_adopted"] == Value(2, 6)
    assert values[unit("LB").pk]["conduct_adopted"] == Value(2, 3)
    assert values[unit("LB").pk]["conduct_copied"] == Value(1, 2)


def monthly_held(code, month):
    ids = below(code)
    return [
        m
        for m in Meeting.objects.filter(status="held", kind__code="monthly")
        if m.unit_id in ids and m.local_start.month == month
    ]


def test_meetings_held_and_expected_per_month():
    march = engine.figures([unit("LB").pk], Period.month(2026, 3), ["meetings_held", "meetings_required"])
    # March is in progress (today 20/03): due only where held. LB-01 met; LB-02's meeting was cancelled, and
    # LB-02 is not yet late.
    assert march[unit("LB").pk]["meetings_held"] == Value(len(monthly_held("LB", 3)), 1) == Value(1, 1)
    assert march[unit("LB").pk]["meetings_required"] == Value(1, 1)
    quarter = engine.figures([unit("LB").pk], Period.quarter(2026, 1), ["meetings_held", "meetings_required"])
    # January: LB-01, LB-02 and LB-09 (still open) expected, LB-09 met; February: two expected; March: LB-01's.
    assert quarter[unit("LB").pk]["meetings_held"] == Value(4, 6)
    # February's LB-01 meeting lacked the required item.
    assert quarter[unit("LB").pk]["meetings_required"] == Value(3, 4)


def test_attendance_rate():
    rows = [
        a
        for a in MeetingAttendance.objects.select_related("meeting")
        if a.meeting.status == "held"
        and a.meeting.kind.code == "monthly"
        and a.meeting.unit_id in below("LB")
    ]
    present = sum(a.status in ("present", "late") for a in rows)
    expected = sum(a.status != "exempt" for a in rows)
    value = engine.figures([unit("LB").pk], YEAR, ["attendance_rate"])[unit("LB").pk]["attendance_rate"]
    assert value == Value(present, expected)
    assert value.numerator < value.denominator  # Tám was excused in March


def test_thematic_meetings_and_assignments():
    values = engine.figures(
        [unit("LB").pk],
        Period.quarter(2026, 1),
        ["thematic_meetings", "assignments_on_time", "assignments_overdue"],
    )[unit("LB").pk]
    # The quarter is in progress: due where held. LB-02 held one.
    assert values["thematic_meetings"] == Value(1, 1)
    assert values["assignments_on_time"] == Value(1, 2)
    assert values["assignments_overdue"] == Value(1, 3)  # the April deadline lies outside the quarter


@pytest.mark.parametrize(
    ("hour", "minute", "day", "on_time"),
    [(23, 59, 10, True), (0, 1, 11, False), (6, 59, 10, True), (7, 0, 11, False)],
)
def test_done_on_time_means_by_the_end_of_the_deadline_day_in_vietnam(hour, minute, day, on_time):
    """23:59 on the deadline day in Vietnam is 16:59 UTC: on time; 00:01 the next day is late. (07:00 on the 11th
    in Vietnam is midnight UTC, where a UTC date would still say the 11th; 06:59 on the 10th is the 9th in UTC.)"""
    from .conftest import TZ

    meeting = Meeting.objects.filter(unit=unit("LB-01"), status=Meeting.Status.HELD).first()
    Assignment.objects.filter(meeting__unit__path__startswith=unit("LB").path).delete()
    done_at = datetime.datetime(2026, 3, day, hour, minute, tzinfo=TZ)
    Assignment.objects.create(
        meeting=meeting, what="Báo cáo", deadline=datetime.date(2026, 3, 10), done_at=done_at
    )
    value = engine.figures([unit("LB").pk], Period.quarter(2026, 1), ["assignments_on_time"], cache=False)
    assert value[unit("LB").pk]["assignments_on_time"] == Value(1 if on_time else 0, 1)


def test_value_formats_and_sums():
    value = Value(40539, 41324)
    assert (value.text, value.percent_text) == ("40.539/41.324", "98,1%")
    assert Value(731).text == "731" and Value(731).percent_text == "" and Value(731).percent is None
    assert Value(1, 2) + Value(2, 3) == Value(3, 5)
    assert Value(0, 0).percent is None and Value(0, 0).percent_text == ""


def test_merged_unit_counts_under_the_unit_it_merged_into():
    values = engine.figures([unit("LB-01").pk, unit("LB-09").pk], Period.month(2026, 1), ["meetings_held"])
    assert values[unit("LB-01").pk]["meetings_held"] == Value(1, 2)  # its own (none) and the old chi bộ's
    assert values[unit("LB-09").pk]["meetings_held"] == Value(1, 1)


def test_rollup_gives_every_unit_and_sums_to_the_root():
    values = engine.rollup("people", YEAR)
    assert set(values) == below("TU")
    assert values[unit("TU").pk].numerator == len(people("TU"))
    assert values[unit("LB").pk] + values[unit("CD").pk] == values[unit("TU").pk]
    commune = engine.rollup("people", YEAR, unit("LB").pk)
    assert set(commune) == below("LB")


def test_trend_month_by_month():
    trend = engine.trend(unit("LB").pk, Period.quarter(2026, 1), ["meetings_held"])
    assert [(p.label, v) for p, v in trend["meetings_held"]] == [
        ("tháng 1/2026", Value(1, 3)),
        ("tháng 2/2026", Value(2, 2)),
        ("tháng 3/2026", Value(1, 1)),  # in progress: due where held
    ]


def test_future_months_are_not_expected():
    value = engine.figures([unit("LB").pk], YEAR, ["meetings_held"], today=TODAY)[unit("LB").pk][
        "meetings_held"
    ]
    assert value.denominator == 6  # January and February, and March where held: nothing after


def test_unknown_code_and_split_refuse():
    with pytest.raises(KeyError):
        engine.figures([unit("LB").pk], YEAR, ["nonsense"])
    with pytest.raises(ValueError):
        engine.figures([unit("LB").pk], YEAR, ["people"], split="women")
    only = engine.figures([unit("LB").pk], YEAR, ["people", "meetings_held"], split="members")
    assert list(only[unit("LB").pk]) == ["people"]


def test_every_registered_indicator_is_computed():
    from lamtheo.indicators.source import sources

    declared = sources()
    for indicator in registry.INDICATORS.values():
        assert declared[indicator.source].compute is not None, indicator.code
        assert not indicator.month_source or declared[indicator.month_source].by_month is not None
    values = engine.figures([unit("TU").pk], YEAR)[unit("TU").pk]
    assert list(values) == list(registry.INDICATORS)


def test_dates_beyond_today_count_nothing_yet():
    later = engine.figures([unit("LB").pk], Period.month(2026, 6), ["meetings_held", "study_sessions"])
    assert later[unit("LB").pk]["meetings_held"] == Value(0, 0)
    assert datetime.date(2026, 6, 1) > TODAY


# Speed: a bounded number of queries whatever the number of units ----------------------------------------------------


def add_cells(parent_code, count):
    from lamtheo.units.models import Unit

    parent = Unit.objects.get(code=parent_code)
    for index in range(count):
        cell = Unit(code=f"{parent_code}-Y{index:02d}", name=f"Chi bộ Thử {index:02d}", kind=Unit.Kind.CELL)
        cell.refresh_derived()
        cell = Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=cell)
        Person.objects.create(
            unit=cell, full_name=f"Người Thử {index:02d}", party_status=Person.PartyStatus.FULL
        )


def count_queries(ids, codes=None, split=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        engine.figures(ids, YEAR, codes, split=split, cache=False)
    return len(captured)


def test_same_number_of_queries_for_3_and_25_units():
    from lamtheo.units.models import Unit

    few = [unit(code).pk for code in ("TU", "LB", "CD")]
    small = count_queries(few)
    small_split = count_queries(few, ["people", "registered"], "key_cadres")
    add_cells("LB", 12)
    add_cells("CD", 12)
    many = list(Unit.objects.values_list("pk", flat=True))
    assert len(many) >= 25
    assert count_queries(many) == small
    assert count_queries(many, ["people", "registered"], "key_cadres") == small_split
    # units, people, sessions, meetings (+ kind), attendance, thematic, assignments, ...; the "làm theo" half: models
    # (and their goals), exemplars, drives (and their scores), model chi bộ
    assert small <= 18


def test_rollup_of_one_indicator_takes_three_queries(django_assert_num_queries):
    add_cells("LB", 5)
    with django_assert_num_queries(3):  # the roots, the units, the people
        values = engine.rollup("people", YEAR, cache=False)
    assert len(values) > 10


def test_a_write_through_the_actions_shows_at_once(secretary):
    from lamtheo.people import actions as people_actions
    from lamtheo.pledges import actions as pledge_actions

    before = engine.figures([unit("LB").pk], YEAR, ["people", "registrations_reviewed"])[unit("LB").pk]
    submitted = Pledge.objects.get(person__full_name="Nguyễn Thị Kim Ngọc", year=2026)
    pledge_actions.accept_pledge(submitted, actor=secretary, expected_version=submitted.version)
    newcomer = Person(
        unit=unit("LB-02"),
        full_name="Người Mới",
        party_status=Person.PartyStatus.FULL,
        date_joined_party=datetime.date(2020, 1, 1),
        date_official=datetime.date(2021, 1, 1),
    )
    people_actions.create_person(newcomer, actor=None)
    after = engine.figures([unit("LB").pk], YEAR, ["people", "registrations_reviewed"])[unit("LB").pk]
    assert after["people"].numerator == before["people"].numerator + 1
    assert after["registrations_reviewed"].numerator == before["registrations_reviewed"].numerator + 1


def test_committees_deploying_a_topic_on_time(world):
    from lamtheo.documents.models import Document, DocumentType

    world.deploy_by = datetime.date(2026, 3, 15)
    world.save(update_fields=["deploy_by"])
    for code, date in (("LB", datetime.date(2026, 3, 10)), ("CD", datetime.date(2026, 3, 18))):
        Document.objects.create(
            unit=unit(code),
            doc_type=DocumentType.objects.get(key="ke_hoach"),
            summary="triển khai chuyên đề",
            topic=world,
            status=Document.Status.ISSUED,
            date=date,
        )
    values = engine.figures([unit("TU").pk, unit("LB").pk], YEAR, ["documents_deployed"])
    # LB on time (10/03), CD three days late (18/03): of the two communes that had to deploy it, one on time.
    assert values[unit("TU").pk]["documents_deployed"] == Value(1, 2)
    assert values[unit("LB").pk]["documents_deployed"] == Value(1, 1)
    # The deadline lies outside the second quarter: nothing expected then.
    later = engine.figures([unit("TU").pk], Period.quarter(2026, 2), ["documents_deployed"])
    assert later[unit("TU").pk]["documents_deployed"] == Value(0, 0)


# The cache: keyed by the data version that database triggers change on every write ---------------------------------


def lb_people(pk=None):
    pk = pk or unit("LB").pk
    return engine.figures([pk], YEAR, ["people", "meetings_held"])[pk]


def test_a_cached_figure_costs_no_query(django_assert_num_queries):
    pk = unit("LB").pk
    first = lb_people(pk)
    with django_assert_num_queries(0):  # the generations and the figures, both from the cache
        assert lb_people(pk) == first


def test_a_meeting_held_changes_the_cached_month():
    from .conftest import at, hold

    march = Period.month(2026, 3)
    before = engine.figures([unit("LB").pk], march, ["meetings_held"])[unit("LB").pk]["meetings_held"]
    hold("LB-02", at(3, 18))
    after = engine.figures([unit("LB").pk], march, ["meetings_held"])[unit("LB").pk]["meetings_held"]
    assert (before, after) == (Value(1, 1), Value(2, 2))  # March in progress: due where held


def test_no_trigger_keeps_the_figures():
    """Freshness lives in the cache (freshness.py): no trigger on any table, nothing reinstalled by migrate."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        assert cursor.fetchall() == []


def test_without_the_meeting_kinds_the_meeting_figures_are_empty_not_an_error():
    """A database whose meeting kinds were removed (as a flushed test database): nothing counts, nothing fails."""
    from lamtheo.meetings.models import MeetingKind

    Meeting.objects.all().delete()
    MeetingKind.objects.all().delete()
    values = engine.figures(
        [unit("LB").pk],
        Period.quarter(2026, 1),
        ["meetings_held", "attendance_rate", "thematic_meetings"],
        cache=False,
    )[unit("LB").pk]
    assert values["meetings_held"].numerator == 0
    assert values["attendance_rate"] == Value(0, 0)
