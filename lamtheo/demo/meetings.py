"""The demo province's meetings: twelve months of chi bộ life, written in bulk through the meetings' write function
(lamtheo.meetings.actions.write_meetings, which plan_meeting calls too). The texts are in data/meetings.yaml.

`build_meetings(root, rng)` runs once the people exist (after the demo's history, so transfers are in the stays).
For the twelve months up to the demo's "today" (`today`: the current month up to the day before, and the eleven
before it; 03/2025 – 02/2026 for the tests' 01/03/2026) it writes the following, and for the twelve months before
them the monthly meetings alone (`earlier_year`), so that the figures have a previous year to compare with:

- in every chi bộ, a monthly meeting (sinh hoạt thường kỳ) on the chi bộ's usual day, for the party members
  whose stay covers that day: a few months missed, a few meetings cancelled, some without the required item
  assessing "học tập và làm theo", a few too short or with the documents sent late; attendance mostly above
  80% (each chi bộ has its own habits, a few fall below the bar some months), absences with realistic reasons
  ("Đi làm ăn xa", "Ốm", "Đi công tác"...), members exempted for old age marked so (miễn sinh hoạt);
- a chi ủy meeting a few days before most monthly meetings, in the chi bộ that have a chi ủy;
- a thematic meeting (sinh hoạt chuyên đề) in most quarters: mostly combined with a monthly meeting, sometimes
  on its own;
- minutes on every held meeting (notes and conclusion of the assessment item and of the month's tasks);
- assignments from some meetings' conclusions, in every state: done on time, done late, open, overdue;
- for one commune (the demo's), the giao ban conferences of the last two quarters with the secretaries of its chi
  bộ and the latest sơ kết or tổng kết conference, whose conclusions become assignments to the chi bộ.

Deterministic: the same database and the same generator state give the same meetings, row for row.
Each chi bộ's usual day is its recurring schedule (MeetingSchedule), which its monthly meetings name.
`delete_meetings(units)` removes all of it (schedules included) for the demo's --reset; it must run before units and people go.
"""

import bisect
import datetime
import random
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit import actions as audit
from lamtheo.audit.models import AuditEvent
from lamtheo.demo.data import load
from lamtheo.demo.entry import as_entered, entered_at
from lamtheo.demo.population import demo_months
from lamtheo.demo.study import AS_OF, Stay
from lamtheo.demo.weak import is_weak
from lamtheo.indicators import freshness
from lamtheo.indicators.periods import ROMAN
from lamtheo.lib import vn
from lamtheo.meetings.actions import MeetingRecord, write_meetings
from lamtheo.meetings.models import (
    AgendaItem,
    Assignment,
    Contribution,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingSchedule,
    MemberAssessment,
)
from lamtheo.people.models import Membership, Person, Position
from lamtheo.units.models import Unit

BATCH_SIZE = 2000
CELLS_PER_FLUSH = 400
Status = MeetingAttendance.Status
Pos = Position.Kind
CELL_COMMITTEE = (Pos.SECRETARY, Pos.DEPUTY_SECRETARY, Pos.CELL_COMMITTEE_MEMBER)
COMMUNE_COMMITTEE = (Pos.SECRETARY, Pos.DEPUTY_SECRETARY, Pos.COMMITTEE_MEMBER)

