"""Meetings in calendars: as iCalendar (RFC 5545), so people add them to their phones' calendars, and as a month
grid (weeks × days, Monday first) for the calendar pages."""

import calendar as pycalendar
import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from lamtheo.lib import vn
from lamtheo.meetings.models import Meeting, MeetingAttendance

PRODID = "-//lamtheo//Sinh hoat, hoi nghi//VI"
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _escape(text: str) -> str:
    """A TEXT value of RFC 5545: a line break of any kind (CR LF, LF, a lone CR) becomes `\\n`, and no other
    control character is left (a raw CR would start a line of the attacker's choosing in the file)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _uri(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cc" and char != " ")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuations starting with a space, never splitting a UTF-8 character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(meetings, *, host: str, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for meeting in meetings:
        ends = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
        location = meeting.place or meeting.online_link
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(ends)}",
            f"SUMMARY:{_escape(f'{meeting.display_title} – {meeting.unit.name}')}",
            *([f"LOCATION:{_escape(location)}"] if location else []),
            *([f"URL:{_uri(meeting.online_link)}"] if meeting.online_link else []),
            f"STATUS:{'CANCELLED' if meeting.status == Meeting.Status.CANCELLED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


# The month grid ---------------------------------------------------------------------------------------------------

LIST_MAX = 150  # above this many meetings in a month the grid shows counts per day instead of each meeting


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    meetings: list = field(default_factory=list)
    count: int = 0

    @property
    def weekday_name(self) -> str:
        return vn.weekday(self.date)


@dataclass
class MonthGrid:
    month: datetime.date  # the first day
    weeks: list[list[Day]]
    counts_only: bool  # too many meetings: each day shows its count
    total: int

    @property
    def days_with_meetings(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.count]

    @property
    def previous(self) -> str:
        return (self.month - datetime.timedelta(days=1)).strftime("%Y-%m")

    @property
    def next(self) -> str:
        return (self.month + datetime.timedelta(days=32)).strftime("%Y-%m")


def weekday_names() -> list[str]:
    """Monday first, as Vietnamese calendars print them."""
    return list(vn.WEEKDAYS)


def month_grid(month: datetime.date, meetings, *, today: datetime.date) -> MonthGrid:
    """The weeks (Monday first) covering `month`, each day with its meetings of the month.

    Reads at most LIST_MAX + 1 meetings from `meetings` (a QuerySet already limited to the month); when there are
    more, one grouped query gives the count per day instead."""
    month = month.replace(day=1)
    weeks = [
        [Day(date=d, in_month=d.month == month.month, is_today=d == today) for d in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    rows = list(meetings.order_by("starts_at", "pk")[: LIST_MAX + 1])
    counts_only = len(rows) > LIST_MAX
    if counts_only:
        zone = timezone.get_current_timezone()
        per_day = (
            meetings.order_by()
            .annotate(day=TruncDate("starts_at", tzinfo=zone))
            .values("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
        for date, n in per_day:
            if date in by_date:
                by_date[date].count = n
    else:
        for meeting in rows:
            day = by_date.get(meeting.local_start.date())
            if day is not None:
                day.meetings.append(meeting)
                day.count += 1
    total = sum(day.count for day in by_date.values() if day.in_month)
    return MonthGrid(month=month, weeks=weeks, counts_only=counts_only, total=total)


# A person's own meetings --------------------------------------------------------------------------------------------


def personal_meetings(user):
    """The meetings the user's person is invited to, chairs or records, whatever their roles."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Meeting.objects.none()
    invited = MeetingAttendance.objects.filter(person=person_id).values("meeting")
    return Meeting.objects.filter(Q(pk__in=invited) | Q(chair=person_id) | Q(secretary=person_id))
