"""Build the demo province: Tỉnh ủy An Giang, its communes (2025 boundaries) and agencies, chi bộ and people.

`build(scale)` takes the plan of `plan.py` (units from the `vietnam-provinces` package and `catalogue.py`, drawn
with a seeded generator: the same seed gives the same province, row for row), writes it in bulk (tree paths
computed there, no query per row), fills it with the people of `population.py`, then plays the demo's history
through the same actions the application uses: a body renamed, two communes merged into one on 01/07/2025, a
few members transferred. Then come one login per role, and the terms, topics and documents of `documents.py`.

Everything recent is dated relative to `as_of`, the demo's "today" (the day `lamtheo demo` runs; the tests' fixed
`population.AS_OF` by default): the current year's topic, study, registrations, twelve months of meetings and the
last reports. The history (the 2025 reform and congresses, the topics 2021–2025) keeps its real dates.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import catalogue as cat
from lamtheo.demo import documents
from lamtheo.demo.appraisal import build_appraisal, delete_appraisal
from lamtheo.demo.campaign import build_campaign, delete_campaign
from lamtheo.demo.conduct import build_conduct, delete_conduct
from lamtheo.demo.meetings import build_meetings, delete_meetings
from lamtheo.demo.plan import (
    BATCH_SIZE,
    ROOT_CODE,
    SCALES,
    AgencyPlan,
    CommunePlan,
    Node,
    Planner,
    Scale,
    load_areas,
)
from lamtheo.demo.pledges import build_pledges, delete_pledges
from lamtheo.demo.population import (
    AS_OF,
    EARLIEST_AS_OF,
    LATEST_AS_OF,
    MERGE_DATE,
    OLD_TERM_START,
    Place,
    Population,
    membership_rows,
    position_rows,
)
from lamtheo.demo.reports import build_reports, delete_reports
from lamtheo.demo.study import build_study, delete_study
from lamtheo.indicators import freshness
from lamtheo.lib import vn
from lamtheo.meetings.models import MeetingKind, MeetingSchedule
from lamtheo.meetings.schedules import plan_from_schedule
from lamtheo.people.actions import transfer_person
from lamtheo.people.models import Membership, Person, Position
from lamtheo.topics.models import Topic
from lamtheo.units.actions import merge_units, rename_unit
from lamtheo.units.models import Restructuring, Unit

PASSWORD = "lamtheo-demo-2026"  # noqa: S105 - demo accounts only log in while DEBUG is on
RENAME_DATE = datetime.date(2025, 3, 1)
PROVINCE = Place("tỉnh")

Kind = Unit.Kind
Pos = Position.Kind

LOGINS = (
    ("quantri", Role.SYSTEM_ADMIN),
    ("tinhuy", Role.COMMITTEE_STAFF),
    ("bithuxa", Role.COMMITTEE_LEADER),
    ("bithuchibo", Role.CELL_SECRETARY),
    ("dangvien", Role.MEMBER),
)


class DemoError(Exception):
    """The demo cannot be built here (its codes or usernames are taken by real data)."""


@dataclass
class Result:
    units: int = 0
    cells: int = 0
    people: int = 0
    members: int = 0
    positions: int = 0
    restructurings: int = 0
    transfers: int = 0
    paperwork: documents.Counts = field(default_factory=documents.Counts)
    seconds: float = 0.0
    logins: list = field(default_factory=list)


def is_loaded() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


class Builder:
    def __init__(self, scale: Scale, progress: Callable[[str], None], *, as_of: datetime.date = AS_OF):
        self.scale = scale
        self.as_of = as_of
        self.progress = progress
        self.rng = random.Random(scale.seed)
        self.result = Result()
        self.personas: dict[str, Person | Unit] = {}
        # (person, when their stay started, their commune, their chi bộ)
        self.transfer_candidates: list[tuple[Person, datetime.date, CommunePlan, Node]] = []
        self.renamed: Unit | None = None
        self.retiree: tuple[Person, datetime.date] | None = None

    def run(self) -> Result:
        if not EARLIEST_AS_OF <= self.as_of <= LATEST_AS_OF:
            raise DemoError(
                _("Ngày của dữ liệu trình diễn phải từ %(first)s đến %(last)s.")
                % {"first": vn.short_date(EARLIEST_AS_OF), "last": vn.short_date(LATEST_AS_OF)}
            )
        if Unit.objects.filter(Q(code=ROOT_CODE) | Q(code__startswith=f"{ROOT_CODE}-")).exists():
            raise DemoError(_("Mã đơn vị %(code)s đã có trong cơ sở dữ liệu.") % {"code": ROOT_CODE})
        areas = load_areas()
        self.progress(_("Địa bàn hành chính: %(count)s") % {"count": vn.number(len(areas))})
        planner = Planner(self.scale, self.rng, areas)
        root = planner.plan()
        self.planner = planner
        self.insert_units(root)
        self.population = Population(
            self.rng,
            as_of=self.as_of,
            taken_ids=Person.objects.exclude(national_id=None).values_list("national_id", flat=True),
            taken_cards=Person.objects.exclude(party_card_number=None).values_list(
                "party_card_number", flat=True
            ),
            taken_phones=Person.objects.exclude(phone="").values_list("phone", flat=True),
        )
        total = len(planner.communes) + len(planner.agencies)
        for number, commune in enumerate(planner.communes, 1):
            self.populate_commune(commune, number - 1)
            self.flush(commune.node, number, total)
        for number, agency in enumerate(planner.agencies, len(planner.communes) + 1):
            self.populate_agency(agency)
            self.flush(agency.node, number, total)
        admin = self.create_accounts()
        self.play_history(admin)
        self.write_documents(admin)
        self.write_conduct(admin)
        self.write_study(admin)
        build_pledges(self.planner.root.unit, rng=self.rng, today=self.as_of, progress=self.progress)
        self.write_meetings(admin)
        build_reports(self.planner.root.unit, self.rng, actor=admin, today=self.as_of, progress=self.progress)
        build_campaign(self.planner.root.unit, self.rng, today=self.as_of, progress=self.progress)
        build_appraisal(self.planner.root.unit, self.rng, today=self.as_of, progress=self.progress)
        return self.result

    def insert_units(self, root: Node) -> None:
        unit = Unit(
            code=root.code, name=root.name, short_name=root.short_name, kind=root.kind, area=root.area
        )
        unit.refresh_derived()
        root.unit = Unit.objects.add_root(instance=unit)
        rows = []

        def walk(node: Node, path: str, depth: int) -> None:
            for step, child in enumerate(node.children, 1):
                child_path = Unit._get_path(path, depth + 1, step)
                child.unit = Unit(
                    code=child.code,
                    name=child.name,
                    short_name=child.short_name,
                    kind=child.kind,
                    area=child.area,
                    active_from=child.active_from,
                    path=child_path,
                    depth=depth + 1,
                    numchild=len(child.children),
                )
                child.unit.refresh_derived()
                rows.append(child.unit)
                walk(child, child_path, depth + 1)

        walk(root, root.unit.path, 1)
        Unit.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        Unit.objects.filter(pk=root.unit.pk).update(numchild=len(root.children))
        root.unit.numchild = len(root.children)
        kinds = [row.kind for row in rows]
        self.result.units = len(rows) + 1
        self.result.cells = kinds.count(Kind.CELL)
        self.progress(
            _(
                "Tổ chức đảng: %(units)s đơn vị, trong đó %(committees)s đảng ủy, %(cells)s chi bộ, %(groups)s tổ đảng"
            )
            % {
                "units": vn.number(self.result.units),
                "committees": vn.number(len([k for k in kinds if k in Unit.COMMITTEE_KINDS]) + 1),
                "cells": vn.number(self.result.cells),
                "groups": vn.number(kinds.count(Kind.GROUP)),
            }
        )

    def flush(self, node: Node, number: int, total: int) -> None:
        people, stays, positions = self.population.take()
        Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(membership_rows(stays), batch_size=BATCH_SIZE)
        Position.objects.bulk_create(position_rows(positions), batch_size=BATCH_SIZE)
        self.result.people += len(people)
        self.result.members += sum(p.is_member for p in people)
        self.result.positions += len(positions)
        self.progress(
            _("[%(number)s/%(total)s] %(unit)s: %(people)s người")
            % {"number": number, "total": total, "unit": node.name, "people": vn.number(len(people))}
        )

    # People ---------------------------------------------------------------------------------------------------

    def populate_commune(self, plan: CommunePlan, index: int) -> None:
        pop, place, word = self.population, plan.place, plan.place.word
        committee = plan.node.unit
        offices = {}
        for key, node in plan.offices.items():
            leaders = tuple(title.format(xa=word) for title in node.cell.leaders)
            offices[key] = pop.fill_cell(
                node.unit, node.cell, node.size, place, leaders=leaders, since=MERGE_DATE
            )
        schools = {kind.key for kind, _ in cat.SCHOOLS}
        for node in plan.node.children:
            if node.cell is not None and node.cell.key in schools:
                pop.fill_cell(node.unit, node.cell, node.size, place, since=MERGE_DATE)
        hamlets = [self.fill_hamlet(node, place) for node in plan.residential]
        for old in plan.predecessors:
            hamlets.extend(self.populate_predecessor(old))

        secretary, standing = offices["party_office"].leaders
        pop.appoint(secretary, committee, Pos.SECRETARY, start=MERGE_DATE)
        pop.appoint(secretary, committee, Pos.KEY_CADRE, start=MERGE_DATE)
        pop.appoint(standing, committee, Pos.DEPUTY_SECRETARY, start=MERGE_DATE)
        pop.appoint(standing, committee, Pos.KEY_CADRE, start=MERGE_DATE)
        for key, kind in ((kind.key, kind) for kind in cat.COMMUNE_OFFICES):
            head = offices[key].head
            if key == "people_committee":
                title = f"Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân {word}"
                pop.appoint(head, committee, Pos.DEPUTY_SECRETARY, start=MERGE_DATE, title=title)
                pop.appoint(offices[key].deputy, committee, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
            elif kind.committee_member:
                pop.appoint(head, committee, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
            if kind.key_cadre:
                pop.appoint(head, committee, Pos.KEY_CADRE, start=MERGE_DATE)
        secretaries = [h.secretary for h in hamlets if h.secretary is not None]
        for person in self.rng.sample(secretaries, min(3, len(secretaries))):
            pop.appoint(person, committee, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
        if index % 3 == 0:  # a third of commune secretaries sit on the provincial committee
            title = f"Tỉnh ủy viên, Bí thư Đảng ủy {word}"
            pop.appoint(
                secretary, self.planner.root.unit, Pos.COMMITTEE_MEMBER, start=MERGE_DATE, title=title
            )

        if plan.predecessors and "commune" not in self.personas:
            # The demo logins: this commune's leader, and the secretary and a member of a chi bộ that moved here.
            cell = hamlets[len(plan.residential)]
            members = [p for p in cell.ordinary if p.party_status == Person.PartyStatus.FULL] or cell.ordinary
            self.personas.update(
                commune=committee, commune_secretary=secretary, cell_secretary=cell.secretary
            )
            self.personas.update(cell=plan.predecessors[0].residential[0].unit, member=members[0])
        nodes = [*plan.residential, *(node for old in plan.predecessors for node in old.residential)]
        for node, hamlet in self.rng.sample(list(zip(nodes, hamlets, strict=True)), min(2, len(nodes))):
            movable = [p for p in hamlet.ordinary if p is not self.personas.get("member")]
            if movable:
                person = self.rng.choice(movable)
                self.transfer_candidates.append((person, pop.stay_start(person), plan, node))

    def fill_hamlet(self, node: Node, place: Place):
        groups = [child.unit for child in node.children]
        return self.population.fill_cell(
            node.unit, node.cell, node.size, place, word=node.word, groups=groups
        )

    def populate_predecessor(self, plan: CommunePlan) -> list:
        """People of a commune of before 2025: its offices' positions ended with the merge; its hamlets go on."""
        pop, place = self.population, plan.place
        committee = plan.node.unit
        offices = {}
        for key, node in plan.offices.items():
            leaders = (
                f"Bí thư Đảng ủy xã {plan.old_name}",
                f"Phó Bí thư Thường trực Đảng ủy xã {plan.old_name}",
            )
            offices[key] = pop.fill_cell(
                node.unit, node.cell, node.size, place, leaders=leaders if key == "party_office" else (),
                until=MERGE_DATE,
            )  # fmt: skip
        hamlets = [self.fill_hamlet(node, place) for node in plan.residential]
        secretary, standing = offices["party_office"].leaders
        for person, kind in ((secretary, Pos.SECRETARY), (standing, Pos.DEPUTY_SECRETARY)):
            pop.appoint(person, committee, kind, start=OLD_TERM_START, end=MERGE_DATE)
        chair = offices["people_committee"].head
        pop.appoint(chair, committee, Pos.DEPUTY_SECRETARY, start=OLD_TERM_START, end=MERGE_DATE)
        pop.appoint(
            offices["front"].head, committee, Pos.COMMITTEE_MEMBER, start=OLD_TERM_START, end=MERGE_DATE
        )
        # Since the merge they work in the new commune's offices, under new titles.
        secretary.job_title = "Phó Chủ tịch Hội đồng nhân dân xã"
        standing.job_title = "Phó Trưởng Ban Xây dựng Đảng"
        for key, office in offices.items():
            kind = plan.offices[key].cell
            office.head.job_title = kind.deputy.format(xa="xã")
            office.deputy.job_title = self.rng.choice(kind.staff).format(xa="xã")
        return hamlets

    def populate_agency(self, plan: AgencyPlan) -> None:
        pop = self.population
        root, agency = self.planner.root.unit, plan.node.unit
        filled = [pop.fill_cell(n.unit, n.cell, n.size, PROVINCE, leaders=n.cell.leaders) for n in plan.cells]
        leaders = cat.AGENCY_LEADERS.get(plan.code, ())
        held = set()
        for (_title, targets), person in zip(leaders, filled[0].leaders, strict=True):
            for where, kind in targets:
                pop.appoint(person, root if where == "root" else agency, kind, start=MERGE_DATE)
                if where == "agency":
                    held.add(kind)
        heads = [cell.head for cell in filled[1:] if cell.head is not None]
        if Pos.DEPUTY_SECRETARY not in held and heads:
            pop.appoint(heads[0], agency, Pos.DEPUTY_SECRETARY, start=MERGE_DATE)
            pop.appoint(heads[0], agency, Pos.KEY_CADRE, start=MERGE_DATE)
            heads = heads[1:]
        for person in heads[:6]:
            pop.appoint(person, agency, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
        if plan.code == "CQD":  # heads of the Tỉnh ủy's own bodies
            for index, cell in enumerate(filled[:5]):
                pop.appoint(cell.head, root, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
                if index:
                    pop.appoint(cell.head, root, Pos.KEY_CADRE, start=MERGE_DATE)
            renamed = next(
                c for n, c in zip(plan.cells, filled, strict=True) if n.name == cat.RENAMED_CELL[0]
            )
            staff = [p for p in renamed.ordinary if p.job_title.startswith("Chuyên viên")] or renamed.ordinary
            self.personas["staff"] = staff[0]
            self.renamed = next(n.unit for n in plan.cells if n.name == cat.RENAMED_CELL[0])
        if plan.code == "UBND":
            for cell in filled[1:4]:
                pop.appoint(cell.head, root, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)
            # The oldest member of the provincial offices retires and moves to the chi bộ where they live.
            staff = [p for cell in filled for p in cell.ordinary]
            if staff:
                retiree = min(staff, key=lambda p: p.date_of_birth)
                self.retiree = (retiree, pop.stay_start(retiree))
        for grassroots, cells in plan.hospitals:
            hospital = [
                pop.fill_cell(n.unit, n.cell, n.size, PROVINCE, leaders=n.cell.leaders) for n in cells
            ]
            director, deputy = hospital[0].leaders
            for person, kind in ((director, Pos.SECRETARY), (director, Pos.KEY_CADRE), (director, Pos.HEAD)):
                pop.appoint(person, grassroots.unit, kind, start=MERGE_DATE)
            pop.appoint(deputy, grassroots.unit, Pos.DEPUTY_SECRETARY, start=MERGE_DATE)
            for cell in hospital[1:6]:
                pop.appoint(cell.head, grassroots.unit, Pos.COMMITTEE_MEMBER, start=MERGE_DATE)

    # Accounts and history -------------------------------------------------------------------------------------

    def create_accounts(self) -> User:
        """One login per role; returns the system admin, who is the actor of the demo's history."""
        usernames = [username for username, _ in LOGINS]
        existing = User.objects.filter(username__in=usernames)
        if existing.filter(is_demo=False).exists():
            raise DemoError(
                _("Tên đăng nhập %(names)s đã được dùng cho tài khoản thật.")
                % {"names": ", ".join(usernames)}
            )
        existing.delete()
        root, personas = self.planner.root.unit, self.personas
        units = {
            "quantri": (root, None),
            "tinhuy": (root, personas["staff"]),
            "bithuxa": (personas["commune"], personas["commune_secretary"]),
            "bithuchibo": (personas["cell"], personas["cell_secretary"]),
            "dangvien": (personas["cell"], personas["member"]),
        }
        users = []
        for username, role in LOGINS:
            unit, person = units[username]
            # Vietnamese order: last_name holds the family and middle names, first_name the given name.
            last_name, _space, first_name = (person.full_name if person else "").rpartition(" ")
            user = User(
                username=username,
                email=f"{username}@example.vn",
                first_name=first_name or str(Role(role).label),
                last_name=last_name,
                person=person,
                is_demo=True,
            )
            user.set_password(PASSWORD)
            user.save()
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
            if person is not None and role != Role.MEMBER:  # they are also members of their own chi bộ
                RoleAssignment.objects.create(user=user, role=Role.MEMBER, unit=person.unit)
            users.append(user)
        self.progress(_("Tài khoản trình diễn: %(count)s") % {"count": len(users)})
        return users[0]

    def play_history(self, admin: User) -> None:
        """The demo's history, through the application's own actions so it is recorded like real changes."""
        rename_unit(
            self.renamed,
            name=cat.RENAMED_CELL[1],
            short_name=self.renamed.short_name,
            date=RENAME_DATE,
            actor=admin,
            decision="Quyết định của Ban Thường vụ Tỉnh ủy về hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy",
        )
        target = next(plan for plan in self.planner.communes if plan.predecessors)
        decision = (
            "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của tỉnh An Giang "
            "năm 2025"
        )
        for key in target.predecessors[0].offices:
            sources = [old.offices[key].unit for old in target.predecessors]
            merge_units(
                sources, into=target.offices[key].unit, date=MERGE_DATE, actor=admin, decision=decision
            )
        olds = [old.node.unit for old in target.predecessors]
        merge_units(olds, into=target.node.unit, date=MERGE_DATE, actor=admin, decision=decision)
        self.result.restructurings = len(target.predecessors[0].offices) + 2

        moves = []
        first, last = datetime.date(2025, 8, 1), self.as_of - datetime.timedelta(days=14)
        picks = self.rng.sample(self.transfer_candidates, min(8, len(self.transfer_candidates)))
        for person, since, plan, node in picks:
            here = [*plan.residential, *(n for old in plan.predecessors for n in old.residential)]
            elsewhere = [n for p in self.planner.communes if p is not plan for n in p.residential]
            choices = [n for n in here if n is not node] if self.rng.random() < 0.6 else elsewhere
            if choices:
                note = self.rng.choice(cat.TRANSFER_NOTES[:2])
                moves.append((person, since, self.rng.choice(choices).unit, note))
        if self.retiree is not None:
            moves.append((*self.retiree, self.personas["cell"], cat.TRANSFER_NOTES[3]))
        done = 0
        for person, since, unit, note in moves:
            earliest = max(first, since + datetime.timedelta(days=1))
            if earliest >= last:  # arrived too recently to move again
                continue
            date = earliest + datetime.timedelta(days=self.rng.randrange((last - earliest).days))
            transfer_person(person, unit, actor=admin, date=date, note=note)
            done += 1
        self.result.transfers = done
        self.progress(
            _(
                "Lịch sử: %(restructurings)s lần sắp xếp tổ chức (đổi tên, hợp nhất), %(transfers)s lượt chuyển sinh hoạt"
            )
            % {"restructurings": self.result.restructurings, "transfers": self.result.transfers}
        )

    def write_documents(self, admin: User) -> None:
        started = time.monotonic()
        users = User.objects.filter(is_demo=True, username__in=[username for username, _ in LOGINS])
        counts = documents.build(
            self.planner.root.unit,
            commune=self.personas.get("commune"),
            users={user.username: user for user in users},
            admin=admin,
            seed=self.scale.seed,
            renamed_on=RENAME_DATE,
            as_of=self.as_of,
            progress=self.progress,
        )
        self.result.paperwork = counts
        by_type = ", ".join(f"{name} {vn.number(count)}" for name, count in counts.by_type.items())
        self.progress(
            _(
                "Văn bản: %(documents)s (%(by_type)s), %(topics)s chuyên đề, %(distributions)s lượt gửi "
                "(%(unread)s chưa nhận) trong %(seconds)s giây"
            )
            % {
                "documents": vn.number(counts.documents),
                "by_type": by_type,
                "topics": vn.number(counts.topics),
                "distributions": vn.number(counts.distributions),
                "unread": vn.number(counts.unread),
                "seconds": vn.number(time.monotonic() - started, 1),
            }
        )

    def write_conduct(self, admin: User) -> None:
        conduct = build_conduct(
            Unit.objects.subtree_of(self.planner.root.unit), self.rng, actor=admin, as_of=self.as_of
        )
        self.progress(
            _("Chuẩn mực đạo đức: %(codes)s bộ, %(copied)s bộ sao chép nguyên văn")
            % {"codes": vn.number(conduct.codes), "copied": vn.number(conduct.copied)}
        )

    def write_meetings(self, admin: User) -> None:
        build_meetings(
            self.planner.root.unit,
            self.rng,
            actor=admin,
            commune=self.personas.get("commune"),
            cell=self.personas.get("cell"),
            today=self.as_of,
            progress=self.progress,
        )
        self.plan_next_meetings(admin)

    def plan_next_meetings(self, admin: User) -> None:
        """The demo commune's chi bộ plan their next monthly meeting from their schedule, as a secretary does a
        few weeks ahead: members see it coming ("Lịch họp của tôi"), invitations and reminders have a meeting."""
        commune = self.personas.get("commune")
        if commune is None:
            return
        now = timezone.make_aware(datetime.datetime.combine(self.as_of, datetime.time(7)))
        schedules = MeetingSchedule.objects.filter(
            unit__in=Unit.objects.children_of(commune),
            unit__active_to__isnull=True,
            kind__code=MeetingKind.MONTHLY,
            active=True,
        ).select_related("unit", "kind")
        following = (self.as_of.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        next_month = timezone.make_aware(datetime.datetime.combine(following, datetime.time()))
        planned = 0
        for schedule in schedules:
            made = plan_from_schedule(schedule, actor=admin, months=1, now=now)
            if not made:  # this month's meeting is already held (or cancelled): the next month's
                made = plan_from_schedule(schedule, actor=admin, months=1, now=next_month)
            planned += len(made)
        self.progress(
            _("Cuộc họp sắp tới: %(planned)s chi bộ của %(commune)s đã lên lịch sinh hoạt kỳ tới")
            % {"planned": vn.number(planned), "commune": commune.name}
        )

    def write_study(self, admin: User) -> None:
        root = self.planner.root.unit
        topics = Topic.objects.filter(unit=root)
        build_study(root, topics, self.rng, actor=admin, today=self.as_of, progress=self.progress)


def build(
    scale: Scale = SCALES["small"],
    progress: Callable[[str], None] | None = None,
    *,
    as_of: datetime.date = AS_OF,
) -> Result:
    """Build the demo province in one transaction, as it stands on `as_of` (the tests' fixed day by default;
    `lamtheo demo` passes today); raises DemoError if it cannot be built here or on that day."""
    started = time.monotonic()
    with transaction.atomic():
        result = Builder(scale, progress or (lambda message: None), as_of=as_of).run()
        freshness.changed_everything()  # written in bulk, mostly without audit rows: every figure recomputes
    result.logins = logins()
    result.seconds = time.monotonic() - started
    return result


def logins() -> list[tuple[str, str, str, str]]:
    """(role, username, password, unit) of each demo login that exists."""
    users = User.objects.filter(is_demo=True, username__in=[u for u, _ in LOGINS]).prefetch_related(
        "role_assignments__unit"
    )
    by_name = {user.username: user for user in users}
    rows = []
    for username, role in LOGINS:
        user = by_name.get(username)
        if user is None:
            continue
        unit = next((a.unit.name for a in user.role_assignments.all() if a.role == role), "")
        rows.append((str(Role(role).label), username, PASSWORD, unit))
    return rows


@transaction.atomic
def delete_demo() -> int:
    """Delete the demo province, its people, history and logins; returns how many people went with it."""
    User.objects.filter(is_demo=True, username__in=[u for u, _ in LOGINS]).delete()
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return 0
    units = Unit.objects.filter(subtree_q(root.path)).values("pk")
    delete_appraisal(units)  # the year-end reviews PROTECT their units
    delete_campaign(units)  # models, exemplars and drives PROTECT their units and people
    delete_meetings(units)  # meetings PROTECT their units
    delete_reports(units)  # a report PROTECTs its document
    delete_pledges(root)  # registrations and deeds PROTECT their units
    delete_study(units)  # sessions and attendance PROTECT people, units and topics
    documents.delete(units)  # documents, topics and codes of conduct PROTECT their units
    delete_conduct(units)
    people = Person.objects.filter(unit__in=units)
    person_type = ContentType.objects.get_for_model(Person)
    unit_type = ContentType.objects.get_for_model(Unit)
    AuditEvent.objects.filter(
        Q(unit__in=units)
        | Q(target_type=person_type, target_id__in=people.values("pk"))
        | Q(target_type=unit_type, target_id__in=units)
    ).delete()
    restructurings = Restructuring.objects.filter(Q(sources__in=units) | Q(targets__in=units)).values("pk")
    Restructuring.objects.filter(pk__in=restructurings).delete()
    RoleAssignment.objects.filter(unit__in=units).delete()
    Membership.objects.filter(Q(unit__in=units) | Q(person__in=people)).delete()
    Position.objects.filter(Q(unit__in=units) | Q(person__in=people)).delete()
    deleted = 0
    # Branch by branch, so the collector never holds the whole province's people in memory.
    branches = [Person.objects.filter(unit=root)]
    for branch in Unit.objects.children_of(root):
        branches.append(Person.objects.filter(subtree_q(branch.path, "unit__path")))
    for branch_people in branches:
        deleted += branch_people.delete()[1].get(Person._meta.label, 0)
    Unit.objects.filter(subtree_q(root.path)).update(merged_into=None)
    Unit.objects.filter(pk=root.pk).delete()
    freshness.changed_everything()
    return deleted
