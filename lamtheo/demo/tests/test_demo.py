"""The demo province, built once for this module at a tiny size and rolled back after it."""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from vietnam_provinces import Ward
from vietnam_provinces.codes import ProvinceCode

from lamtheo.accounts.models import Role, User
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import builder
from lamtheo.demo import catalogue as cat
from lamtheo.demo.population import AS_OF, MERGE_DATE, add_years
from lamtheo.people.models import Membership, Person, Position
from lamtheo.people.validators import clean_national_id, clean_party_card_number, clean_phone
from lamtheo.units.models import Area, Restructuring, Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers
TINY_OPTIONS = {"communes": 3, "people_per_cell": 8}


@pytest.fixture(scope="module")
def demo(tiny_demo):
    """The tiny demo (conftest.py), built once for all the modules that read it."""
    return tiny_demo


@pytest.fixture
def root(demo, db):
    return Unit.objects.get(code=builder.ROOT_CODE)


def demo_people(root):
    return Person.objects.in_subtree(root)


def snapshot(root):
    units = list(Unit.objects.subtree_of(root).values_list("code", "name", "kind", "depth"))
    people = list(
        demo_people(root)
        .order_by("national_id")
        .values_list(
            "full_name", "national_id", "party_card_number", "date_of_birth", "unit__code", "job_title"
        )
    )
    return units, people


def test_tree_shape(root):
    assert (root.name, root.kind, root.area.code) == ("Tỉnh ủy An Giang", Unit.Kind.PROVINCE_COMMITTEE, "91")
    wards = {int(w.code): w for w in Ward.iter_by_province(ProvinceCode(91))}
    communes = list(
        Unit.objects.get_children(root).filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=True)
    )
    assert [c.code for c in communes] == [f"AG-{code}" for code in cat.SMALL_COMMUNES[:3]]
    for commune in communes:
        ward = wards[int(commune.area.code)]
        word = ward.division_type.value
        assert commune.name == f"Đảng ủy {word} {ward.name[len(word) :].strip()}"
        assert commune.short_name == "ĐU"
        cells = Unit.objects.get_children(commune).filter(kind=Unit.Kind.CELL, active_to__isnull=True)
        assert 10 <= cells.count() <= 60
        assert all(cell.depth == commune.depth + 1 and cell.code.startswith("AG-") for cell in cells)
    names = {c.name for c in communes}
    assert {"Đảng ủy xã Cù Lao Giêng", "Đảng ủy phường Long Xuyên", "Đảng ủy đặc khu Phú Quốc"} == names
    long_xuyen = Unit.objects.get(code="AG-30307")
    cell_names = set(Unit.objects.get_children(long_xuyen).values_list("name", flat=True))
    assert {"Chi bộ Cơ quan Đảng ủy", "Chi bộ Ủy ban nhân dân phường", "Chi bộ Công an phường"} <= cell_names
    groups = Unit.objects.subtree_of(long_xuyen).filter(kind=Unit.Kind.GROUP)
    assert groups.exists()
    assert all(group.depth == long_xuyen.depth + 2 for group in groups)
    agencies = set(
        Unit.objects.get_children(root).filter(kind=Unit.Kind.AGENCY_COMMITTEE).values_list("name", flat=True)
    )
    assert {"Đảng ủy các cơ quan Đảng tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh"} <= agencies
    assert Area.objects.get(code="91").children.count() == 102
    assert Unit.objects.find_problems() == (
        [],
        [],
        [],
        [],
        [],
    )  # paths, depths and numchild as treebeard keeps them