# Missing a monthly meeting is a habit of the few weak chi bộ (lamtheo.demo.weak), not a lottery over all of them:
# they miss or cancel a month now and then, the others never (about 1% of chi bộ-months in all). A small share for
# the others (it was 0,15%) still made about 9 good chi bộ a year miss a month at random, which the attention
# lists then named beside the weak ones.
MISSED = {True: 0.1, False: 0.0}  # share of chi bộ-months without a monthly meeting: weak chi bộ, others
CANCELLED = {True: 0.05, False: 0.0}  # planned, then cancelled (and not held that month)
LOW_PRESENCE = 0.6  # of the weak chi bộ: those whose members attend below the 80% bar
WITHOUT_REQUIRED = 0.04  # held without the required assessment item
TOO_SHORT = 0.03
DOCUMENTS_LATE = 0.08
COMMITTEE_FIRST = 0.88  # chi bộ with a chi ủy: share of months the chi ủy meets before
THEMATIC = 0.9  # share of quarters with a thematic meeting
THEMATIC_ALONE = 0.3  # of those, held on their own rather than combined with the monthly meeting
ASSIGNING = 0.2  # share of held monthly meetings whose conclusions assign tasks
FAR_AWAY = 0.03  # members of residential chi bộ working far away: mostly excused
_DATA = load("meetings")  # what the meetings say
REASONS = tuple((row["reason"], row["weight"]) for row in _DATA["reasons"])
CANCEL_REASONS = tuple(_DATA["cancel_reasons"])
EXEMPT_REASON: str = _DATA["exempt_reason"]
FAR_REASON: str = _DATA["far_reason"]
AGENDA_BEFORE: str = _DATA["agenda_before"]
AGENDA_REVIEW: str = _DATA["agenda_review"]
AGENDA_NEXT: str = _DATA["agenda_next"]
THEMES = tuple(_DATA["themes"])
REVIEW_NOTES = tuple(_DATA["review_notes"])  # {place}: the chi bộ's place
REVIEW_CONCLUSIONS = tuple(_DATA["review_conclusions"])  # {good}: how many did well
NEXT_CONCLUSIONS = tuple(_DATA["next_conclusions"])
TASKS = tuple(_DATA["tasks"])
EVIDENCE = tuple(_DATA["evidence"])
ASSESSMENTS = tuple(_DATA["assessments"])
SELF_CRITICISMS = tuple(_DATA["self_criticisms"])
CONTRIBUTIONS = tuple(_DATA["contributions"])
GIAO_BAN_TOPICS = tuple(_DATA["giao_ban_topics"])
CONFERENCE_TASKS = tuple(_DATA["conference_tasks"])


@dataclass
class MeetingsResult:
    meetings: Counter = field(default_factory=Counter)  # by kind code
    cancelled: int = 0
    missed: int = 0
    attendances: int = 0
    agenda_items: int = 0
    assignments: Counter = field(default_factory=Counter)  # on_time, late, open, overdue

    @property
    def total(self) -> int:
        return sum(self.meetings.values())


@dataclass
class Planned:
    """A meeting waiting to be written, with its agenda, attendance and assignments."""

    meeting: Meeting
    agenda: list = field(
        default_factory=list
    )  # (title, required, notes, conclusion[, (for, against, abstain)])
    marks: list = field(default_factory=list)  # (person, status, reason)
    tasks: list = field(default_factory=list)  # Assignment without meeting
    invited_units: list = field(default_factory=list)
    contributions: list = field(default_factory=list)  # (agenda index, unit, speaker, content)
    assessments: list = field(default_factory=list)  # (person, assessment, self-criticism, criticism)


