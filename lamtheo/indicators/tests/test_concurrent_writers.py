"""No writer of attendance waits on another (PostgreSQL): twenty secretaries in twenty chi bộ record their
meetings' attendance at the same moment, each in its own transaction held open until all twenty have written. Were
any row shared by them (the data versions once kept by triggers, a tally of the province), the second writer would
wait on the first's lock until commit, and none could reach the barrier: the lock timeout would fail the test."""

import threading

import pytest
from django.db import connection, connections, transaction

from lamtheo import testing
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.meetings import actions
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.meetings.tests.helpers import at
from lamtheo.people.models import Person
from lamtheo.units.models import Unit

WRITERS = 20
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")


def _cells_with_a_planned_meeting() -> list[Meeting]:
    if not Unit.objects.filter(code="TU").exists():
        testing.build_world()
    commune = Unit.objects.get(code="LB")
    monthly = MeetingKind.objects.get(code=MeetingKind.MONTHLY)
    meetings = []
    for index in range(WRITERS):
        cell = Unit(code=f"LB-W{index:02d}", name=f"Chi bộ Ghi {index:02d}", kind=Unit.Kind.CELL)
        cell.refresh_derived()
        cell = Unit.objects.add_child(Unit.objects.get(pk=commune.pk), instance=cell)
        for number in range(3):
            person = Person(
                unit=cell,
                full_name=f"Đảng viên {index:02d}-{number}",
                party_status=Person.PartyStatus.NON_MEMBER,
            )
            person.refresh_derived()
            person.save()
        meetings.append(actions.plan_meeting(Meeting(unit=cell, kind=monthly, starts_at=at(5)), actor=None))
    return meetings


@pytest.mark.django_db(transaction=True)
def test_twenty_secretaries_record_attendance_at_once_without_waiting_on_each_other():
    meetings = _cells_with_a_planned_meeting()
    province = Unit.objects.get(code="TU")
    before = engine.figures([province.pk], Period.month(2026, 3), ["attendance_rate"])[province.pk]
    together = threading.Barrier(WRITERS, timeout=30)
    errors: list[BaseException] = []

    def secretary(meeting: Meeting) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                marks = {
                    pk: actions.Mark("present") for pk in meeting.attendances.values_list("person", flat=True)
                }
                actions.hold_meeting(
                    meeting,
                    marks,
                    actor=None,
                    expected_version=meeting.version,
                    starts_at=meeting.starts_at,
                    ends_at=at(5, 10),
                )
                together.wait()  # every writer has written and holds its locks: none waited on another
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=secretary, args=(meeting,)) for meeting in meetings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    after = engine.figures([province.pk], Period.month(2026, 3), ["attendance_rate"])[province.pk]
    assert after["attendance_rate"].numerator == before["attendance_rate"].numerator + 3 * WRITERS
