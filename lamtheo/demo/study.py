"""The demo province's study sessions: a year of "học tập chuyên đề" in realistic proportions.

`build_study(root, topics, rng)` runs once the people and the topics exist (the demo builder calls it after its
history, so transfers are already in the stays). For the yearly topics of the year before `today` and of `today`'s
year (or, when the demo has no topic for `today`'s year yet, the latest yearly topic, which the result says), and of
the year before them when the demo's meetings go back to it (population.first_year: a previous year studied like
a real one, drawn with its own generator), it writes in bulk through the study sessions' write function
(lamtheo.study.actions.write_sessions, which create_session calls too):

- in almost every chi bộ a session for each topic (a few chi bộ behind on this year's topic: none yet), on a date
  when the chi bộ existed; everyone whose stay covers that date is on its list: about 97% of members and 80% of
  non-members present, the others absent with a reason; exempted members (miễn sinh hoạt) mostly excused;
- for a good share of them a make-up session two to five weeks later, where most absent members and some absent
  non-members catch up, with those who arrived in the chi bộ since: over the province about 96% of members and
  83% of non-members have studied last year's topic, fewer this year's (some chi bộ are behind);
- a conference of each committee (the province, its communes and agencies) for its cấp ủy viên, online with
  bridge points for the province.

Deterministic: the same database and the same generator state give the same sessions, row for row.
`delete_study(units)` removes all of it (sessions, attendance, material, history) for the demo's --reset; it must
run before the people and topics are deleted.
"""

import bisect
import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.demo.data import load
from lamtheo.demo.entry import as_entered, entered_at
from lamtheo.demo.population import AS_OF, first_year  # AS_OF: the tests' "today"
from lamtheo.indicators import freshness
from lamtheo.lib import vn
from lamtheo.people.models import Membership, Person, Position
from lamtheo.study.actions import write_sessions
from lamtheo.study.models import Attendance, StudyMaterial, StudySession
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

BATCH_SIZE = 2000
# When a year's sessions took place when its topic says nothing (no plan, no deadline): 2025 after the
# reorganisation, whatever its topic says; 2026 around Tết. A topic issued by a plan is studied from a week after
# the plan to a month after its deadline (`session_period`).
PERIODS = {
    2025: (datetime.date(2025, 8, 4), datetime.date(2025, 11, 28)),
    2026: (datetime.date(2026, 1, 5), datetime.date(2026, 2, 27)),
}
FIXED_PERIODS = (2025,)
# No sessions over the Tết holidays (the days off around Tết Nguyên đán).
TETS = {
    2026: (datetime.date(2026, 2, 13), datetime.date(2026, 2, 23)),
    2027: (datetime.date(2027, 2, 3), datetime.date(2027, 2, 11)),
    2028: (datetime.date(2028, 1, 23), datetime.date(2028, 1, 31)),
    2029: (datetime.date(2029, 2, 10), datetime.date(2029, 2, 18)),
    2030: (datetime.date(2030, 1, 31), datetime.date(2030, 2, 8)),
}
TET_2026 = TETS[2026]
# Share of chi bộ that have held a session for a year's topic: during its season, and a month after it ended.
HELD_DURING, HELD_AFTER = 0.9, 0.99
PRESENT = {"member": 0.97, "non_member": 0.8, "exempt": 0.3}
MAKEUP_SHARE = 0.65  # of chi bộ with absentees, those that hold a make-up session
CATCH_UP = {"member": 0.8, "non_member": 0.4}  # absentees present at the make-up session
_DATA = load("study")  # what the sessions say
REASONS = tuple((row["reason"], row["weight"]) for row in _DATA["reasons"])  # "": absent, no reason given
EXEMPT_REASON: str = _DATA["exempt_reason"]
COMMITTEE_POSITIONS = (
    Position.Kind.SECRETARY,
    Position.Kind.DEPUTY_SECRETARY,
    Position.Kind.COMMITTEE_MEMBER,
)


@dataclass
class StudyResult:
    topics: list[Topic] = field(default_factory=list)
    sessions: int = 0
    makeups: int = 0
    attendances: int = 0
    present: int = 0
    note: str = ""  # said when the demo had no topic for the current year


def study_topics(topics, today: datetime.date = AS_OF) -> tuple[list[Topic], str]:
    """The yearly topics of the years the demo has records of (population.first_year: last year and `today`'s,
    and the year before them when its meetings go back to it); with none for `today`'s year, the latest yearly topic
    instead (and a note)."""
    yearly = sorted(
        (t for t in topics if t.kind == Topic.Kind.YEAR and t.start_year <= today.year),
        key=lambda t: (t.start_year, t.pk),
    )
    chosen = {}
    years = range(min(first_year(today), today.year - 1), today.year + 1)
    for topic in yearly:
        if topic.start_year in years and topic.start_year not in chosen:
            chosen[topic.start_year] = topic
    note = ""
    if today.year not in chosen and yearly:
        latest = yearly[-1]
        note = _(
            "Dữ liệu trình diễn chưa có chuyên đề năm %(current)s: dùng chuyên đề «%(title)s» (%(year)s)."
        ) % {"current": today.year, "title": latest.title, "year": latest.start_year}
        chosen.setdefault(latest.start_year, latest)
    return [chosen[year] for year in sorted(chosen)], note