class MeetingsBuilder:
    def __init__(self, root: Unit, rng: random.Random, *, actor, today: datetime.date, progress):
        self.root, self.rng, self.actor, self.today, self.progress = root, rng, actor, today, progress
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.result = MeetingsResult()
        self.pending: list[Planned] = []
        self.schedules: list[MeetingSchedule] = []
        self.kinds = {kind.code: kind for kind in MeetingKind.objects.all()}
        self.reasons = [reason for reason, _weight in REASONS]
        self.weights = [weight for _reason, weight in REASONS]
        self.far_away: dict[int, bool] = {}
        self.assessed_cell: int | None = None  # the chi bộ whose minutes assess each member
        self.months = demo_months(
            today
        )  # twelve months ending with the last month that has a day before today
        self.earlier = [month.replace(year=month.year - 1) for month in self.months]

    # Loading ----------------------------------------------------------------------------------------------------

    def load(self) -> None:
        """Units, stays and positions of the province: three queries."""
        units = Unit.objects.subtree_of(self.root).order_by("path")
        self.units = list(units.only("pk", "path", "name", "kind", "active_from", "active_to", "depth"))
        self.by_path = {u.path: u for u in self.units}
        stays = (
            Membership.objects.filter(subtree_q(self.root.path, "unit__path"))
            .order_by()
            .values_list(
                "person_id", "unit__path", "start_date", "end_date", "person__party_status", "person__status"
            )
        )
        self.stays = [
            Stay(
                pid, path, start, end, status != Person.PartyStatus.NON_MEMBER, state == Person.Status.EXEMPT
            )
            for pid, path, start, end, status, state in stays
        ]
        self.stays.sort(key=lambda s: (s.path, s.person_id, s.start or datetime.date.min))
        self.stay_paths = [s.path for s in self.stays]
        positions = (
            Position.objects.filter(
                subtree_q(self.root.path, "unit__path"), kind__in={*CELL_COMMITTEE, *COMMUNE_COMMITTEE}
            )
            .order_by("unit_id", "kind", "person_id")
            .values_list("unit_id", "person_id", "kind", "start_date", "end_date")
        )
        self.positions = defaultdict(list)
        for unit_id, person_id, kind, start, end in positions:
            self.positions[unit_id].append((person_id, kind, start, end))

    def stays_under(self, path: str) -> list[Stay]:
        low = bisect.bisect_left(self.stay_paths, path)
        high = bisect.bisect_left(self.stay_paths, path + "\uffff")
        return self.stays[low:high]

    def members_on(self, unit: Unit, day: datetime.date) -> list[Stay]:
        return list(
            {s.person_id: s for s in self.stays_under(unit.path) if s.member and s.covers(day)}.values()
        )

    def holders(self, unit: Unit, day: datetime.date, kinds) -> list[tuple[int, str]]:
        """(person, position kind) of the unit's positions of `kinds` on `day`, secretary first."""
        order = {kind: index for index, kind in enumerate(kinds)}
        found = {}
        for person_id, kind, start, end in self.positions.get(unit.pk, ()):
            if kind in order and (start is None or start <= day) and (end is None or end > day):
                found.setdefault(person_id, kind)
        return sorted(found.items(), key=lambda item: (order[item[1]], item[0]))

    # Helpers ----------------------------------------------------------------------------------------------------

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def window(self, unit: Unit, month: datetime.date) -> tuple[datetime.date, datetime.date] | None:
        """The days of `month` when `unit` existed, before the demo's today."""
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        start = max(month, unit.active_from or month)
        end = min(following, self.today, unit.active_to or following) - datetime.timedelta(days=1)
        return (start, end) if start <= end else None

    def reason(self) -> str:
        return self.rng.choices(self.reasons, self.weights)[0]

    def attendance(self, members: list[Stay], presence: float) -> list[tuple[int, str, str]]:
        marks = []
        rng = self.rng
        for stay in members:
            if stay.exempt:
                marks.append((stay.person_id, Status.EXEMPT, EXEMPT_REASON))
                continue
            far = self.far_away.get(stay.person_id)
            if far is None:
                far = self.far_away[stay.person_id] = rng.random() < FAR_AWAY
            if far and rng.random() < 0.8:
                marks.append((stay.person_id, Status.EXCUSED, FAR_REASON))
                continue
            draw = rng.random()
            if draw < presence:
                marks.append((stay.person_id, Status.LATE if rng.random() < 0.03 else Status.PRESENT, ""))
            elif rng.random() < 0.85:
                marks.append((stay.person_id, Status.EXCUSED, self.reason()))
            else:
                marks.append((stay.person_id, Status.ABSENT, ""))
        return marks

    def place(self, unit: Unit) -> str:
        if unit.name.startswith(("Chi bộ Ấp", "Chi bộ Khóm", "Chi bộ Khu phố")):
            word, _space, name = unit.name.removeprefix("Chi bộ ").partition(" ")
            return _("Nhà văn hóa %(place)s") % {"place": f"{word.lower()} {name}"}
        return _("Phòng họp cơ quan")

    # Chi bộ -----------------------------------------------------------------------------------------------------

    def cell_year(self, unit: Unit) -> None:
        rng = self.rng
        residential = unit.name.startswith(("Chi bộ Ấp", "Chi bộ Khóm", "Chi bộ Khu phố"))
        usual_day = rng.randint(3, 10)
        hour = rng.choice((19, 19, 7, 8)) if residential else rng.choice((14, 14, 16, 8))
        weak = is_weak(unit.pk)
        presence = self.presence(weak)
        place = self.place(unit)
        schedule = MeetingSchedule(
            unit=unit,
            kind=self.kinds[MeetingKind.MONTHLY],
            day_of_month=usual_day,
            time=datetime.time(hour, 0),
            duration_minutes=120,
            place=place,
        )
        quarters: dict[tuple[int, int], list[datetime.date]] = defaultdict(list)
        for month in self.months:
            quarters[(month.year, (month.month - 1) // 3)].append(month)
        thematic_month = {}
        for months in quarters.values():
            if rng.random() < THEMATIC:
                thematic_month[rng.choice(months)] = rng.random() < THEMATIC_ALONE
        self.earlier_year(unit, schedule, usual_day, hour, place, presence, weak)
        for month in self.months:
            window = self.window(unit, month)
            if window is None:
                continue
            day = min(
                max(window[0], month.replace(day=usual_day) + datetime.timedelta(rng.randint(-1, 2))),
                window[1],
            )
            members = self.members_on(unit, day)
            if not members:
                continue
            draw = rng.random()
            if draw < MISSED[weak]:
                self.result.missed += 1
                continue
            if draw < MISSED[weak] + CANCELLED[weak]:
                self.cancelled(unit, day, hour, place)
                continue
            officers = self.holders(unit, day, CELL_COMMITTEE)
            if len(officers) >= 2 and rng.random() < COMMITTEE_FIRST:
                before = max(window[0], day - datetime.timedelta(rng.randint(1, 4)))
                self.committee(unit, officers, before, day, hour)
            alone = thematic_month.get(month)
            combined = alone is False
            if not self.schedules or self.schedules[-1] is not schedule:
                self.schedules.append(schedule)
            self.monthly(unit, day, hour, place, members, presence, officers, combined)
            self.pending[-1].meeting.schedule = schedule
            if alone:
                later = min(window[1], day + datetime.timedelta(rng.randint(7, 15)))
                if later > day:
                    self.thematic(unit, later, hour, place, self.members_on(unit, later), presence, officers)

    def presence(self, weak: bool) -> float:
        """A chi bộ's usual share of members present: most above 80%; some weak chi bộ below it."""
        rng = self.rng
        low = rng.random() < LOW_PRESENCE  # drawn for every chi bộ, so the draws after it stay the same
        return rng.uniform(0.68, 0.82) if weak and low else rng.uniform(0.86, 0.97)

    def earlier_year(self, unit, schedule, usual_day, hour, place, presence, weak) -> None:
        """The twelve months before the demo's year: the monthly meetings only, a thematic one combined each
        quarter, no chi ủy meetings, no tasks, so that "kỳ trước" and "cùng kỳ năm trước" have their figures at
        little cost. Its own generator per chi bộ: the demo's year stays the same with or without it."""
        rng, self.rng = self.rng, random.Random(unit.pk * 104_729 + self.earlier[0].year)
        assignments = Counter(self.result.assignments)
        try:
            for month in self.earlier:
                window = self.window(unit, month)
                if window is None:
                    continue
                day = min(max(window[0], month.replace(day=usual_day)), window[1])
                members = self.members_on(unit, day)
                if not members or self.rng.random() < MISSED[weak] + CANCELLED[weak]:
                    continue
                officers = self.holders(unit, day, CELL_COMMITTEE)
                if not self.schedules or self.schedules[-1] is not schedule:
                    self.schedules.append(schedule)
                self.monthly(unit, day, hour, place, members, presence, officers, month.month % 3 == 2)
                self.pending[-1].meeting.schedule = schedule
                self.pending[-1].tasks = []
                self.pending[-1].assessments = []
        finally:
            self.rng, self.result.assignments = rng, assignments  # its tasks were dropped

    def cancelled(self, unit, day, hour, place) -> None:
        meeting = Meeting(
            unit=unit,
            kind=self.kinds[MeetingKind.MONTHLY],
            starts_at=self.at(day, hour),
            place=place,
            status=Meeting.Status.CANCELLED,
            cancel_reason=self.rng.choice(CANCEL_REASONS),
            cancelled_at=self.at(day - datetime.timedelta(days=1), 17),
        )
        self.pending.append(
            Planned(meeting, agenda=[(self.kinds[MeetingKind.MONTHLY].required_titles[0], True, "", "")])
        )
        self.result.cancelled += 1

    def committee(self, unit, officers, day, meeting_day, meeting_hour) -> None:
        """The chi ủy prepares the monthly meeting: days before, or the same day an hour earlier."""
        hour = meeting_hour - 1 if day == meeting_day else self.rng.choice((7, 14, 19))
        starts = self.at(day, hour)
        meeting = Meeting(
            unit=unit,
            kind=self.kinds[MeetingKind.COMMITTEE],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=self.rng.choice((45, 60, 60, 90))),
            place=self.place(unit),
            chair_id=officers[0][0],
            status=Meeting.Status.HELD,
        )
        marks = [
            (pid, Status.PRESENT if self.rng.random() < 0.95 else Status.EXCUSED, "") for pid, _k in officers
        ]
        marks = [
            (pid, status, "" if status == Status.PRESENT else self.reason()) for pid, status, _r in marks
        ]
        agenda = [
            (
                _("Chuẩn bị nội dung sinh hoạt chi bộ tháng %(month)s")
                % {"month": meeting_day.strftime("%m/%Y")},
                False,
                _("Chi ủy thống nhất dự thảo báo cáo, chương trình và phân công chuẩn bị tài liệu."),
                _("Gửi tài liệu đến đảng viên trước ngày sinh hoạt."),
            )
        ]
        self.pending.append(Planned(meeting, agenda, marks))

    def monthly(self, unit, day, hour, place, members, presence, officers, combined) -> None:
        rng = self.rng
        kind = self.kinds[MeetingKind.MONTHLY]
        starts = self.at(day, hour, rng.choice((0, 0, 15, 30)))
        minimum = kind.minimum_for(combined) or 90
        minutes = (
            rng.randint(60, minimum - 5) if rng.random() < TOO_SHORT else rng.randint(minimum, minimum + 50)
        )
        draw = rng.random()
        if draw < DOCUMENTS_LATE:
            sent = starts - datetime.timedelta(hours=rng.randint(2, 20))
        elif draw < 0.95:
            sent = starts - datetime.timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 8))
        else:
            sent = None
        chair = officers[0][0] if officers else None
        secretary = officers[1][0] if len(officers) > 1 else None
        meeting = Meeting(
            unit=unit,
            kind=kind,
            title=_("Sinh hoạt chi bộ tháng %(month)s") % {"month": day.strftime("%m/%Y")},
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=minutes),
            is_combined=combined,
            place=place,
            chair_id=chair,
            secretary_id=secretary,
            status=Meeting.Status.HELD,
            documents_sent_at=sent,
        )
        marks = self.attendance(members, presence)
        good = sum(status in (Status.PRESENT, Status.LATE) for _p, status, _r in marks)
        agenda = [
            (
                AGENDA_BEFORE,
                False,
                _("Đồng chí Bí thư thông tin tình hình thời sự trong nước, của tỉnh và địa phương."),
                "",
            ),
            (AGENDA_REVIEW, False, _("Các nhiệm vụ tháng trước cơ bản hoàn thành."), ""),
        ]
        if rng.random() >= WITHOUT_REQUIRED:
            agenda.append(
                (
                    kind.required_titles[0],
                    True,
                    rng.choice(REVIEW_NOTES).format(
                        place=place.removeprefix("Nhà văn hóa ").replace("Phòng họp cơ quan", "cơ quan")
                    ),
                    rng.choice(REVIEW_CONCLUSIONS).format(good=vn.number(good)),
                )
            )
        if combined:
            agenda.append(
                (_("Sinh hoạt chuyên đề: %(theme)s") % {"theme": rng.choice(THEMES)}, False, "", "")
            )
        against = 1 if good > 1 and rng.random() < 0.05 else 0
        agenda.append((AGENDA_NEXT, False, "", rng.choice(NEXT_CONCLUSIONS), (good - against, against, 0)))
        planned = Planned(meeting, agenda, marks)
        if unit.pk == self.assessed_cell and agenda[2][1]:
            planned.assessments = self.assessments(marks)
        if rng.random() < ASSIGNING:
            present = [pid for pid, status, _r in marks if status in (Status.PRESENT, Status.LATE)]
            for what in rng.sample(TASKS, rng.randint(1, 2)):
                if present:
                    planned.tasks.append(self.task(what, day, person=rng.choice(present)))
        self.pending.append(planned)

    def assessments(self, marks) -> list[tuple[int, str, str, str]]:
        """The demo chi bộ's minutes name each member present in the assessment item."""
        rows = []
        for person_id, status, _reason in marks:
            if status not in (Status.PRESENT, Status.LATE):
                continue
            remark = self.rng.choice(ASSESSMENTS)
            self_criticism, criticism = "", ""
            if self.rng.random() < 0.15:
                self_criticism = self.rng.choice(SELF_CRITICISMS)
                criticism = _("Chi bộ góp ý đồng chí khắc phục trong tháng tới.")
            rows.append((person_id, remark, self_criticism, criticism))
        return rows

    def thematic(self, unit, day, hour, place, members, presence, officers) -> None:
        if not members:
            return
        starts = self.at(day, hour)
        theme = self.rng.choice(THEMES)
        meeting = Meeting(
            unit=unit,
            kind=self.kinds["thematic"],
            title=_("Sinh hoạt chuyên đề: %(theme)s") % {"theme": theme},
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=self.rng.randint(120, 160)),
            place=place,
            chair_id=officers[0][0] if officers else None,
            status=Meeting.Status.HELD,
            documents_sent_at=starts - datetime.timedelta(days=self.rng.randint(2, 6)),
        )
        agenda = [
            (
                theme,
                False,
                _("Đồng chí Bí thư trình bày đề dẫn; đảng viên liên hệ bản thân, nêu việc làm cụ thể."),
                _("Mỗi đảng viên chọn một việc làm cụ thể để thực hiện trong quý."),
            )
        ]
        self.pending.append(Planned(meeting, agenda, self.attendance(members, presence)))

    def task(self, what: str, day: datetime.date, *, person=None, unit=None) -> Assignment:
        """An assignment with a deadline after `day`, in the state its deadline makes likely."""
        rng = self.rng
        deadline = day + datetime.timedelta(days=rng.randint(14, 45))
        done_at, evidence, state = None, "", "open"
        if deadline < self.today:
            draw = rng.random()
            if draw < 0.65:
                done_at, state = self.at(deadline - datetime.timedelta(rng.randint(0, 10)), 16), "on_time"
            elif draw < 0.85:
                done_at, state = self.at(deadline + datetime.timedelta(rng.randint(3, 20)), 16), "late"
            else:
                state = "overdue"
            if done_at is not None and done_at.date() >= self.today:
                done_at, state = None, "overdue"
        elif rng.random() < 0.3:
            done_at, state = self.at(min(self.today - datetime.timedelta(days=1), deadline), 10), "on_time"
            if done_at.date() < day:
                done_at, state = None, "open"
        if done_at is not None:
            evidence = rng.choice(EVIDENCE)
        self.result.assignments[state] += 1
        return Assignment(
            what=what,
            assignee_person_id=person,
            assignee_unit=unit,
            deadline=deadline,
            done_at=done_at,
            evidence=evidence,
        )

    # Commune conferences ------------------------------------------------------------------------------------------

    def conferences(self, commune: Unit) -> None:
        cells = [u for u in self.units if u.depth == commune.depth + 1 and u.path.startswith(commune.path)]
        for day, code, title in conference_dates(self.today):
            if day >= self.today:
                continue
            leaders = self.holders(commune, day, COMMUNE_COMMITTEE)
            live = [
                c
                for c in cells
                if (c.active_from or day) <= day and (c.active_to is None or c.active_to > day)
            ]
            secretaries_by_cell = [
                next(iter(self.holders(c, day, (Pos.SECRETARY,))), (None, None))[0] for c in live
            ]
            deputies = [h[0] for c in live for h in self.holders(c, day, (Pos.DEPUTY_SECRETARY,))[:1]]
            secretaries = [pid for pid in secretaries_by_cell if pid is not None]
            invited = list(dict.fromkeys([pid for pid, _k in leaders] + secretaries + deputies))
            names = dict(Person.objects.filter(pk__in=secretaries).values_list("pk", "full_name"))
            if not invited:
                continue
            starts = self.at(day, 7, 30)
            meeting = Meeting(
                unit=commune,
                kind=self.kinds[code],
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2 if code == "giao_ban" else 3, minutes=30),
                place=_("Hội trường %(unit)s") % {"unit": commune.name},
                chair_id=leaders[0][0] if leaders else None,
                status=Meeting.Status.HELD,
                documents_sent_at=starts - datetime.timedelta(days=5),
            )
            marks = [
                (pid, Status.PRESENT, "")
                if self.rng.random() < 0.93
                else (pid, Status.EXCUSED, self.reason())
                for pid in invited
            ]
            agenda = [
                (
                    topic,
                    False,
                    _("Các đồng chí bí thư chi bộ phát biểu, nêu kết quả và cách làm ở chi bộ mình."),
                    _("Thường trực Đảng ủy kết luận, giao nhiệm vụ cho các chi bộ."),
                )
                for topic in (self.kinds[code].suggested_titles or GIAO_BAN_TOPICS)
            ]
            planned = Planned(meeting, agenda, marks, invited_units=live)
            by_unit = dict(zip([c.pk for c in live], secretaries_by_cell, strict=True))
            for index in range(len(agenda)):
                for position, cell in enumerate(self.rng.sample(live, min(3, len(live))), 1):
                    speaker = names.get(by_unit.get(cell.pk), "")
                    planned.contributions.append(
                        (index, cell, speaker, self.rng.choice(CONTRIBUTIONS), position)
                    )
            for cell in self.rng.sample(live, min(6, len(live))):
                planned.tasks.append(self.task(self.rng.choice(CONFERENCE_TASKS), day, unit=cell))
            self.pending.append(planned)

    # Writing ----------------------------------------------------------------------------------------------------

    def flush(self) -> None:
        if not self.pending:
            return
        MeetingSchedule.objects.bulk_create(self.schedules, batch_size=BATCH_SIZE)  # the chi bộ's usual day
        self.schedules = []
        meetings = [p.meeting for p in self.pending]
        for planned in self.pending:
            # The chair and the secretary are there: a meeting does not record either of them absent.
            leaders = {planned.meeting.chair_id, planned.meeting.secretary_id} - {None}
            planned.marks = [
                (pid, Status.PRESENT, "")
                if pid in leaders and status in (Status.EXCUSED, Status.ABSENT)
                else mark
                for mark in planned.marks
                for pid, status, _reason in [mark]
            ]
            # Everyone present votes on the month's tasks, the chair and the secretary included.
            voters = sum(status in (Status.PRESENT, Status.LATE) for _pid, status, _reason in planned.marks)
            planned.agenda = [
                (*item[:4], (voters - item[4][1] - item[4][2], *item[4][1:])) if len(item) > 4 else item
                for item in planned.agenda
            ]
        now = self.at(self.today, 7)
        for meeting in meetings:  # entered by the secretary in the days after it, or planned ahead
            key = meeting.unit_id * 1_000_003 + int(meeting.starts_at.timestamp())
            if meeting.status == Meeting.Status.HELD:
                meeting.created_at = entered_at(
                    meeting.ends_at or meeting.starts_at, unit_id=meeting.unit_id, key=key, now=now
                )
            else:
                meeting.created_at = min(meeting.starts_at - datetime.timedelta(days=10), now)
            meeting.updated_at = meeting.created_at
        records = [self.record(planned) for planned in self.pending]
        with as_entered(Meeting):
            write_meetings(records)
        for record in records:
            self.result.meetings[record.meeting.kind.code] += 1
            self.result.attendances += len(record.attendance)
            self.result.agenda_items += len(record.agenda)
        self.pending = []

    def record(self, planned: Planned) -> MeetingRecord:
        """The rows of a planned meeting, as the meetings' actions write them."""
        meeting = planned.meeting
        held = meeting.status == Meeting.Status.HELD
        agenda = []
        for position, (title, required, notes, conclusion, *votes) in enumerate(planned.agenda, 1):
            votes_for, against, abstain = votes[0] if votes and held else (None, None, None)
            agenda.append(
                AgendaItem(
                    position=position,
                    title=title[:300],
                    required=required,
                    notes=notes if held else "",
                    conclusion=conclusion if held else "",
                    votes_for=votes_for,
                    votes_against=against,
                    votes_abstain=abstain,
                )
            )
        return MeetingRecord(
            meeting,
            agenda,
            [
                MeetingAttendance(person_id=pid, status=status, reason=reason)
                for pid, status, reason in planned.marks
            ],
            invited_units=planned.invited_units,
            contributions=[
                Contribution(
                    agenda_item=agenda[index],
                    unit=unit,
                    speaker=speaker,
                    content=content,
                    position=position,
                )
                for index, unit, speaker, content, position in planned.contributions
            ],
            assessments=[
                MemberAssessment(person_id=pid, assessment=text, self_criticism=own, criticism=given)
                for pid, text, own, given in planned.assessments
            ],
            assignments=planned.tasks,
        )

    def run(self, commune: Unit | None, cell: Unit | None = None) -> MeetingsResult:
        self.load()
        self.assessed_cell = cell.pk if cell is not None else None
        cells = [u for u in self.units if u.kind in Unit.CELL_KINDS]
        for number, unit in enumerate(cells, 1):
            self.cell_year(unit)
            if number % CELLS_PER_FLUSH == 0:
                self.flush()
                self.progress(
                    _("Sinh hoạt chi bộ: %(done)s/%(total)s chi bộ")
                    % {"done": vn.number(number), "total": vn.number(len(cells))}
                )
        if commune is not None:
            self.conferences(commune)
        self.flush()
        conferences = [m for m in Meeting.objects.filter(unit=commune)] if commune is not None else []
        if conferences:
            audit.record_many(
                [audit.build(m, "meeting.hold", actor=self.actor, note=m.display_title) for m in conferences]
            )
        return self.result