def test_people_are_valid_and_unique(root):
    people = list(demo_people(root))
    assert len(people) > 1000
    cards = [p.party_card_number for p in people if p.party_card_number]
    assert len(cards) == len(set(cards))
    assert len({p.national_id for p in people}) == len(people)
    for person in people:
        assert clean_national_id(person.national_id, gender=person.gender, date_of_birth=person.date_of_birth)
        assert 20 <= (datetime.date(2026, 3, 1) - person.date_of_birth).days / 365.25 <= 86
        if person.phone:
            assert clean_phone(person.phone) == person.phone
        if not person.is_member:
            assert person.party_card_number is None and person.date_joined_party is None
            continue
        assert len(clean_party_card_number(person.party_card_number)) == 8
        assert person.date_joined_party >= add_years(person.date_of_birth, 18)
        if person.party_status == Person.PartyStatus.FULL:
            assert person.date_official == add_years(person.date_joined_party, 1)
        else:
            assert person.date_official is None
            assert person.date_joined_party > datetime.date(2025, 3, 1)
    for person in people[::25]:
        person.full_clean()
    statuses = {p.status for p in people}
    assert {Person.Status.ACTIVE, Person.Status.EXEMPT} <= statuses
    non_members = [p for p in people if not p.is_member]
    assert non_members and all(p.job_title for p in non_members)
    assert all(p.unit.kind == Unit.Kind.CELL and "Ấp" not in p.unit.name for p in non_members)


def test_positions_and_stays(root):
    active_cells = Unit.objects.subtree_of(root).active().filter(kind=Unit.Kind.CELL)
    secretary = Position.objects.filter(unit=OuterRef("pk"), kind=Position.Kind.SECRETARY, end_date=None)
    assert not active_cells.exclude(Exists(secretary)).exists()
    committees = Unit.objects.subtree_of(root).active().filter(kind__in=Unit.COMMITTEE_KINDS)
    assert not committees.exclude(Exists(secretary)).exists()
    kinds = set(
        Position.objects.filter(unit__in=Unit.objects.subtree_of(root)).values_list("kind", flat=True)
    )
    assert kinds == set(Position.Kind.values)
    assert not demo_people(root).exclude(Exists(Membership.objects.filter(person=OuterRef("pk")))).exists()


def test_merge_closes_the_old_communes_under_the_new_one(root):
    new = Unit.objects.get(code=f"AG-{cat.MERGE_TARGET}")
    olds = Unit.objects.filter(code__in=[f"AG-{code}" for code, _ in cat.MERGED_COMMUNES])
    assert len(olds) == 2
    for old in olds:
        assert (old.active_to, old.merged_into) == (MERGE_DATE, new)
        assert old.path.startswith(new.path) and old.depth == new.depth + 1
        assert not Unit.objects.get_children(old).exists()
        assert not Person.objects.in_subtree(old).active().exists()
    merge = Restructuring.objects.get(kind=Restructuring.Kind.MERGE, targets=new)
    assert set(merge.sources.all()) == set(olds)
    # The old offices merged into the new ones: their people were transferred on the merge date.
    moved = Membership.objects.filter(reason=Membership.Reason.RESTRUCTURING, start_date=MERGE_DATE)
    assert moved.filter(unit__code=f"AG-{cat.MERGE_TARGET}-01").count() > 3
    old_office = Unit.objects.get(code="AG-TANMY-01")
    assert old_office.active_to == MERGE_DATE and old_office.path.startswith(new.path)
    # Their hamlets now count in the new commune.
    hamlet = Unit.objects.get(code="AG-TANMY-04")
    assert Unit.objects.get_parent(hamlet) == new and hamlet.active_to is None
    assert Person.objects.in_subtree(new).filter(unit=hamlet).exists()


def test_rename_and_transfers_are_history(root):
    renamed = Unit.objects.get(name="Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy")
    assert renamed.former_names.get().name == "Chi bộ Ban Tuyên giáo Tỉnh ủy"
    assert Restructuring.objects.filter(kind=Restructuring.Kind.RENAME, targets=renamed).exists()
    transfers = Membership.objects.filter(
        reason=Membership.Reason.TRANSFER, unit__in=Unit.objects.subtree_of(root)
    )
    assert transfers.count() >= 5
    assert all(datetime.date(2025, 1, 1) <= m.start_date < datetime.date(2027, 1, 1) for m in transfers)
    assert (
        AuditEvent.objects.filter(action="person.transfer", actor__username="quantri").count()
        >= transfers.count()
    )


