"""The demo's codes of conduct (lamtheo.demo.conduct), on a small province of real-looking units."""

import random
from pathlib import Path

import pytest

from lamtheo.audit.models import AuditEvent
from lamtheo.conduct.coverage import coverage_for
from lamtheo.conduct.models import ConductCode, ConductRule
from lamtheo.demo import conduct as demo
from lamtheo.demo.population import AS_OF
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db

CELL_NAMES = (
    "Chi bộ Ấp {n}",
    "Chi bộ Khóm {n}",
    "Chi bộ Trường Tiểu học Số {n}",
    "Chi bộ Trường Mầm non Hoa Sen {n}",
    "Chi bộ Trạm Y tế xã {n}",
    "Chi bộ Công an xã {n}",
    "Chi bộ Quân sự xã {n}",
    "Chi bộ Ủy ban nhân dân xã {n}",
    "Chi bộ Mặt trận Tổ quốc và các đoàn thể {n}",
    "Chi bộ Cơ quan Đảng ủy {n}",
)


def _node(code, name, kind=Unit.Kind.CELL, children=(), **fields):
    return (Unit(code=code, name=name, kind=kind, **fields), list(children))


def _insert(tree):
    """Write a tree of (unit, children) in one bulk insert, paths computed here (as the demo builder does)."""
    root, children = tree
    root.refresh_derived()
    root = Unit.objects.add_root(instance=root)
    rows = []

    def walk(parent_path, depth, nodes):
        for step, (unit, below) in enumerate(nodes, 1):
            unit.path, unit.depth, unit.numchild = Unit._get_path(parent_path, depth, step), depth, len(below)
            unit.refresh_derived()
            rows.append(unit)
            walk(unit.path, depth + 1, below)

    walk(root.path, 2, children)
    Unit.objects.bulk_create(rows)
    Unit.objects.filter(pk=root.pk).update(numchild=len(children))
    return Unit.objects.get(pk=root.pk)


@pytest.fixture
def province(db):
    """A province of three communes of 40 chi bộ each, an agency committee with 6, a tổ đảng and a closed chi bộ."""
    communes = []
    for c in range(3):
        cells = [_node(f"DM-{c}-{n:02d}", CELL_NAMES[n % len(CELL_NAMES)].format(n=n)) for n in range(40)]
        communes.append(_node(f"DM-{c}", f"Đảng ủy xã Demo {c}", Unit.Kind.COMMUNE_COMMITTEE, cells))
    cell, _below = communes[0][1][0]
    communes[0][1][0] = (cell, [_node("DM-0-00-T1", "Tổ đảng số 1", Unit.Kind.GROUP)])
    communes[1][1].append(_node("DM-1-99", "Chi bộ Ấp cũ", active_to=AS_OF))
    agency = _node(
        "DM-CQ",
        "Đảng ủy các cơ quan Đảng tỉnh",
        Unit.Kind.AGENCY_COMMITTEE,
        [_node(f"DM-CQ-{n}", f"Chi bộ Ban số {n} Tỉnh ủy") for n in range(6)],
    )
    return _insert(_node("DM", "Tỉnh ủy Demo", Unit.Kind.PROVINCE_COMMITTEE, [*communes, agency]))


def units_of(root):
    return Unit.objects.subtree_of(root)


def snapshot(root):
    return list(
        ConductRule.objects.filter(code__unit__in=units_of(root))
        .order_by("code__unit__path", "position")
        .values_list(
            "code__unit__code", "code__status", "code__is_copied", "code__adopted_on", "position", "text"
        )
    )


def test_the_province_code_is_the_template_of_the_communes(province):
    result = demo.build_conduct(units_of(province), random.Random(2026))
    top = ConductCode.objects.get(unit=province)
    assert (top.start_year, top.end_year, top.status) == (2025, 2030, ConductCode.Status.ADOPTED)
    assert top.rule_texts() == list(demo.PROVINCE_RULES)
    assert top.template is None and top.similarity is None
    communes = ConductCode.objects.filter(unit__kind=Unit.Kind.COMMUNE_COMMITTEE)
    assert communes.exists() and all(code.template == top for code in communes)
    # The commune's own rules, with two or three of the province's kept word for word.
    for code in communes.filter(is_copied=False):
        kept = set(code.rule_texts()) & set(demo.PROVINCE_RULES)
        assert 2 <= len(kept) <= 3 and len(code.rule_texts()) >= 6
    assert result.codes == ConductCode.objects.filter(unit__in=units_of(province)).count()


