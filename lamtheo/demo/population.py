"""The people of the demo province: unsaved Person, Position and Membership rows, drawn from a seeded generator.

Nothing here touches the database: `Population` makes rows in memory, `builder.py` writes them in bulk. Every
national ID, party card number and phone number it makes is unique within the build and against the numbers it is
told already exist.
"""

import datetime
import random
from dataclasses import dataclass, field

from lamtheo.demo import catalogue as cat
from lamtheo.demo.names import NameGenerator, words
from lamtheo.people.models import Membership, Person, Position

# The day the tests (and the benchmarks) build the demo on. `lamtheo demo` builds it on the day it runs (or on its
# --as-of day): every builder takes `as_of` and dates nothing after it; the clock is never read.
AS_OF = datetime.date(2026, 3, 1)
# The earliest and latest days the demo can be built on: its history (the 2025 reform, the 2025 congresses) is fixed,
# and its terms and term-long topic end in 2030.
EARLIEST_AS_OF, LATEST_AS_OF = AS_OF, datetime.date(2030, 12, 31)
MERGE_DATE = datetime.date(2025, 7, 1)  # the 2025 reform: new communes, new provincial bodies
OLD_TERM_START = datetime.date(2020, 10, 1)  # committees elected for 2020–2025
OLD_CELL_TERM_START = datetime.date(2022, 5, 1)  # chi bộ elected for 2022–2025
CELL_TERM_START = datetime.date(2025, 5, 15)  # chi bộ congresses of the 2025–2027 term

MOBILE_PREFIXES = words(
    "090 091 093 094 096 097 098 086 088 089 070 076 077 078 079 081 082 083 084 085 032 033 034 035 036 037 "
    "038 039 056 058 059"
)

Kind = Position.Kind


def demo_months(today: datetime.date) -> list[datetime.date]:
    """The first days of the demo's twelve months of meetings: the current month up to the day before `today` and
    the eleven before it (the twelve months before `today`'s when it is the 1st)."""
    first = today.replace(day=1)
    months = []
    for _step in range(12):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.insert(0, first)
    if today.day > 1:
        months = [*months[1:], today.replace(day=1)]
    return months


def first_year(today: datetime.date) -> int:
    """The first year the demo has records of: that of the earliest month of meetings (its monthly meetings go back
    twelve months before `demo_months`); its study sessions and registrations go back to the same year, so that a
    report of any year it has meetings in, and the dashboard's previous period, read like a real year."""
    return demo_months(today)[0].year - 1


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Place:
    """Where a chi bộ is: its division word ("xã", "phường", "đặc khu", "tỉnh"), former province, Khmer share."""

    word: str
    region: str = ""  # "ag" or "kg"; empty for provincial bodies (people from both)
    khmer: float = 0.0


@dataclass
class CellPeople:
    """The people of one chi bộ after it is filled: who leads it and who may be moved in the demo's history."""

    people: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    head: Person | None = None
    deputy: Person | None = None
    secretary: Person | None = None
    ordinary: list = field(default_factory=list)  # active members with no position
    everyone: list = field(default_factory=list)