def test_the_year_before_last_reads_like_a_real_year(root):
    """The demo's meetings go back to 03/2024 (twelve months before its year): that year has its study sessions and
    its registrations too, so a report of 2024 and the previous period of 2025 read like a real year."""
    from lamtheo.indicators.completeness import completeness
    from lamtheo.indicators.periods import Period
    from lamtheo.pledges.models import Pledge, Review
    from lamtheo.study.models import StudySession

    year = AS_OF.year - 2
    cells = (
        Unit.objects.subtree_of(root).filter(kind__in=Unit.CELL_KINDS).active(on=datetime.date(year, 12, 31))
    )
    sessions = StudySession.objects.in_subtree(root).filter(topic__start_year=year, is_makeup=False)
    assert sessions.filter(date__year=year).count() == sessions.count()
    studied = set(sessions.values_list("unit", flat=True))
    assert len(studied & set(cells.values_list("pk", flat=True))) > 0.9 * cells.count()
    pledges = Pledge.objects.in_subtree(root).filter(year=year)
    assert pledges.count() == Person.objects.in_subtree(root).active().count()
    assert set(pledges.values_list("status", flat=True)) == {Pledge.Status.RATED, Pledge.Status.LOCKED}
    assert not pledges.exclude(Exists(Review.objects.filter(pledge=OuterRef("pk"), kind="accepted"))).exists()
    assert pledges.filter(result_level=Pledge.Level.EXCELLENT).exists()
    report = {c.requirement.code: c for c in completeness(root, Period.year(year), today=AS_OF, cache=False)}
    for code in ("study_session", "registrations"):
        assert report[code].expected and report[code].done > 0.9 * report[code].expected, code


def test_logins(root):
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    assert set(users) == {"quantri", "tinhuy", "bithuxa", "bithuchibo", "dangvien"}
    roles = {
        name: {(a.role, a.unit.code) for a in user.role_assignments.all()} for name, user in users.items()
    }
    assert roles["quantri"] == {(Role.SYSTEM_ADMIN, "AG")}
    assert (Role.COMMITTEE_STAFF, "AG") in roles["tinhuy"]
    assert (Role.COMMITTEE_LEADER, f"AG-{cat.MERGE_TARGET}") in roles["bithuxa"]
    cell = users["bithuchibo"].person.unit
    assert roles["bithuchibo"] == {(Role.CELL_SECRETARY, cell.code), (Role.MEMBER, cell.code)}
    assert roles["dangvien"] == {(Role.MEMBER, cell.code)}
    assert users["dangvien"].person.unit == cell
    assert Position.objects.filter(
        person=users["bithuchibo"].person, unit=cell, kind=Position.Kind.SECRETARY
    ).exists()
    leader = users["bithuxa"].person
    assert Position.objects.filter(person=leader, unit__code=f"AG-{cat.MERGE_TARGET}", kind="bi_thu").exists()
    validate_password(builder.PASSWORD, users["dangvien"])


def test_demo_logins_work_only_with_debug(root, settings):
    request = RequestFactory().post("/dang-nhap/")
    settings.DEBUG = True
    assert authenticate(request, username="bithuchibo", password=builder.PASSWORD) is not None
    settings.DEBUG = False
    assert authenticate(request, username="bithuchibo", password=builder.PASSWORD) is None


def test_command_does_nothing_when_loaded(root, settings):
    settings.DEBUG = False
    before = snapshot(root)
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", stdout=out, stderr=err)
    assert snapshot(root) == before
    assert re.search(r"dangvien\s+\|\s+lamtheo-demo-2026", out.getvalue())
    assert "DEBUG" in err.getvalue()


def test_reset_rebuilds_the_same_province(root):
    """Units, people and documents: one rebuild of the demo, compared whole."""
    from lamtheo.demo.tests.test_demo_documents import snapshot as documents_snapshot

    before = (snapshot(root), documents_snapshot(root))
    assert len(before[1]) > 50
    call_command("demo", reset=True, verbosity=0, as_of=AS_OF, **TINY_OPTIONS)  # the day `build` defaults to
    root = Unit.objects.get(code=builder.ROOT_CODE)
    assert (snapshot(root), documents_snapshot(root)) == before


