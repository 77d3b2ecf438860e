"""The plan of the demo province: which units it has, what they are called, how many people each holds.

Pure Python drawn from a seeded generator (apart from reading and creating the Area rows); `builder.py` writes
the plan to the database and fills it with people.
"""

import datetime
import random
from dataclasses import dataclass, field

from vietnam_provinces import Province, Ward
from vietnam_provinces.codes import ProvinceCode

from lamtheo.demo import catalogue as cat
from lamtheo.demo.population import MERGE_DATE, Place
from lamtheo.units.models import Area, Unit

ROOT_CODE = "AG"
SEED = 2026
BATCH_SIZE = 1000
REFERENCE_CELL_SIZE = 26  # the average chi bộ at realistic sizes; --people-per-cell scales every size from it

Kind = Unit.Kind

# Generic head titles that name their body: "Hiệu trưởng" -> "Hiệu trưởng Trường Chính trị Tôn Đức Thắng".
TITLES_NAMING_BODY = {
    "Hiệu trưởng", "Phó Hiệu trưởng", "Tổng Biên tập", "Phó Tổng Biên tập", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Chỉ huy trưởng", "Chỉ huy phó", "Đồn trưởng", "Chính trị viên", "Đại đội trưởng", "Chuyên viên", "Nhân viên",
    "Kế toán", "Cán bộ", "Trợ lý", "Chiến sĩ",
}  # fmt: skip


@dataclass(frozen=True)
class Scale:
    communes: int | None = len(cat.SMALL_COMMUNES)  # None: all the communes of the province
    full: bool = False  # every provincial agency (police, army, border guard, hospitals), not two of them
    people_per_cell: float | None = None  # average people per chi bộ; None: realistic sizes (about 26)
    seed: int = SEED


SCALES = {"small": Scale(), "full": Scale(communes=None, full=True)}


