import datetime
import zoneinfo

from lamtheo.meetings import actions
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.people.models import Person
from lamtheo.testing import unit

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=TZ)


def at(day, hour=8, minute=0, month=3):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def kind(code):
    return MeetingKind.objects.get(code=code)


def plan(code="monthly", unit_code="LB-01", starts_at=None, actor=None, **fields):
    meeting = Meeting(unit=unit(unit_code), kind=kind(code), starts_at=starts_at or at(5), **fields)
    return actions.plan_meeting(meeting, actor=actor)


def everyone_present(meeting):
    ids = meeting.attendances.values_list("person", flat=True)
    return {pk: actions.Mark("present") for pk in ids}


def add_people(unit_code, count):
    target = unit(unit_code)
    people = []
    for index in range(count):
        person = Person(
            unit=target, full_name=f"Đảng viên Số {index:03d}", party_status=Person.PartyStatus.FULL
        )
        person.refresh_derived()
        people.append(person)
    return Person.objects.bulk_create(people)
