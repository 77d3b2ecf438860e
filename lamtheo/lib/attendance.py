"""Attendance, one vocabulary for every list ticked at a door (a meeting's, a study session's): how a person is
marked (`Presence`), one mark (`Mark`), and the one reader of an attendance list posted by a page (`read_marks`:
`status-<id>` and `reason-<id>` for each listed person, the fields of templates/includes/mark.html)."""

from dataclasses import dataclass
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

REASON_MAX = 200


class Presence(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Đến muộn")
    EXCUSED = "excused", _("Vắng có lý do")
    ABSENT = "absent", _("Vắng không lý do")
    EXEMPT = "exempt", _("Miễn sinh hoạt")


# A meeting's list before it is held: listed, not marked yet.
INVITED = "invited"
# Counted as present (a meeting's attendance rate, a topic studied).
ATTENDED = (Presence.PRESENT, Presence.LATE)
# Not there: the chair and the secretary of a meeting may not be marked so.
AWAY = (Presence.EXCUSED, Presence.ABSENT, Presence.EXEMPT)


@dataclass(frozen=True)
class Mark:
    """How one listed person is marked, with the reason (of an absence, of coming late) when known."""

    status: str
    reason: str = ""
    choices: ClassVar = Presence.choices  # what a list's select offers (templates/includes/mark.html)

    def __post_init__(self):
        if self.status not in Presence.values and self.status != INVITED:
            raise ValueError(f"not a mark of attendance: {self.status!r}")

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    @property
    def kept_reason(self) -> str:
        """The reason as stored: none for someone simply present, at most REASON_MAX characters."""
        return "" if self.status == Presence.PRESENT else self.reason.strip()[:REASON_MAX]


def posted_ids(data) -> list[int]:
    """The people a posted list names (its `status-<id>` and `reason-<id>` fields), in the order posted."""
    ids = (key[7:] for key in data if key.startswith(("status-", "reason-")))
    return list(dict.fromkeys(int(pk) for pk in ids if pk.isdigit()))


def read_marks(data, listed_ids, *, default: str = Presence.PRESENT) -> dict[int, Mark]:
    """The marks posted for `listed_ids`: `status-<id>` (a missing or unknown status is `default`) and
    `reason-<id>` (white space folded). Someone marked absent without a reason given is absent; with one, excused."""
    marks = {}
    for pk in listed_ids:
        status = data.get(f"status-{pk}", default)
        if status not in Presence.values:
            status = default
        reason = " ".join(data.get(f"reason-{pk}", "").split())[:REASON_MAX]
        if status == Presence.ABSENT and reason:
            status = Presence.EXCUSED
        marks[pk] = Mark(status, "" if status == Presence.PRESENT else reason)
    return marks