def _workday_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def conference_dates(today: datetime.date) -> list[tuple[datetime.date, str, str]]:
    """(day, meeting kind, title) of the demo commune's conferences before `today`, in date order: the giao ban of
    the last two quarters (around the 10th of the next quarter's first month) and the latest sơ kết (in July, of
    the first half year; a tổng kết in January, of the year before; the first one, in 01/2026, a sơ kết of the half
    year since the 2025 reorganisation)."""
    dates = []
    year, quarter = today.year, (today.month - 1) // 3  # the quarter of today, counted from 0
    for _step in range(4):
        year, quarter = (year, quarter - 1) if quarter else (year - 1, 3)
        first_month = quarter * 3 + 4
        day = _workday_before(datetime.date(year + first_month // 13, (first_month - 1) % 12 + 1, 10))
        if day < today and len(dates) < 2:
            title = _("Giao ban quý %(quarter)s/%(year)s với bí thư các chi bộ") % {
                "quarter": ROMAN[quarter + 1],
                "year": year,
            }
            dates.insert(0, (day, "giao_ban", title))
    reviews = []
    for year in range(2026, today.year + 1):
        if year == 2026:
            title = _("Hội nghị sơ kết 6 tháng thực hiện Chỉ thị 05-CT/TW sau sắp xếp tổ chức bộ máy")
        else:
            title = _("Hội nghị tổng kết năm %(year)s thực hiện Chỉ thị 05-CT/TW") % {"year": year - 1}
        reviews.append((datetime.date(year, 1, 20), "so_ket" if year == 2026 else "tong_ket", title))
        title = _("Hội nghị sơ kết 6 tháng đầu năm %(year)s thực hiện Chỉ thị 05-CT/TW") % {"year": year}
        reviews.append((datetime.date(year, 7, 20), "so_ket", title))
    reviews = [review for review in reviews if review[0] < today]
    return sorted([*dates, *reviews[-1:]], key=lambda item: item[0])


def demo_commune(root: Unit) -> Unit | None:
    """The commune whose conferences the demo shows: the one two communes merged into, else the first."""
    communes = Unit.objects.children_of(root).filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=True)
    merged_into = Unit.objects.filter(merged_into__isnull=False).values("merged_into")
    return communes.filter(pk__in=merged_into).order_by("path").first() or communes.order_by("path").first()


def build_meetings(
    root: Unit,
    rng: random.Random,
    *,
    actor=None,
    commune: Unit | None = None,
    cell: Unit | None = None,
    today: datetime.date = AS_OF,
    progress: Callable[[str], None] | None = None,
) -> MeetingsResult:
    """Write the demo's twelve months of meetings under `root` (see the module); `commune` holds the giao ban
    and sơ kết conferences (by default the one two communes merged into); the minutes of `cell` (the demo's chi bộ)
    assess each member present."""
    progress = progress or (lambda message: None)
    commune = commune or demo_commune(root)
    with transaction.atomic():
        result = MeetingsBuilder(root, rng, actor=actor, today=today, progress=progress).run(commune, cell)
    freshness.changed("meetings")  # written in bulk: the figures counting meetings recompute
    assignments = result.assignments
    progress(
        _(
            "Cuộc họp: %(meetings)s (%(monthly)s sinh hoạt thường kỳ, %(chi_uy)s họp chi ủy, %(thematic)s sinh hoạt "
            "chuyên đề riêng, %(conferences)s giao ban và sơ kết), %(missed)s tháng chi bộ không sinh hoạt, "
            "%(rows)s lượt điểm danh; phân công: %(on_time)s đúng hạn, %(late)s trễ hạn, %(open)s đang làm, "
            "%(overdue)s quá hạn"
        )
        % {
            "meetings": vn.number(result.total),
            "monthly": vn.number(result.meetings[MeetingKind.MONTHLY]),
            "chi_uy": vn.number(result.meetings[MeetingKind.COMMITTEE]),
            "thematic": vn.number(result.meetings["thematic"]),
            "conferences": vn.number(result.meetings["giao_ban"] + result.meetings["so_ket"]),
            "missed": vn.number(result.missed),
            "rows": vn.number(result.attendances),
            "on_time": vn.number(assignments["on_time"]),
            "late": vn.number(assignments["late"]),
            "open": vn.number(assignments["open"]),
            "overdue": vn.number(assignments["overdue"]),
        }
    )
    return result


@transaction.atomic
def delete_meetings(units) -> int:
    """Delete the meetings hosted by `units` (a queryset of units, or their ids) with their agenda, attendance,
    assignments and history; returns how many meetings went. Safe to run again (then 0)."""
    meetings = Meeting.objects.filter(unit__in=units)
    ids = meetings.values("pk")
    Assignment.objects.filter(Q(meeting__in=ids) | Q(assignee_unit__in=units)).delete()
    Contribution.objects.filter(Q(meeting__in=ids) | Q(unit__in=units)).delete()  # PROTECT their units
    MemberAssessment.objects.filter(meeting__in=ids).delete()
    MeetingAttendance.objects.filter(meeting__in=ids).delete()
    AgendaItem.objects.filter(meeting__in=ids).delete()
    meeting_type = ContentType.objects.get_for_model(Meeting)
    AuditEvent.objects.filter(target_type=meeting_type, target_id__in=ids).delete()
    deleted = 0
    pks = list(meetings.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):
        deleted += (
            Meeting.objects.filter(pk__in=pks[start : start + BATCH_SIZE])
            .delete()[1]
            .get(Meeting._meta.label, 0)
        )
    MeetingSchedule.objects.filter(unit__in=units).delete()
    freshness.changed("meetings")
    return deleted