def session_period(topic: Topic) -> tuple[datetime.date, datetime.date]:
    """When the chi bộ study `topic`: see PERIODS."""
    year = topic.start_year
    if year in FIXED_PERIODS:
        return PERIODS[year]
    if topic.document_id and topic.deploy_by:
        issued = topic.document.date or datetime.date(year, 1, 1)
        return issued + datetime.timedelta(days=7), topic.deploy_by + datetime.timedelta(days=30)
    return PERIODS.get(year, (datetime.date(year, 3, 1), datetime.date(year, 6, 30)))


@dataclass
class Stay:
    person_id: int
    path: str
    start: datetime.date | None
    end: datetime.date | None
    member: bool
    exempt: bool

    def covers(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end > day)


class StudyBuilder:
    def __init__(self, root: Unit, rng: random.Random, *, actor, today: datetime.date, progress):
        self.root, self.rng, self.actor, self.today, self.progress = root, rng, actor, today, progress
        self.result = StudyResult()
        self.sessions: list[StudySession] = []
        self.marks: list[
            list[tuple[int, int, bool, str]]
        ] = []  # per session: (person, unit, present, reason)
        self.reasons = [reason for reason, _weight in REASONS]
        self.weights = [weight for _reason, weight in REASONS]

    def load(self) -> None:
        """Units, stays and committee positions of the province: three queries."""
        units = Unit.objects.subtree_of(self.root).order_by("path")
        self.units = list(units.only("pk", "path", "name", "kind", "active_from", "active_to", "depth"))
        self.by_path = {u.path: u for u in self.units}
        self.paths = sorted(self.by_path)
        stays = (
            Membership.objects.filter(subtree_q(self.root.path, "unit__path"))
            .order_by()
            .values_list(
                "person_id", "unit__path", "start_date", "end_date", "person__party_status", "person__status"
            )
        )
        self.stays: list[Stay] = [
            Stay(
                pid, path, start, end, status != Person.PartyStatus.NON_MEMBER, state == Person.Status.EXEMPT
            )
            for pid, path, start, end, status, state in stays
        ]
        # Sorted here, not by the database, whose collation may order paths differently.
        self.stays.sort(key=lambda s: (s.path, s.person_id, s.start or datetime.date.min))
        self.stay_paths = [stay.path for stay in self.stays]
        positions = (
            Position.objects.filter(subtree_q(self.root.path, "unit__path"), kind__in=COMMITTEE_POSITIONS)
            .order_by("unit_id", "person_id")
            .values_list("unit_id", "person_id", "start_date", "end_date")
        )
        self.committee_members = defaultdict(list)
        for unit_id, person_id, start, end in positions:
            self.committee_members[unit_id].append((person_id, start, end))
        self.secretaries = dict(
            Position.objects.filter(
                subtree_q(self.root.path, "unit__path"), kind=Position.Kind.SECRETARY, end_date__isnull=True
            )
            .order_by("unit_id", "pk")
            .values_list("unit_id", "person__full_name")
        )

    def stays_under(self, path: str) -> list[Stay]:
        low = bisect.bisect_left(self.stay_paths, path)
        high = bisect.bisect_left(self.stay_paths, path + "\uffff")
        return self.stays[low:high]

    def unit_of(self, stay: Stay) -> int:
        return self.by_path[stay.path].pk

    def day(self, start: datetime.date, end: datetime.date, unit: Unit) -> datetime.date | None:
        start = max(start, unit.active_from or start)
        end = min(end, self.today, (unit.active_to - datetime.timedelta(days=1)) if unit.active_to else end)
        if end < start:
            return None
        tet = TETS.get(start.year, (None, None))
        for _attempt in range(10):
            day = start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))
            if tet[0] is None or not tet[0] <= day <= tet[1]:
                return day
        return None

    def held(self, topic: Topic) -> float:
        """The share of chi bộ that have studied `topic` by today: nearly all once its season is over."""
        over = session_period(topic)[1] + datetime.timedelta(days=30) < self.today
        return HELD_AFTER if topic.start_year < self.today.year or over else HELD_DURING

    def reason(self) -> str:
        return self.rng.choices(self.reasons, self.weights)[0]

    def add(self, session: StudySession, marks) -> None:
        self.sessions.append(session)
        self.marks.append(marks)

    # Sessions ---------------------------------------------------------------------------------------------------

    def cell_sessions(self, unit: Unit, topic: Topic) -> None:
        year = topic.start_year
        if self.rng.random() >= self.held(topic):
            return  # this chi bộ is behind
        day = self.day(*session_period(topic), unit)
        if day is None:
            return
        listed = list({s.person_id: s for s in self.stays_under(unit.path) if s.covers(day)}.values())
        if not listed:
            return
        marks, absent = [], []
        for stay in listed:
            kind = "exempt" if stay.exempt else "member" if stay.member else "non_member"
            present = self.rng.random() < PRESENT[kind]
            reason = "" if present else EXEMPT_REASON if stay.exempt else self.reason()
            marks.append((stay.person_id, self.unit_of(stay), present, reason))
            if not present and not stay.exempt:
                absent.append(stay)
        residential = unit.name.startswith(("Chi bộ Ấp", "Chi bộ Khóm", "Chi bộ Khu phố"))
        place = (
            _("Nhà văn hóa %(place)s") % {"place": unit.name.removeprefix("Chi bộ ").lower()}
            if residential
            else _("Hội trường cơ quan")
        )
        secretary = self.secretaries.get(unit.pk)
        lecturers = _("Đồng chí %(name)s, Bí thư Chi bộ") % {"name": secretary} if secretary else ""
        form = StudySession.Form.IN_PERSON
        if not residential and self.rng.random() < 0.2:
            form = StudySession.Form.COMBINED
        main = StudySession(
            unit=unit,
            topic=topic,
            title=_("Học tập chuyên đề năm %(year)s") % {"year": year},
            date=day,
            start_time=datetime.time(19, 0) if residential else datetime.time(14, 0),
            place=place,
            form=form,
            lecturers=lecturers,
            audience=_("Toàn thể đảng viên và cán bộ, công chức, viên chức của chi bộ"),
        )
        self.add(main, marks)
        if self.rng.random() < MAKEUP_SHARE:
            self.makeup(unit, topic, main, absent, place)

    def makeup(self, unit: Unit, topic: Topic, main: StudySession, absent: list[Stay], place: str) -> None:
        day = main.date + datetime.timedelta(days=self.rng.randint(14, 35))
        if day > self.today or (unit.active_to and day >= unit.active_to):
            return
        here = {s.person_id: s for s in self.stays_under(unit.path) if s.covers(day)}
        listed = {s.person_id for s in self.stays_under(unit.path) if s.covers(main.date)}
        newcomers = [s for pid, s in here.items() if pid not in listed and not s.exempt]
        marks = []
        for stay in [*absent, *newcomers]:
            if stay.person_id not in here:
                continue  # moved away meanwhile
            present = self.rng.random() < CATCH_UP["member" if stay.member else "non_member"]
            marks.append((stay.person_id, self.unit_of(stay), present, "" if present else self.reason()))
        if not marks:
            return
        session = StudySession(
            unit=unit,
            topic=topic,
            title=_("Học bù chuyên đề năm %(year)s") % {"year": topic.start_year},
            date=day,
            start_time=main.start_time,
            place=place,
            form=StudySession.Form.IN_PERSON,
            lecturers=main.lecturers,
            audience=_("Đảng viên, cán bộ vắng buổi học chính"),
            is_makeup=True,
        )
        session.main = main  # linked once both are saved
        self.add(session, marks)

    def committee_conference(self, unit: Unit, topic: Topic) -> None:
        members = self.committee_members.get(unit.pk, [])
        start = session_period(topic)[0]
        day = self.day(start, start + datetime.timedelta(days=10), unit)  # the committee opens the season
        if not members or day is None:
            return
        by_person = {}
        for stay in self.stays_under(unit.path):
            if stay.covers(day):
                by_person[stay.person_id] = stay
        marks, seen = [], set()
        for person_id, start, end in members:
            stay = by_person.get(person_id)
            if person_id in seen or stay is None or (start and start > day) or (end and end <= day):
                continue
            seen.add(person_id)
            present = self.rng.random() < 0.97
            marks.append((person_id, self.unit_of(stay), present, "" if present else self.reason()))
        if not marks:
            return
        province = unit.depth == 1
        self.add(
            StudySession(
                unit=unit,
                topic=topic,
                title=_("Hội nghị học tập, quán triệt chuyên đề năm %(year)s") % {"year": topic.start_year},
                date=day,
                start_time=datetime.time(7, 30),
                place=_("Hội trường %(unit)s") % {"unit": unit.name},
                form=StudySession.Form.COMBINED if province else StudySession.Form.IN_PERSON,
                lecturers=_("Thường trực cấp ủy; báo cáo viên của Ban Tuyên giáo và Dân vận Tỉnh ủy"),
                audience=_("Cấp ủy viên; điểm cầu tại các đảng ủy trực thuộc")
                if province
                else _("Cấp ủy viên"),
            ),
            marks,
        )

    def flush(self) -> None:
        if not self.sessions:
            return
        now = datetime.datetime.combine(self.today, datetime.time(7), timezone.get_default_timezone())
        for session in self.sessions:  # entered by the secretary in the days after it
            held = datetime.datetime.combine(
                session.date, session.start_time, timezone.get_default_timezone()
            )
            key = session.unit_id * 1_000_003 + session.date.toordinal() * 2 + session.is_makeup
            session.created_at = session.updated_at = entered_at(
                held, unit_id=session.unit_id, key=key, now=now
            )
        present, excused, absent = (
            Attendance.Status.PRESENT,
            Attendance.Status.EXCUSED,
            Attendance.Status.ABSENT,
        )
        entries = []
        for session, marks in zip(self.sessions, self.marks, strict=True):
            if session.is_makeup:
                session.makeup_for = session.main
            rows = [
                Attendance(
                    session=session,
                    person_id=person_id,
                    topic_id=session.topic_id,
                    unit_id=unit_id,
                    status=present if is_present else excused if reason else absent,
                    reason=reason,
                )
                for person_id, unit_id, is_present, reason in marks
            ]
            entries.append((session, rows))
        with as_entered(StudySession):
            write_sessions(entries, actor=self.actor)
        rows = [row for _session, session_rows in entries for row in session_rows]
        makeups = [s for s in self.sessions if s.is_makeup]
        self.result.sessions += len(self.sessions)
        self.result.makeups += len(makeups)
        self.result.attendances += len(rows)
        self.result.present += sum(row.status == present for row in rows)
        self.sessions, self.marks = [], []

    def run(self, topics: list[Topic]) -> StudyResult:
        self.load()
        cells = [u for u in self.units if u.kind in Unit.CELL_KINDS]
        committees = [u for u in self.units if u.kind in Unit.COMMITTEE_KINDS]
        shared = self.rng
        for topic in topics:
            # The years before last have their own generator: the demo's two years stay the same with or
            # without them.
            older = topic.start_year < self.today.year - 1
            self.rng = random.Random(topic.start_year * 7_919) if older else shared
            for unit in committees:
                self.committee_conference(unit, topic)
            for number, unit in enumerate(cells, 1):
                self.cell_sessions(unit, topic)
                if number % 500 == 0:
                    self.flush()
            self.flush()
            self.progress(
                _("Học tập chuyên đề «%(topic)s»: %(sessions)s buổi học đến nay")
                % {"topic": topic.title, "sessions": vn.number(self.result.sessions)}
            )
        self.rng = shared
        return self.result