@dataclass(eq=False)
class Node:
    """A unit of the plan, written to the database as `unit`."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    area: Area | None = None
    active_from: datetime.date | None = None
    cell: cat.CellKind | None = None
    size: int = 0
    word: str = ""  # ấp / khóm / khu phố, for residential chi bộ
    children: list = field(default_factory=list)
    unit: Unit | None = None

    def add(self, node: "Node") -> "Node":
        self.children.append(node)
        return node


@dataclass(eq=False)
class CommunePlan:
    node: Node
    place: Place
    offices: dict  # catalogue key -> Node
    residential: list
    predecessors: list = field(default_factory=list)  # pre-2025 communes merged into this one
    old_name: str = ""


@dataclass(eq=False)
class AgencyPlan:
    node: Node
    code: str
    cells: list
    hospitals: list = field(default_factory=list)  # (grassroots node, its cells)


def load_areas() -> dict[str, Area]:
    """The Area rows of the province and its wards, created from the package where missing."""
    code = ProvinceCode(cat.PROVINCE_CODE)
    province = Province.from_code(code)
    wards = list(Ward.iter_by_province(code))
    codes = [str(int(province.code)), *(str(int(w.code)) for w in wards)]
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    if codes[0] not in areas:
        areas[codes[0]] = Area.objects.create(
            code=codes[0], name=f"Tỉnh {province.name}", division_type=province.division_type.value
        )
    missing = [
        Area(code=str(int(w.code)), name=w.name, division_type=w.division_type.value, parent=areas[codes[0]])
        for w in wards
        if str(int(w.code)) not in areas
    ]
    for area in Area.objects.bulk_create(missing, batch_size=BATCH_SIZE):
        areas[area.code] = area
    return areas


class Planner:
    def __init__(self, scale: Scale, rng: random.Random, areas: dict[str, Area]):
        self.scale, self.rng, self.areas = scale, rng, areas
        self.root = Node(
            ROOT_CODE, "Tỉnh ủy An Giang", Kind.PROVINCE_COMMITTEE, "TU", area=areas[str(cat.PROVINCE_CODE)]
        )
        self.communes: list[CommunePlan] = []
        self.agencies: list[AgencyPlan] = []

    def size(self, kind: cat.CellKind, minimum: int = 3) -> int:
        size = self.rng.randint(*kind.size)
        if self.scale.people_per_cell is not None:
            size = round(size * self.scale.people_per_cell / REFERENCE_CELL_SIZE)
        return max(size, minimum)

    def plan(self) -> Node:
        wards = {int(w.code): w for w in Ward.iter_by_province(ProvinceCode(cat.PROVINCE_CODE))}
        order = [*cat.SMALL_COMMUNES, *(code for code in wards if code not in cat.SMALL_COMMUNES)]
        if self.scale.communes is not None:
            order = order[: self.scale.communes]
        for index, code in enumerate(order):
            self.communes.append(self.commune(wards[code], index))
        for commune in self.communes:
            for old in commune.predecessors:
                self.root.add(old.node)
        for agency in cat.AGENCIES:
            if self.scale.full or not agency.full_only:
                self.agencies.append(self.agency(agency))
        return self.root

    def cell(self, parent: Node, kind: cat.CellKind, name: str, **fields) -> Node:
        code = f"{parent.code}-{len(parent.children) + 1:02d}"
        minimum = len(kind.leaders) + 2 if kind.head else 3
        return parent.add(Node(code, name, Kind.CELL, cell=kind, size=self.size(kind, minimum), **fields))

    def commune(self, ward, index: int) -> CommunePlan:
        code = int(ward.code)
        word = ward.division_type.value
        bare = ward.name[len(word) :].strip()
        place = Place(
            word, "ag" if code < cat.FIRST_KIEN_GIANG_WARD else "kg", cat.KHMER_SHARE.get(code, 0.0)
        )
        node = self.root.add(
            Node(f"{ROOT_CODE}-{code}", f"Đảng ủy {word} {bare}", Kind.COMMUNE_COMMITTEE, "ĐU",
                 area=self.areas[str(code)], active_from=MERGE_DATE)
        )  # fmt: skip
        plan = CommunePlan(node, place, {}, [])
        for kind in cat.COMMUNE_OFFICES:
            plan.offices[kind.key] = self.cell(node, kind, kind.name.format(xa=word), active_from=MERGE_DATE)
        self.schools(node, bare)
        if code == cat.MERGE_TARGET:
            counts = [self.rng.randint(8, 14) for _ in cat.MERGED_COMMUNES]
            hamlets = self.hamlet_names(sum(counts), "ấp", False)  # unique across the new commune
            for (old_code, old_name), count in zip(cat.MERGED_COMMUNES, counts, strict=True):
                plan.predecessors.append(self.predecessor(old_code, old_name, place, hamlets[:count]))
                hamlets = hamlets[count:]
        else:
            plan.residential = self.hamlets(node, word, code)
        # A couple of large chi bộ split their members into tổ đảng.
        if plan.residential and (index == 1 or self.rng.random() < 0.3):
            largest = max(plan.residential, key=lambda n: n.size)
            label = largest.name.removeprefix("Chi bộ ")
            for number in range(1, self.rng.randint(2, 4) + 1):
                largest.add(Node(f"{largest.code}-T{number}", f"Tổ đảng số {number} {label}", Kind.GROUP))
        return plan

    def schools(self, node: Node, bare: str) -> None:
        namesakes = self.rng.sample(cat.SCHOOL_NAMESAKES, 16)
        for kind, (low, high) in cat.SCHOOLS:
            count = self.rng.randint(low, high)
            for number in range(count):
                if kind.key == "preschool":
                    school = self.rng.choice([bare, *cat.PRESCHOOL_NAMES])
                elif number == 0:
                    school = f"{bare} A" if count > 1 and self.rng.random() < 0.5 else bare
                else:
                    school = f"{bare} B" if number == 1 and self.rng.random() < 0.5 else namesakes.pop()
                name = kind.name.format(school=school)
                if any(child.name == name for child in node.children):
                    name = kind.name.format(school=namesakes.pop())
                self.cell(node, kind, name, active_from=MERGE_DATE)

    def hamlet_names(self, count: int, word: str, numbered: bool) -> list[str]:
        if numbered:
            return [f"{word.capitalize()} {number}" for number in range(1, count + 1)]
        pool = [f"{a} {b}" for a in cat.HAMLET_FIRST for b in cat.HAMLET_SECOND if a != b]
        names: dict[str, None] = {}  # an ordered set
        for name in self.rng.sample(pool, len(pool)):
            if self.rng.random() < 0.15:
                name = self.rng.choice(cat.HAMLET_LAND)
            for numbered_name in [f"{name} 1", f"{name} 2"] if self.rng.random() < 0.15 else [name]:
                if len(names) < count:
                    names[numbered_name] = None
            if len(names) == count:
                break
        return [f"{word.capitalize()} {name}" for name in names]

    def hamlets(self, node: Node, word: str, code: int) -> list[Node]:
        if word == "phường":
            count, hamlet, numbered = self.rng.randint(18, 34), "khóm", self.rng.random() < 0.6
        elif word == "đặc khu":
            big = code == 31078  # Phú Quốc
            count, hamlet, numbered = (
                self.rng.randint(24, 32) if big else self.rng.randint(4, 10),
                "ấp",
                False,
            )
        else:
            count, hamlet, numbered = self.rng.randint(22, 38), "ấp", False
        cells = []
        for name in self.hamlet_names(count, hamlet, numbered):
            cells.append(self.cell(node, cat.RESIDENTIAL, f"Chi bộ {name}", word=hamlet))
        return cells

    def predecessor(self, code: str, name: str, place: Place, hamlets: list[str]) -> CommunePlan:
        """A commune of before 2025, closed by the merge: its offices merge into the new ones, its hamlets move."""
        node = Node(f"{ROOT_CODE}-{code}", f"Đảng ủy xã {name}", Kind.COMMUNE_COMMITTEE, "ĐU")
        plan = CommunePlan(node, place, {}, [], old_name=name)
        for kind in cat.COMMUNE_OFFICES[:3]:
            office = kind.name.format(xa="xã")
            plan.offices[kind.key] = self.cell(node, kind, f"{office.removesuffix(' xã')} xã {name}")
        for hamlet in hamlets:
            plan.residential.append(self.cell(node, cat.RESIDENTIAL, f"Chi bộ {hamlet}", word="ấp"))
        return plan

    def agency(self, spec: cat.Agency) -> AgencyPlan:
        node = self.root.add(Node(f"{ROOT_CODE}-{spec.code}", spec.name, Kind.AGENCY_COMMITTEE, "ĐU"))
        plan = AgencyPlan(node, spec.code, [])
        leaders = tuple(title for title, _ in cat.AGENCY_LEADERS.get(spec.code, ()))
        for index, (name, head, deputy) in enumerate(spec.cells):
            body = name.removeprefix("Chi bộ ")
            kind = cat.CellKind(
                f"{spec.code}-{index}",
                name,
                size=spec.size,
                female=spec.female,
                non_members=spec.non_members,
                ages=spec.ages,
                head=_title(head, body),
                deputy=_title(deputy, body),
                staff=tuple(_title(title, body) for title in spec.staff),
                leaders=leaders if index == 0 else (),
            )
            plan.cells.append(self.cell(node, kind, name))
        if spec.code == "UBND" and self.scale.full:
            for number, hospital in enumerate(cat.HOSPITALS, 1):
                grassroots = node.add(
                    Node(f"{node.code}-BV{number}", f"Đảng ủy {hospital}", Kind.GRASSROOTS_COMMITTEE, "ĐU")
                )
                count = self.rng.randint(10, len(cat.HOSPITAL_DEPARTMENTS))
                chosen = set(self.rng.sample(cat.HOSPITAL_DEPARTMENTS, count))
                departments = [d for d in cat.HOSPITAL_DEPARTMENTS if d in chosen]
                cells = []
                for index, department in enumerate(departments):
                    kind = cat.CellKind(
                        f"hospital-{index}",
                        f"Chi bộ {department}",
                        size=(12, 35),
                        female=0.65,
                        non_members=0.45,
                        ages=(24, 60),
                        head=f"Trưởng {department}",
                        deputy=f"Phó Trưởng {department}",
                        staff=cat.HOSPITAL_STAFF,
                        leaders=(f"Giám đốc {hospital}", f"Phó Giám đốc {hospital}") if index == 0 else (),
                    )
                    cells.append(self.cell(grassroots, kind, kind.name))
                plan.hospitals.append((grassroots, cells))
        return plan


def _title(title: str, body: str) -> str:
    if title in TITLES_NAMING_BODY:
        return f"{title} {body}"
    return title
