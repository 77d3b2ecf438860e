"""What the level above sees of its units' reports for a period: submitted on time, late, or missing."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lamtheo.reports.models import Deadline, Submission
from lamtheo.units.models import Unit


@dataclass
class ReceivedRow:
    unit: Unit
    submission: Submission | None
    state: str  # a key of STATES

    STATES = {
        "on_time": _("Đúng hạn"),
        "late": _("Chậm"),
        "missing": _("Chưa gửi"),
        "not_yet": _("Chưa gửi (chưa đến hạn)"),
        "received": _("Đã gửi"),
    }

    @property
    def state_label(self):
        return self.STATES[self.state]


def deadline_for(unit: Unit, kind: str, period) -> Deadline | None:
    return Deadline.objects.filter(
        unit=unit, kind=kind, period_start=period.start, period_end=period.end
    ).first()


def received(unit: Unit, kind: str, period, *, today) -> tuple[list[ReceivedRow], Deadline | None]:
    """A row per active unit directly below `unit` (and per other unit that sent one), in three queries."""
    deadline = deadline_for(unit, kind, period)
    due = deadline.due_date if deadline else None
    submissions = {
        s.unit_id: s
        for s in Submission.objects.filter(
            to_unit=unit, kind=kind, period_start=period.start, period_end=period.end
        ).select_related("unit", "report__document", "submitted_by", "decided_by")
    }
    children = list(Unit.objects.children_of(unit).active().sorted())
    known = {child.pk for child in children}
    units = children + [s.unit for s in submissions.values() if s.unit_id not in known]
    rows = []
    for child in units:
        submission = submissions.get(child.pk)
        if submission is None:
            state = "not_yet" if due is not None and today <= due else "missing"
        elif due is None:
            state = "received"
        else:
            state = "late" if submission.is_late(due) else "on_time"
        rows.append(ReceivedRow(child, submission, state))
    return rows, deadline