def build_study(
    root: Unit,
    topics,
    rng: random.Random,
    *,
    actor=None,
    today: datetime.date = AS_OF,
    progress: Callable[[str], None] | None = None,
) -> StudyResult:
    """Write the demo's study sessions under `root` for the yearly topics among `topics`, as they stand on `today`
    (see the module)."""
    chosen, note = study_topics(topics, today)
    progress = progress or (lambda message: None)
    if note:
        progress(note)
    with transaction.atomic():
        result = StudyBuilder(root, rng, actor=actor, today=today, progress=progress).run(chosen)
    freshness.changed("study")  # written in bulk: the figures counting sessions and who studied recompute
    result.topics, result.note = chosen, note
    progress(
        _("Học tập chuyên đề: %(sessions)s buổi học (%(makeups)s buổi học bù), %(rows)s lượt điểm danh")
        % {
            "sessions": vn.number(result.sessions),
            "makeups": vn.number(result.makeups),
            "rows": vn.number(result.attendances),
        }
    )
    return result


@transaction.atomic
def delete_study(units) -> int:
    """Delete the study sessions held by `units` (a queryset of units, or their ids), with their attendance,
    material and history; returns how many sessions went."""
    sessions = StudySession.objects.filter(unit__in=units)
    ids = sessions.values("pk")
    Attendance.objects.filter(Q(session__in=ids) | Q(unit__in=units)).delete()
    for material in StudyMaterial.objects.filter(session__in=ids):
        material.file.delete(save=False)
    StudyMaterial.objects.filter(session__in=ids).delete()
    session_type = ContentType.objects.get_for_model(StudySession)
    AuditEvent.objects.filter(target_type=session_type, target_id__in=ids).delete()
    StudySession.objects.filter(makeup_for__in=ids).update(makeup_for=None)
    deleted = sessions.delete()[1].get(StudySession._meta.label, 0)
    freshness.changed("study")
    return deleted
