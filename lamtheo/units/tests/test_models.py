"""The unit tree: subtree in one query at any depth, search without accents, Vietnamese order."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lamtheo.accounts.scoping import subtree_q
from lamtheo.people.models import Person
from lamtheo.people.tests.factories import make_person
from lamtheo.testing import unit
from lamtheo.units.models import Unit
from lamtheo.units.tests.factories import make_chain, make_unit

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


class TestSubtree:
    def test_one_query_whatever_the_depth(self, django_assert_num_queries):
        chain = make_chain(unit("LB-02"), 8)
        bottom = chain[-1]
        assert bottom.depth == unit("LB-02").depth + 8
        long_binh = unit("LB")
        with django_assert_num_queries(1):
            found = codes(Unit.objects.subtree_of(long_binh))
        assert found == {"LB", "LB-01", "LB-02", *(u.code for u in chain)}
        with django_assert_num_queries(1):
            assert codes(Unit.objects.subtree_of(chain[3])) == {u.code for u in chain[3:]}

    def test_people_in_a_subtree_in_one_query(self, django_assert_num_queries):
        chain = make_chain(unit("LB-02"), 8)
        deep = make_person(chain[-1], "Phan Văn Sâu")
        province = unit("TU")
        with django_assert_num_queries(1):
            names = set(Person.objects.in_subtree(province).values_list("full_name", flat=True))
        assert names == {"Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh", "Võ Văn Bình", deep.full_name}
        with django_assert_num_queries(1):
            assert list(Person.objects.in_subtree(chain[5])) == [deep]
        chau_doc = unit("CD")
        with django_assert_num_queries(1):
            assert not Person.objects.in_subtree(chau_doc).filter(pk=deep.pk).exists()

    def test_a_sibling_sharing_a_path_prefix_is_outside(self):
        # Eleven children: paths ...0001 to ...000B, so "...0001" is a prefix-sharing neighbour of "...000A"...
        parent = unit("LB-02")
        children = [make_unit(parent, f"T-{i:02d}") for i in range(1, 12)]
        first, tenth = children[0], children[9]
        assert tenth.path[:-1] == first.path[:-1]
        grandchild = make_unit(first, "T-01-01")
        assert codes(Unit.objects.subtree_of(first)) == {"T-01", "T-01-01"}
        assert codes(Unit.objects.subtree_of(tenth)) == {"T-10"}
        assert grandchild.path.startswith(first.path)

    def test_the_range_is_closed_on_both_ends(self):
        long_hoa = unit("LB-01")
        q = subtree_q(long_hoa.path)
        # The unit itself is the lower end; the next sibling is just past the upper end.
        assert Unit.objects.filter(q, pk=long_hoa.pk).exists()
        assert not Unit.objects.filter(q, code="LB-02").exists()
        assert not Unit.objects.filter(q, code="LB").exists()  # the parent sorts before it

    def test_children_and_ancestors(self, django_assert_num_queries):
        chain = make_chain(unit("LB-02"), 3)
        long_binh, cells = unit("LB"), [unit("LB-01"), unit("LB-02")]
        with django_assert_num_queries(1):
            assert list(Unit.objects.children_of(long_binh).sorted()) == cells
        with django_assert_num_queries(1):
            assert [u.code for u in chain[-1].ancestors()] == [
                "TU",
                "LB",
                "LB-02",
                *(u.code for u in chain[:-1]),
            ]


class TestSearch:
    @pytest.mark.parametrize(
        "query",
        ["dang uy xa long binh", "ĐẢNG ỦY XÃ LONG BÌNH", "  dang   uy  long   binh ", "LONG BINH", "LB"],
    )
    def test_without_accents_any_case_any_spacing(self, query):
        assert "LB" in codes(Unit.objects.search(query))

    def test_every_word_must_match(self):
        assert codes(Unit.objects.search("long binh chau doc")) == set()
        assert codes(Unit.objects.search("chi bo long")) == {"LB-01", "LB-02"}

    def test_a_renamed_unit_is_found_by_its_new_name(self):
        cell = unit("LB-02")
        cell.name = "Chi bộ Ấp Mỹ Hiệp"
        cell.save(update_fields=["name"])
        assert codes(Unit.objects.search("my hiep")) == {"LB-02"}


class TestOrder:
    def test_vietnamese_collation_and_numbers_by_value(self):
        province = unit("TU")
        for code, name in [
            ("O3", "Ấp 10"),
            ("O1", "Ấp 2"),
            ("O2", "Ân Hòa"),
            ("O4", "An Phú"),
            ("O5", "Đông Hải"),
            ("O6", "Dương Hòa"),
            ("O7", "Bình Mỹ"),
        ]:
            make_unit(province, code, name, kind=Unit.Kind.COMMUNE_COMMITTEE)
        names = list(Unit.objects.filter(code__startswith="O").sorted().values_list("name", flat=True))
        assert names == ["An Phú", "Ân Hòa", "Ấp 2", "Ấp 10", "Bình Mỹ", "Dương Hòa", "Đông Hải"]


class TestState:
    def test_active_on_a_date(self):
        cell = unit("LB-02")
        cell.active_from, cell.active_to = datetime.date(2010, 1, 1), datetime.date(2025, 7, 1)
        cell.save(update_fields=["active_from", "active_to"])
        assert "LB-02" in codes(Unit.objects.active(on=datetime.date(2025, 6, 30)))
        assert "LB-02" not in codes(Unit.objects.active(on=datetime.date(2025, 7, 1)))
        assert "LB-02" not in codes(Unit.objects.active(on=datetime.date(2009, 12, 31)))
        assert "LB-02" not in codes(Unit.objects.active())
        assert not unit("LB-02").is_active

    def test_closing_before_opening_is_refused_in_vietnamese(self):
        cell = unit("LB-02")
        cell.active_from, cell.active_to = datetime.date(2020, 1, 1), datetime.date(2019, 1, 1)
        with pytest.raises(ValidationError) as error:
            cell.full_clean()
        assert error.value.message_dict["active_to"] == [
            "Ngày ngừng hoạt động không thể trước ngày bắt đầu hoạt động."
        ]

    def test_committee_kinds(self):
        assert unit("LB").is_committee
        assert not unit("LB-01").is_committee
