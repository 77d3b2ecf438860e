"""The demo province's registrations (bản đăng ký học tập và làm theo), written in bulk through the registrations'
write function (lamtheo.pledges.actions.write_pledges, which the actions call too). The texts are in
data/pledges.yaml.

`build_pledges(units, people, rng)` runs once the units, people, positions, topics and codes of conduct exist
(and the demo logins, so the demo member is left free to write their own). As they stand on `today` (the tests'
01/03/2026 by default), for `today`'s year and the year before:

- last year: everyone who is here registered; the chi bộ accepted, people reported progress, self-assessed in
  December, the chi bộ remarked and rated (QĐ 366 levels: mostly "tốt") and locked most of them in January
  (each step only once its day has come: early in January some are not rated yet).
- this year, early in the year: most people have submitted and most of those are accepted; some are drafts, some
  were returned with a remark, a few are missing; chi bộ that are behind have many missing. The deadline is
  31/03, earlier (15/02) in a few communes, where some are late. From June nearly all are accepted; in December
  people self-assess and the chi bộ rate them as they did last year. Nobody has one before mid-January (the
  guidance comes then). About a third started from last year's registration; some of those submitted it
  unchanged (flagged). Leaders' registrations are published to the unit they lead.
- Progress notes and deeds (nhật ký làm theo) for both years.
- the year before last, when the demo's meetings go back to it (population.first_year): a whole year like last
  year's, drawn with its own generator.

The same generator gives the same rows. No query per person: everything is read once and written in batches; no audit rows (the Review rows carry each registration's history). `delete_pledges(units)` removes
it all for --reset.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lamtheo.accounts.models import Role, User
from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.demo.data import load
from lamtheo.demo.population import AS_OF, first_year
from lamtheo.demo.weak import is_weak
from lamtheo.indicators import freshness
from lamtheo.people.models import Person, Position
from lamtheo.pledges.actions import PledgeRecord, write_pledges
from lamtheo.pledges.models import (
    Deed,
    Pledge,
    PledgeItem,
    ProgressNote,
    RegistrationDeadline,
    Reminder,
    Review,
    ancestor_paths,
)
from lamtheo.units.models import Unit

BATCH = 2000
TODAY = AS_OF  # the tests' "today"; `build_pledges(today=...)` builds on another day
SEASON_START = (1, 12)  # (month, day): nobody has a registration for the year before this day
SETTLED = (6, 1)  # from this day of the year nearly every registration of the year is accepted
S = Pledge.Status
K = Review.Kind
A = PledgeItem.Area

_DATA = load("pledges")  # what the registrations say
# (area, commitment, measure, month due); {noi} is the place's word (ấp, khóm, cơ quan).
COMMITMENTS = [(c["area"], c["commitment"], c["measure"], c["due_month"]) for c in _DATA["commitments"]]
DEEDS: list[str] = _DATA["deeds"]
PROGRESS: list[str] = _DATA["progress"]
RETURN_REMARKS: list[str] = _DATA["return_remarks"]
RATING_REMARKS = {Pledge.Level(level): text for level, text in _DATA["rating_remarks"].items()}

LEVELS = [
    (Pledge.Level.EXCELLENT, 12),
    (Pledge.Level.GOOD, 68),
    (Pledge.Level.DONE, 17),
    (Pledge.Level.NOT_DONE, 3),
]
KEY_KINDS = (
    Position.Kind.SECRETARY,
    Position.Kind.DEPUTY_SECRETARY,
    Position.Kind.HEAD,
    Position.Kind.KEY_CADRE,
)


@dataclass
class Result:
    pledges: int = 0
    items: int = 0
    reviews: int = 0
    notes: int = 0
    deeds: int = 0
    published: int = 0


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _units_of(units) -> list[Unit]:
    if isinstance(units, Unit):
        return list(Unit.objects.subtree_of(units))
    return list(units)


class _Builder:
    def __init__(
        self,
        units: list[Unit],
        people,
        rng: random.Random,
        year: int,
        progress,
        today: datetime.date = TODAY,
        *,
        first: int | None = None,
    ):
        self.rng = rng
        self.year = year
        self.first_year = min(first or year - 1, year - 1)
        self.today = today
        self.progress = progress
        self.units = {unit.pk: unit for unit in units}
        self.by_path = {unit.path: unit for unit in units}
        self.result = Result()
        if people is None:
            people = Person.objects.filter(unit__in=list(self.units)).active()
        self.people = sorted(
            (
                (p.pk, p.unit_id, p.full_name)
                for p in (
                    people.only("pk", "unit_id", "full_name", "status") if hasattr(people, "only") else people
                )
                if p.unit_id in self.units and p.status in Person.ACTIVE_STATUSES
            ),
            key=lambda row: row[0],
        )
        ids = [row[0] for row in self.people]
        positions = Position.objects.filter(end_date__isnull=True, person__in=ids).values_list(
            "person_id", "unit_id", "kind", "unit__depth", "person__full_name"
        )
        self.positions = defaultdict(list)  # person -> [(unit, kind, depth)]
        self.secretaries = {}  # unit -> the name of its bí thư
        for person_id, unit_id, kind, depth, name in positions:
            self.positions[person_id].append((unit_id, kind, depth))
            if kind == Position.Kind.SECRETARY:
                self.secretaries.setdefault(unit_id, name)
        self.free = set(
            User.objects.filter(is_demo=True, person__in=ids, role_assignments__role=Role.MEMBER)
            .exclude(role_assignments__role__in=[r for r in Role.values if r != Role.MEMBER])
            .values_list("person_id", flat=True)
        )
        above = ancestor_paths([unit.path for unit in units], Unit.steplen) - set(self.by_path)
        self.above = {unit.path: unit for unit in Unit.objects.filter(path__in=above)}
        self.names = {pk: name for pk, _unit, name in self.people}
        self.topics = self._topics()
        self.rules = self._rules()

    # What the units work under --------------------------------------------------------------------------------

    def _nearest(self, unit: Unit, table: dict):
        for path in sorted(ancestor_paths([unit.path], unit.steplen), key=len, reverse=True):
            unit_above = self.by_path.get(path) or self.above.get(path)
            if unit_above is not None and unit_above.pk in table:
                return table[unit_above.pk]
        return None

    def _topics(self) -> dict:
        from lamtheo.topics.models import Topic

        topics = {}
        for topic in (
            Topic.objects.filter(kind=Topic.Kind.YEAR)
            .filter(start_year__lte=self.year, end_year__gte=self.first_year)
            .order_by("pk")
        ):
            for year in range(topic.start_year, topic.end_year + 1):
                topics.setdefault(year, {})[topic.unit_id] = topic.pk
        return topics

    def _rules(self) -> dict:
        """Per year, per unit with an adopted code in force: the ids of its rules."""
        from lamtheo.conduct.models import ConductCode, ConductRule

        codes = ConductCode.objects.filter(
            status=ConductCode.Status.ADOPTED, start_year__lte=self.year, end_year__gte=self.first_year
        ).values_list("pk", "unit_id", "start_year", "end_year")
        rules = defaultdict(list)
        for rule_id, code_id in ConductRule.objects.filter(code__in=[c[0] for c in codes]).values_list(
            "pk", "code_id"
        ):
            rules[code_id].append(rule_id)
        table = {}
        for code_id, unit_id, start, end in codes:
            for year in range(start, end + 1):
                table.setdefault(year, {})[unit_id] = rules[code_id]
        return table

    def _place_word(self, unit: Unit) -> str:
        name = unit.name.lower()
        for word in ("ấp", "khóm", "khu phố", "tổ dân phố"):
            if word in name:
                return word
        return "địa bàn"

    # Writing --------------------------------------------------------------------------------------------------

    def run(self) -> Result:
        self._deadlines()
        by_unit = defaultdict(list)
        for row in self.people:
            by_unit[row[1]].append(row)
        pace = {unit_id: self._pace(unit_id) for unit_id in by_unit}
        early = self._early_units()
        chunk, done = [], 0
        for unit_id in sorted(by_unit):
            for row in by_unit[unit_id]:
                chunk.append((row, pace[unit_id], unit_id in early))
            if len(chunk) >= BATCH:
                self._write(chunk)
                done += len(chunk)
                chunk = []
                if self.progress:
                    self.progress(f"Bản đăng ký: {done:,}/{len(self.people):,} người".replace(",", "."))
        if chunk:
            self._write(chunk)
        for year in range(self.first_year, self.year - 1):
            self._older_year(year, by_unit)
        return self.result

    def _older_year(self, year: int, by_unit: dict) -> None:
        """A year before last, when the demo's meetings go back to it: everyone registered and went through the
        whole year as last year did (in the chi bộ they are in now, as for last year: the figures count who is
        here). Its own generator: the demo's two years stay the same with or without it."""
        shared, self.rng = self.rng, random.Random(year * 7_919)
        try:
            plans = [
                (person_id, self.units[unit_id], year, "done", False)
                for unit_id in sorted(by_unit)
                for person_id, _unit, _name in by_unit[unit_id]
            ]
            for start in range(0, len(plans), BATCH):
                self._write_plans(plans[start : start + BATCH], pace_of=defaultdict(lambda: "normal"))
        finally:
            self.rng = shared

    def _early_units(self) -> set[int]:
        """The units under the communes that set an earlier deadline (15/02)."""
        return {
            unit.pk
            for unit in self.units.values()
            if self._deadline_of(unit) == datetime.date(self.year, 2, 15)
        }

    def _deadline_of(self, unit: Unit):
        return self._nearest(unit, self.deadlines)

    def _deadlines(self) -> None:
        roots = [u for u in self.units.values() if (u.path[: -u.steplen] or None) not in self.by_path]
        communes = sorted(
            (u for u in self.units.values() if u.kind == Unit.Kind.COMMUNE_COMMITTEE and u.is_active),
            key=lambda u: u.path,
        )
        rows, self.deadlines = [], {}
        for root in roots:
            for year in range(self.first_year, self.year + 1):
                rows.append(RegistrationDeadline(unit=root, year=year, due_date=datetime.date(year, 3, 31)))
            self.deadlines[root.pk] = datetime.date(self.year, 3, 31)
        for commune in communes[:: max(len(communes) // 4, 1)][:4]:
            rows.append(
                RegistrationDeadline(unit=commune, year=self.year, due_date=datetime.date(self.year, 2, 15))
            )
            self.deadlines[commune.pk] = datetime.date(self.year, 2, 15)
        RegistrationDeadline.objects.bulk_create(rows, ignore_conflicts=True)

    def _items(self, pledge: Pledge, unit: Unit, year: int, count: int, source=None) -> list[PledgeItem]:
        word = self._place_word(unit)
        if source is not None:
            return [
                PledgeItem(pledge=pledge, position=i.position, area=i.area, commitment=i.commitment,
                           measure=i.measure, due_date=i.due_date.replace(year=year) if i.due_date else None)
                for i in source
            ]  # fmt: skip
        picks = self.rng.sample(COMMITMENTS, count)
        picks.sort(key=lambda c: list(A.values).index(c[0]))
        return [
            PledgeItem(
                pledge=pledge,
                position=number,
                area=area,
                commitment=commitment.format(noi=word),
                measure=measure,
                due_date=datetime.date(year, month, 30 if month != 2 else 28)
                if month != 12
                else datetime.date(year, 12, 31),
            )
            for number, (area, commitment, measure, month) in enumerate(picks, 1)
        ]

    def _reviewer(self, person_id: int, unit: Unit) -> str:
        leads_here = any(
            u == unit.pk and k in Position.LEADING_KINDS for u, k, _d in self.positions.get(person_id, [])
        )
        if leads_here or unit.is_committee:
            parent = self.by_path.get(unit.path[: -unit.steplen]) or self.above.get(
                unit.path[: -unit.steplen]
            )
            return self.secretaries.get(parent.pk, "") if parent else ""
        return self.secretaries.get(unit.pk, "")

    def _pace(self, unit_id: int) -> str:
        """Each chi bộ has a pace: most are on track or ahead; the weak ones (lamtheo.demo.weak) are behind."""
        drawn = self.rng.choices(["ahead", "normal"], [25, 75])[0]
        return "behind" if is_weak(unit_id) else drawn

    def _write(self, chunk) -> None:
        rng = self.rng
        last_year, this_year = self.year - 1, self.year
        plans = []  # (pledge, unit, person_id, year, kind of life)
        pace_of = {}
        for (person_id, unit_id, _name), pace, early in chunk:
            unit = self.units[unit_id]
            pace_of[(person_id, last_year)] = pace_of[(person_id, this_year)] = pace
            plans.append((person_id, unit, last_year, "done", early))
            if person_id in self.free or self.today < datetime.date(this_year, *SEASON_START):
                continue
            roll = rng.random()
            settled = self.today >= datetime.date(this_year, *SETTLED)
            # Late in the year even a chi bộ that was behind has caught up but for a straggler or two.
            shift = {"ahead": -0.1, "normal": -0.01, "behind": 0.03 if settled else 0.3}[pace]
            roll += shift
            accepted, submitted, returned, draft = (
                (0.97, 0.994, 0.997, 0.999) if settled else (0.55, 0.75, 0.80, 0.91)
            )
            if roll < accepted:
                life = "accepted"
            elif roll < submitted:
                life = "submitted"
            elif roll < returned:
                life = "returned"
            elif roll < draft:
                life = "draft"
            else:
                life = "missing"
            if life != "missing":
                plans.append((person_id, unit, this_year, life, early))
        self._write_plans(plans, pace_of)

    def _write_plans(self, plans: list, pace_of: dict) -> None:
        """Write the registrations of `plans` ((person, unit, year, kind of life, early deadline)), the earlier
        years' first."""
        rng = self.rng
        this_year = self.year
        last_year = this_year - 1
        # Each registration's whole life is played in memory first, so every row is inserted once, complete (no
        # UPDATE afterwards); last year's first, since this year's may start from them.
        pledges, items, reviews, reviews_of = [], [], [], []
        items_of = {}  # (person, year) -> (pledge, its items)
        for person_id, unit, year, life, early in plans:
            topic = self._nearest(unit, self.topics.get(year, {}))
            pledge = Pledge(person_id=person_id, unit=unit, year=year, topic_id=topic, status=S.DRAFT)
            source = None
            if year == this_year and (person_id, last_year) in items_of and rng.random() < 0.3:
                pledge.copied_from, source = items_of[(person_id, last_year)]
            own = self._items(pledge, unit, year, rng.randint(2, 4), source)
            changed = bool(source) and rng.random() > 0.35  # most who copy change something
            if changed:
                own[0].measure = own[0].measure + "; báo cáo kết quả với chi bộ mỗi quý"
            items_of[(person_id, year)] = (pledge, own)
            behind = pace_of[(person_id, year)] == "behind"
            reviews_of.append(
                self._life(pledge, life, early, own, bool(source) and not changed, behind=behind)
            )
            reviews.extend(reviews_of[-1])
            pledges.append(pledge)
            items.extend(own)
        records = []
        for pledge, steps in zip(pledges, reviews_of, strict=True):
            _pledge, own = items_of[(pledge.person_id, pledge.year)]
            record = PledgeRecord(pledge, own, steps=steps)
            rule_ids = self._nearest(pledge.unit, self.rules.get(pledge.year, {})) or []
            if rule_ids:
                for item in own:
                    if rng.random() < 0.4:
                        record.rules.append((item, rng.choice(rule_ids)))
            if pledge.status in Pledge.REVIEWED_STATES:
                record.notes = self._notes(pledge, own)
                if rng.random() < 0.2:
                    deed, linked = self._deed(pledge, own)
                    record.deeds.append((deed, [linked]))
            records.append(record)
        write_pledges(records)
        notes = [note for record in records for note in record.notes]
        deeds = [deed for record in records for deed in record.deeds]
        self.result.pledges += len(pledges)
        self.result.items += len(items)
        self.result.reviews += len(reviews)
        self.result.notes += len(notes)
        self.result.deeds += len(deeds)
        self.result.published += sum(p.published for p in pledges)

    def _life(
        self, pledge: Pledge, life: str, early: bool, items, unchanged: bool, *, behind=False
    ) -> list[Review]:
        """Play the registration's life up to `life` on the object; return its Review rows. A chi bộ on track
        starts by 10/03 (25/01 where the deadline is 15/02) and submits before the deadline; one that is `behind`
        starts as late as 30/04."""
        rng, year, today = self.rng, pledge.year, self.today
        reviewer = self._reviewer(pledge.person_id, pledge.unit) or "Bí thư chi bộ"
        name = self.names[pledge.person_id]
        if year < self.year:
            created = _day(rng, datetime.date(year, 1, 5), datetime.date(year, 3, 10))
        else:
            # On track: started in time for the deadline (31/03, or 15/02 where the commune set it).
            on_track = datetime.date(year, 1, 25) if early else datetime.date(year, 3, 10)
            latest = datetime.date(year, 4, 30) if behind else on_track
            last = min(today - datetime.timedelta(days=3), latest)
            created = _day(rng, datetime.date(year, 1, 5), last)
        steps = [Review(pledge=pledge, kind=K.CREATED, at=_at(created, 8), actor_name=name, version=1)]
        version = 1
        if life == "draft":
            pledge.version = 2
            return steps

        def step(kind, day, who, hour=9, **fields):
            nonlocal version
            version += 1
            steps.append(Review(pledge=pledge, kind=kind, at=_at(day, hour, rng.randrange(60)), actor_name=who,
                                version=version, **fields))  # fmt: skip
            return _at(day, hour)

        limit = min(today, datetime.date(year, 5, 31)) if year == self.year else datetime.date(year, 4, 30)
        submitted = min(created + datetime.timedelta(days=rng.randint(0, 20)), limit)
        late = rng.random() < (
            0.05 if behind else 0.0
        )  # drawn for everyone: the draws after it stay the same
        if early and year == self.year and late:  # in the communes with 15/02: a few in the weak chi bộ late
            submitted = min(datetime.date(year, 2, 16) + datetime.timedelta(days=rng.randint(0, 10)), today)
        submitted = max(submitted, created)
        pledge.first_submitted_at = pledge.submitted_at = step(K.SUBMITTED, submitted, name)
        pledge.status = S.SUBMITTED
        pledge.unchanged_from_copy = unchanged
        if life == "submitted":
            pledge.version = version
            return steps
        review_day = min(submitted + datetime.timedelta(days=rng.randint(1, 10)), limit)
        if life == "returned" or (year < self.year and rng.random() < 0.08):
            pledge.reviewed_at = step(K.RETURNED, review_day, reviewer, 14, remark=rng.choice(RETURN_REMARKS))
            pledge.status = S.RETURNED
            if life == "returned":
                pledge.version = version
                return steps
            submitted = min(review_day + datetime.timedelta(days=rng.randint(1, 7)), limit)
            pledge.submitted_at = step(K.SUBMITTED, submitted, name)
            review_day = min(submitted + datetime.timedelta(days=rng.randint(1, 7)), limit)
        pledge.reviewed_at = step(K.ACCEPTED, review_day, reviewer, 15)
        pledge.status = S.ACCEPTED
        if self._publishes(pledge):
            pledge.published, pledge.published_to_id = True, self._published_to(pledge)
            pledge.published_at = step(K.PUBLISHED, review_day, name, 16)
        if year == self.year and today <= datetime.date(year, 12, 1):
            pledge.version = version
            return steps
        # The year's end: self-assessment in December, rating, lock in January; each step once its day has come.
        results = []
        for item in items:
            item.self_result = rng.choices(["done", "partly", "not_done"], [78, 18, 4])[0]
            item.self_note = {
                "done": "Đã hoàn thành.",
                "partly": "Hoàn thành một phần.",
                "not_done": "Chưa làm được.",
            }[item.self_result]
            results.append(item.self_result)
        assessed = _day(rng, datetime.date(year, 12, 1), datetime.date(year, 12, 20))
        if assessed >= today:
            for item in items:
                item.self_result, item.self_note = "", ""
            pledge.version = version
            return steps
        pledge.self_summary = "Cơ bản hoàn thành các nội dung đã đăng ký."
        pledge.self_assessed_at = step(K.SELF_ASSESSED, assessed, name, remark=pledge.self_summary)
        pledge.status = S.SELF_ASSESSED
        level = rng.choices([lv for lv, _w in LEVELS], [w for _lv, w in LEVELS])[0]
        if results.count("not_done") >= 2:
            level = Pledge.Level.NOT_DONE
        rated = assessed + datetime.timedelta(days=rng.randint(5, 25))
        if rated >= today:
            pledge.version = version
            return steps
        pledge.result_level, pledge.result_remark = level, RATING_REMARKS[level]
        pledge.rated_at = step(K.RATED, rated, reviewer, 14, remark=pledge.result_remark, level=level)
        pledge.status = S.RATED
        if rng.random() < 0.9:
            locked = rated + datetime.timedelta(days=rng.randint(0, 10))
            if locked < today:
                pledge.locked_at = step(K.LOCKED, locked, reviewer, 16)
                pledge.status = S.LOCKED
        pledge.version = version
        return steps

    def _publishes(self, pledge: Pledge) -> bool:
        return any(kind in KEY_KINDS for _u, kind, _d in self.positions.get(pledge.person_id, []))

    def _published_to(self, pledge: Pledge) -> int:
        held = sorted(self.positions[pledge.person_id], key=lambda p: p[2])
        return held[0][0]

    def _notes(self, pledge: Pledge, items) -> list[ProgressNote]:
        rng = self.rng
        end = min(self.today, datetime.date(pledge.year, 11, 30))
        start = timezone.localdate(pledge.reviewed_at) if pledge.reviewed_at else end
        if start >= end:
            return []
        a_year = pledge.year < self.year or self.today >= datetime.date(pledge.year, 9, 1)
        count = rng.choices([0, 1, 2, 3], [35, 35, 20, 10] if a_year else [70, 25, 5, 0])[0]
        return [
            ProgressNote(
                pledge=pledge, item=rng.choice(items), date=_day(rng, start, end), text=rng.choice(PROGRESS)
            )
            for _ in range(count)
        ]

    def _deed(self, pledge: Pledge, items) -> tuple[Deed, PledgeItem]:
        rng = self.rng
        end = min(self.today, datetime.date(pledge.year, 12, 15))
        day = _day(rng, datetime.date(pledge.year, 1, 10), end)
        text = rng.choice(DEEDS).format(noi=self._place_word(pledge.unit))
        deed = Deed(person_id=pledge.person_id, unit=pledge.unit, pledge=pledge, date=day, description=text)
        return deed, rng.choice(items)


def build_pledges(
    units: Unit | Iterable[Unit],
    people=None,
    rng: random.Random | None = None,
    *,
    year: int | None = None,
    today: datetime.date = TODAY,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Write the registrations of `units` (a root unit, or the units themselves) for `year` (`today`'s year by
    default) and the year before, as they stand on `today`.

    `people` defaults to everyone active in those units. The demo logins that are only members are left without
    a registration for `year`, for the demo's "a member writes and submits" path.
    """
    units = _units_of(units)
    year = year or today.year
    with transaction.atomic():
        first = first_year(today) if year == today.year else year - 1
        result = _Builder(units, people, rng or random.Random(year), year, progress, today, first=first).run()
    freshness.changed("pledges")  # written in bulk: the registration figures recompute
    if progress:
        progress(
            f"Bản đăng ký: {result.pledges:,} bản, {result.items:,} nội dung, {result.reviews:,} bước xem xét, "
            f"{result.notes:,} ghi tiến độ, {result.deeds:,} việc làm theo, {result.published:,} bản công khai".replace(
                ",", "."
            )
        )
    return result


@transaction.atomic
def delete_pledges(units: Unit | Iterable[Unit]) -> int:
    """Delete the registrations (and their items, steps, notes, deeds, deadlines, reminders) of `units`.

    Leaf tables first, each in one DELETE (`_raw_delete`: the rows are not loaded, which matters at 100.000s of
    registrations); returns how many registrations went.
    """
    if isinstance(units, Unit):
        unit_q = subtree_q(units.path, "unit__path")
        person_q = subtree_q(units.path, "person__unit__path")
    else:
        ids = [unit.pk for unit in units]
        unit_q, person_q = Q(unit__in=ids), Q(person__unit__in=ids)
    pledges = Pledge.objects.filter(unit_q | person_q).values("pk")
    deeds = Deed.objects.filter(Q(pledge__in=pledges) | unit_q | person_q).values("pk")
    using = Pledge.objects.db
    AuditEvent.objects.filter(
        target_type__app_label="pledges", target_type__model="pledge", target_id__in=pledges
    )._raw_delete(using)
    Deed.items.through.objects.filter(deed__in=deeds)._raw_delete(using)
    # Other apps' links to the deeds (an exemplar cites deeds): a raw delete runs no cascade.
    for relation in Deed._meta.related_objects:
        if relation.many_to_many:
            relation.through.objects.filter(
                **{f"{relation.field.m2m_reverse_field_name()}__in": deeds}
            )._raw_delete(using)
    Deed.objects.filter(pk__in=deeds)._raw_delete(using)
    PledgeItem.rules.through.objects.filter(pledgeitem__pledge__in=pledges)._raw_delete(using)
    ProgressNote.objects.filter(pledge__in=pledges)._raw_delete(using)
    Review.objects.filter(pledge__in=pledges)._raw_delete(using)
    PledgeItem.objects.filter(pledge__in=pledges)._raw_delete(using)
    Reminder.objects.filter(unit_q | person_q)._raw_delete(using)
    RegistrationDeadline.objects.filter(unit_q)._raw_delete(using)
    Pledge.objects.filter(copied_from__in=pledges).update(copied_from=None)
    count = Pledge.objects.filter(pk__in=pledges).count()
    Pledge.objects.filter(
        pk__in=list(Pledge.objects.filter(unit_q | person_q).values_list("pk", flat=True))
    )._raw_delete(using)
    freshness.changed("pledges")
    return count
