"""Meetings as iCalendar (RFC 5545), so people add them to their phones' calendars."""

import datetime

from django.utils import timezone

from lamtheo.meetings.models import Meeting

PRODID = "-//lamtheo//Sinh hoat, hoi nghi//VI"
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


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
            *([f"URL:{meeting.online_link}"] if meeting.online_link else []),
            f"STATUS:{'CANCELLED' if meeting.status == Meeting.Status.CANCELLED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