def test_chi_bo_write_for_their_work_some_copy_some_have_none(province):
    result = demo.build_conduct(units_of(province), random.Random(2026))
    cells = 126  # 3 × 40 + 6 active chi bộ; not the tổ đảng nor the closed chi bộ
    expected = cells + 5
    assert result.codes + result.missing == expected
    assert 0.04 <= result.missing / expected <= 0.18
    assert 0.03 <= result.copied / expected <= 0.15
    assert result.drafts >= 1
    health = ConductCode.objects.filter(unit__name__startswith="Chi bộ Trạm Y tế", is_copied=False).first()
    assert set(health.rule_texts()) & set(demo.WORK_RULES["health"])
    # Copied codes are flagged, and only they: a chi bộ's own rules keep at most one of the template's.
    for code in ConductCode.objects.filter(unit__in=units_of(province)).exclude(unit=province):
        assert code.is_copied == (code.similarity == 100.0), code.rule_texts()
        if code.is_copied:
            assert code.rule_texts() == code.template.rule_texts()
    assert not ConductCode.objects.filter(unit__kind=Unit.Kind.GROUP).exists()
    assert not ConductCode.objects.filter(unit__code="DM-1-99").exists()


def test_dates_are_not_after_the_demos_today(province):
    demo.build_conduct(units_of(province), random.Random(2026))
    latest = ConductCode.objects.exclude(adopted_on=None).latest("adopted_on").adopted_on
    assert latest < AS_OF
    assert not ConductCode.objects.filter(status=ConductCode.Status.ADOPTED, minutes="").exists()


def test_the_rollup_reads_the_demo(province):
    result = demo.build_conduct(units_of(province), random.Random(2026))
    coverage = coverage_for(province, None, 2026)  # figures only; the rows need a user
    assert coverage.total.adopted == result.adopted
    assert coverage.total.copied == result.copied
    assert coverage.total.missing == result.missing + result.drafts


def test_the_same_seed_gives_the_same_codes_and_reset_removes_them(province, settings):
    demo.build_conduct(units_of(province), random.Random(7))
    first = snapshot(province)
    minutes = Path(settings.MEDIA_ROOT, demo.MINUTES_NAME)
    assert minutes.read_bytes().startswith(b"%PDF-1.4")
    deleted = demo.delete_conduct(units_of(province))
    assert deleted > 100
    assert not ConductCode.objects.exists() and not ConductRule.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="conduct.").exists()
    assert not minutes.exists()
    demo.build_conduct(units_of(province), random.Random(7))
    assert snapshot(province) == first


def test_the_build_writes_in_bulk(province, django_assert_max_num_queries):
    units = list(units_of(province))
    # Per level of the tree: a bulk insert of codes, one of rules, one of history (and their batches).
    with django_assert_max_num_queries(20):
        demo.build_conduct(units, random.Random(2026))


@pytest.mark.parametrize(
    ("name", "work"),
    [
        ("Chi bộ Ấp Long Hòa", "residential"),
        ("Chi bộ Khóm 3", "residential"),
        ("Chi bộ Trường THCS Nguyễn Trãi", "school"),
        ("Chi bộ Trường Mầm non Sơn Ca", "preschool"),
        ("Chi bộ Trạm Y tế phường Châu Đốc", "health"),
        ("Chi bộ Khoa Nội", "health"),
        ("Chi bộ Công an xã Mỹ Hòa Hưng", "police"),
        ("Chi bộ Đồn Biên phòng Vĩnh Xương", "border"),
        ("Chi bộ Đại đội Trinh sát", "military"),
        ("Chi bộ Báo và Phát thanh, Truyền hình An Giang", "press"),
        ("Chi bộ Mặt trận Tổ quốc và các đoàn thể", "front"),
        ("Chi bộ Sở Tài chính", "government"),
        ("Chi bộ Ban Tổ chức Tỉnh ủy", "party"),
        ("Chi bộ Văn thư lưu trữ", "other"),
    ],
)
def test_the_kind_of_work_is_read_from_the_name(name, work):
    assert demo.work_of(Unit(name=name)) == work


def test_another_seed_gives_other_codes(province):
    first = demo.build_conduct(units_of(province), random.Random(1))
    one = snapshot(province)
    demo.delete_conduct(units_of(province))
    second = demo.build_conduct(units_of(province), random.Random(2))
    assert snapshot(province) != one
    missing = {u.code for u in units_of(province)} - set(
        ConductCode.objects.values_list("unit__code", flat=True)
    )
    assert first.codes + first.missing == second.codes + second.missing
    assert missing