def test_the_communes_lam_theo_year_went_through_the_actions(root):
    """Seed 003's model with its three teams and their months, replicated below; an exemplar recognised by the
    commune and waiting for the province, one returned, one waiting; the quarter's drive scored and ranked."""
    from lamtheo.emulation.ranking import ranking
    from lamtheo.exemplars.models import Exemplar
    from lamtheo.initiatives.models import GoalValue, Initiative

    commune = User.objects.get(username="bithuxa").role_assignments.get(role=Role.COMMITTEE_LEADER).unit
    model = Initiative.objects.get(unit=commune, origin=None)
    assert [t.name for t in model.teams.order_by("name")] == [
        "Tổ 1 - Khối Vận xã",
        "Tổ 2 - Khối chính quyền",
        "Tổ 3 - Cơ sở đảng",
    ]
    months = GoalValue.objects.filter(goal__team__initiative=model).dates("month", "month")
    assert len(months) == 12 and months[len(months) - 1] < AS_OF  # a year of values, none in the future
    assert model.replicas.exists() and all(r.unit.path.startswith(commune.path) for r in model.replicas.all())
    review = model.reviews.get()  # seed 003's sơ kết, held late in February, its tasks given to the teams
    assert review.kind == "so_ket" and review.until == datetime.date(AS_OF.year - 1, 12, 1)
    assert review.meeting.status == "held" and review.meeting.kind.code == "so_ket"
    assert "Đối với Tổ 2 - Khối chính quyền, qua thực hiện mô hình với chủ đề" in review.results
    assert review.meeting.assignments.count() == len(review.direction_lines) > 0
    assert {a.assignee_person for a in review.meeting.assignments.all()} <= {
        t.leader for t in model.teams.all()
    }
    statuses = sorted(
        Exemplar.objects.filter(unit__path__startswith=commune.path).values_list("status", flat=True)
    )
    assert statuses == ["nominated", "nominated", "recognised", "returned"]  # one forwarded to the province
    forwarded = Exemplar.objects.get(unit=commune)
    exchange = forwarded.forwarded_from.exchanges.get()  # presented at the commune's giao lưu in January
    assert exchange.kind.code == "giao_luu" and exchange.unit == commune and exchange.status == "held"
    assert forwarded.verifier == root and forwarded.forwarded_from.get_honour_display() == "Giấy khen"
    drive = commune.emulation_drives.get()
    assert drive.criteria.count() >= 3 and ranking(drive)[0].rank == 1


def test_reset_deletes_everything_of_the_demo(root):
    people = demo_people(root).count()
    total = Person.objects.count()
    assert builder.delete_demo() == people
    assert not builder.is_loaded()
    assert Person.objects.count() == total - people
    assert not User.objects.filter(is_demo=True).exists()
    assert Unit.objects.filter(code="TU").exists()  # the rest of the database is untouched


def test_builder_makes_no_query_per_person(root):
    def queries(people_per_cell):
        builder.delete_demo()
        with CaptureQueriesContext(connection) as captured:
            result = builder.build(builder.Scale(communes=1, people_per_cell=people_per_cell))
        return len(captured), result.people

    few_queries, few_people = queries(4)
    many_queries, many_people = queries(12)
    assert many_people > few_people + 300
    # Bulk inserts in batches: a few queries more for every hundred people, not one per person. A person brings
    # about twenty rows (stays, positions, two years of registrations with items and review steps, attendance),
    # and SQLite takes at most 999 parameters a statement, so a batch is a few hundred rows.
    assert (many_queries - few_queries) / (many_people - few_people) < 0.3


def test_the_command_refuses_a_malformed_day():
    with pytest.raises(CommandError):
        call_command("demo", "--as-of", "23/11/2026", verbosity=0)