class Population:
    """Makes people; `take()` hands over the rows made since the last call, ready for bulk_create."""

    def __init__(
        self,
        rng: random.Random,
        *,
        as_of: datetime.date = AS_OF,
        taken_ids=(),
        taken_cards=(),
        taken_phones=(),
    ):
        self.rng = rng
        self.as_of = as_of  # the demo's "today": ages and stays are counted back from it
        self.names = NameGenerator(rng)
        self._ids = set(taken_ids)
        self._cards = set(taken_cards)
        self._phones = set(taken_phones)
        self.people: list[Person] = []
        self.stays: list[tuple[Person, datetime.date | None, datetime.date | None]] = []
        self.positions: list[tuple[Person, object, str, datetime.date | None, datetime.date | None]] = []
        self._starts: dict[int, datetime.date] = {}  # id(person) -> when their stay in the unit started

    def stay_start(self, person: Person) -> datetime.date:
        """When `person`, made since the last `take()`, started in their unit."""
        return self._starts[id(person)]

    def take(self):
        rows = self.people, self.stays, self.positions
        self.people, self.stays, self.positions = [], [], []
        self._starts = {}
        return rows

    # Identity numbers -------------------------------------------------------------------------------------------

    def _unique(self, taken: set, make) -> str:
        while True:
            value = make()
            if value not in taken:
                taken.add(value)
                return value

    def national_id(self, gender: str, born: datetime.date, region: str) -> str:
        roll = self.rng.random()
        home = "089" if region == "ag" else "091"
        other = "091" if region == "ag" else "089"
        province = (
            home if roll < 0.82 else other if roll < 0.92 else self.rng.choice(cat.OTHER_BIRTH_PROVINCES)
        )
        century_gender = (born.year // 100 - 19) * 2 + (1 if gender == Person.Gender.FEMALE else 0)
        prefix = f"{province}{century_gender}{born.year % 100:02d}"
        return self._unique(self._ids, lambda: f"{prefix}{self.rng.randrange(1_000_000):06d}")

    def card_number(self, region: str) -> str:
        prefix = "89" if region == "ag" else "91"
        return self._unique(self._cards, lambda: f"{prefix}{self.rng.randrange(1_000_000):06d}")

    def phone(self) -> str:
        return self._unique(
            self._phones, lambda: f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(10_000_000):07d}"
        )

    # Dates ------------------------------------------------------------------------------------------------------

    def _day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days))

    def _age(self, ages: tuple[int, int], residential: bool) -> float:
        low, high = ages
        if residential:  # residential chi bộ have many retirees (seed 003)
            roll = self.rng.random()
            band = (62, high) if roll < 0.4 else (45, 62) if roll < 0.75 else (low, 45)
            return self.rng.uniform(*band)
        return self.rng.triangular(low, high, (low + high) / 2 - 4)

    # People -----------------------------------------------------------------------------------------------------

    def person(
        self,
        unit,
        place: Place,
        *,
        ages: tuple[int, int],
        female: float,
        member: bool,
        job_title: str = "",
        residential: bool = False,
        arrived_after: datetime.date | None = None,
        arrived_before: datetime.date | None = None,
        closed: bool = False,
        seniority: int = 0,
    ) -> Person:
        """One person in `unit`; `arrived_after` / `arrived_before` bound when their stay there started.

        `seniority`: a leader, in the Party for at least that many years, active, and in the unit since it was
        formed (`arrived_after`).
        """
        rng, as_of = self.rng, self.as_of
        arrived_before = arrived_before or as_of
        region = place.region or rng.choice(("ag", "kg"))
        gender = Person.Gender.FEMALE if rng.random() < female else Person.Gender.MALE
        age = self._age(ages, residential)
        born = as_of - datetime.timedelta(days=int(age * 365.25))
        khmer = region if place.khmer and rng.random() < place.khmer else ""
        person = Person(
            unit=unit,
            full_name=self.names.full_name(gender, born.year, khmer=khmer),
            gender=gender,
            date_of_birth=born,
            national_id=self.national_id(gender, born, region),
            job_title=job_title,
            party_status=Person.PartyStatus.NON_MEMBER,
        )
        if not (age > 70 and rng.random() < 0.3):
            person.phone = self.phone()
        adult = add_years(born, 18) + datetime.timedelta(days=30)
        if member:
            if age < 45 and not closed and not seniority and rng.random() < 0.06:  # joined this year: dự bị
                person.party_status = Person.PartyStatus.PROBATIONARY
                person.date_joined_party = self._day_between(
                    max(adult, as_of - datetime.timedelta(days=360)), as_of
                )
            else:
                person.party_status = Person.PartyStatus.FULL
                latest = min(add_years(as_of, -1) - datetime.timedelta(days=20), add_years(as_of, -seniority))
                span = max((latest - adult).days, 1)
                person.date_joined_party = adult + datetime.timedelta(
                    days=int(span * rng.triangular(0, 1, 0.2))
                )
                person.date_official = add_years(person.date_joined_party, 1)
            person.party_card_number = self.card_number(region)
        # When their stay in this unit started: the day they joined, or the day they arrived (moved, took a job).
        start = person.date_joined_party
        if arrived_after is not None or not residential or start is None or rng.random() < 0.3:
            working_age = min(add_years(born, 22), arrived_before - datetime.timedelta(days=30))
            start = self._day_between(max(working_age, adult, start or adult), arrived_before)
        if arrived_after is not None:
            start = arrived_after if seniority else max(start, arrived_after)
        self._starts[id(person)] = start
        end = None
        if not closed and not seniority:
            roll = rng.random()
            if residential and age >= 70 and roll < 0.25:
                person.status = Person.Status.EXEMPT  # old age: miễn sinh hoạt
            elif roll > 0.997 and age >= 65:
                person.status = Person.Status.DECEASED
                end = self._day_between(datetime.date(2025, 1, 1), as_of)
            elif 0.993 < roll <= 0.997:
                person.status = Person.Status.TRANSFERRED_OUT
                end = self._day_between(datetime.date(2025, 1, 1), as_of)
            if end is not None and end <= start:
                end = start + datetime.timedelta(days=1)
        person.refresh_derived()
        self.people.append(person)
        self.stays.append((person, start, end))
        return person

    def fill_cell(
        self,
        unit,
        kind: cat.CellKind,
        size: int,
        place: Place,
        *,
        word: str = "",
        leaders: tuple[str, ...] = (),
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        groups=(),
    ) -> CellPeople:
        """Fill a chi bộ of `size` people of `kind`, with its officers.

        `since`: the chi bộ (or its commune) was formed then, so stays and positions start no earlier; `until`:
        it closes then (a pre-2025 unit), so its positions end then. `groups`: its tổ đảng, among which the people
        without a position are spread.
        """
        rng = self.rng
        residential = kind is cat.RESIDENTIAL
        fmt = {"xa": place.word}
        arrived_before = (until - datetime.timedelta(days=30)) if until else self.as_of
        result = CellPeople()
        common = {"female": kind.female, "residential": residential, "closed": until is not None}
        common.update(arrived_after=since, arrived_before=arrived_before)
        for title in leaders:
            person = self.person(
                unit, place, ages=(40, 58), member=True, job_title=title, seniority=15, **common
            )
            result.leaders.append(person)
        if kind.head:
            head_title = kind.head.format(**fmt)
            result.head = self.person(
                unit, place, ages=(38, 58), member=True, job_title=head_title, seniority=8, **common
            )
        if kind.deputy:
            deputy_title = kind.deputy.format(**fmt)
            result.deputy = self.person(
                unit, place, ages=(32, 57), member=True, job_title=deputy_title, seniority=4, **common
            )
        staff = [title.format(**fmt) for title in kind.staff]
        made = len(result.leaders) + bool(result.head) + bool(result.deputy)
        for _ in range(max(size - made, 1 if residential else 0)):
            member = rng.random() >= kind.non_members
            title = rng.choice(staff) if staff else ""
            result.people.append(
                self.person(unit, place, ages=kind.ages, member=member, job_title=title, **common)
            )
        everyone = [*result.leaders, *filter(None, [result.head, result.deputy]), *result.people]
        active = [p for p in everyone if p.is_member and p.status == Person.Status.ACTIVE]
        start = max(since or CELL_TERM_START, CELL_TERM_START) if until is None else OLD_CELL_TERM_START
        officers = set()

        def appoint(person, position_kind, title=None):
            officers.add(id(person))
            self.positions.append((person, unit, position_kind, max(start, self._starts[id(person)]), until))
            if title:
                person.job_title = title

        # Bí thư: in an agency the head or the deputy; in a hamlet a settled member, often also its chief.
        if result.head is not None:
            pair = [result.head, result.deputy] if rng.random() < 0.6 else [result.deputy, result.head]
            pair = [p for p in pair if p is not None]
        else:
            settled = [p for p in active if 40 <= (self.as_of - p.date_of_birth).days / 365.25 <= 72]
            pair = rng.sample(settled or active, min(2, len(settled or active)))
        result.everyone = everyone
        if not pair:
            return result
        secretary = pair[0]
        appoint(secretary, Kind.SECRETARY, f"Bí thư Chi bộ, Trưởng {word}" if residential else None)
        result.secretary = secretary
        leaders = {id(p) for p in result.leaders}
        rest = [p for p in active if id(p) not in officers and id(p) not in leaders]
        if len(active) >= 5 and rng.random() < 0.9:
            deputy = pair[1] if len(pair) > 1 else rng.choice(rest)
            appoint(deputy, Kind.DEPUTY_SECRETARY, "Phó Bí thư Chi bộ" if residential else None)
            rest = [p for p in rest if id(p) not in officers]
        committee_members = 3 if len(active) >= 30 else 1 if len(active) >= 15 else 0
        for person in rng.sample(rest, min(committee_members, len(rest))):
            appoint(person, Kind.CELL_COMMITTEE_MEMBER)
        if result.head is not None:
            self.positions.append(
                (result.head, unit, Kind.HEAD, max(start, self._starts[id(result.head)]), until)
            )
        for person in everyone:
            retired = (
                residential and not person.job_title and (self.as_of - person.date_of_birth).days > 60 * 365
            )
            if retired and rng.random() < 0.7:
                person.job_title = "Hưu trí"
        result.ordinary = [p for p in active if id(p) not in officers and id(p) not in leaders]
        if groups:
            for index, person in enumerate(p for p in everyone if id(p) not in officers | leaders):
                person.unit = groups[index % len(groups)]
        return result

    def appoint(self, person: Person, unit, kind: str, *, start, end=None, title: str | None = None) -> None:
        """A position above the chi bộ (in a committee); `title` replaces the person's job title."""
        self.positions.append((person, unit, kind, max(start, self._starts[id(person)]), end))
        if title:
            person.job_title = title


def membership_rows(stays) -> list[Membership]:
    return [Membership(person=p, unit=p.unit, start_date=start, end_date=end) for p, start, end in stays]


def position_rows(positions) -> list[Position]:
    return [
        Position(person=person, unit=unit, kind=kind, start_date=start, end_date=end)
        for person, unit, kind, start, end in positions
    ]
