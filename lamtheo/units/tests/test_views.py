"""Unit pages (lamtheo/units/views.py): right persona, 404 outside, 403 without the role, no query per row."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.models import Person
from lamtheo.people.tests.factories import make_person
from lamtheo.testing import unit
from lamtheo.units.models import Unit, UnitName
from lamtheo.units.tests.factories import make_unit

pytestmark = pytest.mark.django_db


def names_in_table(html):
    """The people's names, in the order the table lists them."""
    return re.findall(r'<td><a href="/nguoi/\d+/">([^<]+)</a></td>', html)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def user_with(*roles):
    user = User.objects.create_user("nguoi-thu", "", "x")
    for role, code in roles:
        RoleAssignment.objects.create(user=user, role=role, unit=unit(code))
    return user


class TestIndex:
    @pytest.mark.parametrize(
        ("persona", "root"),
        [("admin", "Tỉnh ủy An Giang"), ("member", "Chi bộ Ấp Long Hòa"), ("outsider", "Chi bộ Khóm 1")],
    )
    def test_starts_at_the_units_the_roles_cover(self, login, request, persona, root):
        html = login(request.getfixturevalue(persona)).get(reverse("units:index")).content.decode()
        assert root in html
        assert ("Tỉnh ủy An Giang" in html) == (persona == "admin")

    def test_children_fragment_queries_do_not_grow(self, login, admin, django_assert_max_num_queries):
        commune = make_unit(unit("TU"), "XA", "Đảng ủy xã Thử", Unit.Kind.COMMUNE_COMMITTEE)
        for i in range(5):
            make_unit(commune, f"XA-{i:02d}")
        client = login(admin)
        url = reverse("units:children", args=[commune.pk])
        with_five = queries_for(client, url)
        for i in range(5, 40):
            make_unit(commune, f"XA-{i:02d}")
        with django_assert_max_num_queries(with_five):
            assert client.get(url).content.decode().count("<li>") == 40

    def test_children_fragment(self, login, commune_leader, outsider):
        url = reverse("units:children", args=[unit("LB").pk])
        html = login(commune_leader).get(url).content.decode()
        assert "Chi bộ Ấp Long Hòa" in html and "Chi bộ Ấp Long Thạnh" in html
        assert "<html" not in html
        assert login(outsider).get(url).status_code == 404


class TestDetail:
    def test_children_with_their_counts(self, login, province_staff):
        response = login(province_staff).get(reverse("units:detail", args=[unit("TU").pk]))
        children = {child.code: child for child in response.context["active_children"]}
        assert set(children) == {"LB", "CD"}
        assert (children["LB"].cell_count, children["LB"].member_count, children["LB"].non_member_count) == (
            2,
            2,
            1,
        )
        assert (children["CD"].cell_count, children["CD"].member_count, children["CD"].non_member_count) == (
            1,
            1,
            0,
        )

    def test_a_cell_shows_its_people(self, login, secretary):
        response = login(secretary).get(reverse("units:detail", args=[unit("LB-01").pk]))
        assert names_in_table(response.content.decode()) == [
            "Trần Thị Ánh",
            "Nguyễn Thị Kim Ngọc",
            "Lê Văn Tám",
        ]

    def test_a_member_sees_only_themself_on_their_unit(self, login, member):
        response = login(member).get(reverse("units:detail", args=[unit("LB-01").pk]))
        assert names_in_table(response.content.decode()) == ["Nguyễn Thị Kim Ngọc"]

    def test_outside_is_404(self, login, outsider, member):
        assert login(outsider).get(reverse("units:detail", args=[unit("LB").pk])).status_code == 404
        assert login(member).get(reverse("units:detail", args=[unit("LB-02").pk])).status_code == 404

    @pytest.mark.parametrize(
        ("persona", "edit", "restructure"),
        [("admin", True, True), ("secretary", True, False), ("commune_leader", False, False)],
    )
    def test_actions_offered_by_role(self, login, request, persona, edit, restructure):
        cell = unit("LB-01")
        html = (
            login(request.getfixturevalue(persona))
            .get(reverse("units:detail", args=[cell.pk]))
            .content.decode()
        )
        assert (reverse("people:create", args=[cell.pk]) in html) == edit
        assert (reverse("units:merge", args=[cell.pk]) in html) == restructure

    def test_shows_former_names_and_closed_sub_units(self, login, admin):
        cell = unit("LB-02")
        UnitName.objects.create(unit=cell, name="Chi bộ Ấp Thạnh Cũ", valid_to=datetime.date(2020, 1, 1))
        make_unit(
            cell, "LB-02-T", "Tổ đảng Đã Giải Thể", Unit.Kind.GROUP, active_to=datetime.date(2024, 5, 1)
        )
        response = login(admin).get(reverse("units:detail", args=[cell.pk]))
        html = response.content.decode()
        assert "Chi bộ Ấp Thạnh Cũ" in html
        assert [c.code for c in response.context["closed_children"]] == ["LB-02-T"]
        assert "01/05/2024" in html

    def test_queries_do_not_grow_with_sub_units(self, login, admin, django_assert_max_num_queries):
        commune = make_unit(unit("TU"), "XA", "Đảng ủy xã Thử", Unit.Kind.COMMUNE_COMMITTEE)
        cells = [make_unit(commune, f"XA-{i:02d}") for i in range(5)]
        for cell in cells:
            make_person(cell, f"Đảng Viên {cell.code}")
        client = login(admin)
        url = reverse("units:detail", args=[commune.pk])
        with_five = queries_for(client, url)
        for i in range(5, 40):
            make_person(make_unit(commune, f"XA-{i:02d}"), f"Đảng Viên {i}")
        with django_assert_max_num_queries(with_five):
            response = client.get(url)
        assert len(response.context["active_children"]) == 40
        assert all(
            child.member_count == child.cell_count == 1 for child in response.context["active_children"]
        )

    def test_queries_do_not_grow_with_people(self, login, admin, django_assert_max_num_queries):
        cell = unit("LB-02")
        for i in range(5):
            make_person(cell, f"Người Số {i}")
        client = login(admin)
        url = reverse("units:detail", args=[cell.pk])
        with_five = queries_for(client, url)
        for i in range(5, 40):
            make_person(cell, f"Người Số {i}")
        with django_assert_max_num_queries(with_five):
            assert len(names_in_table(client.get(url).content.decode())) == 40


class TestSearch:
    def search(self, client, query, **headers):
        return client.get(reverse("units:search"), {"q": query}, **headers)

    @pytest.mark.parametrize(
        "query",
        [
            "nguyen thi kim ngoc",
            "NGUYEN  THI   KIM NGOC",
            "kim ngoc",
            "89012345",
            "89.012.345",
            "089185000123",
        ],
    )
    def test_finds_a_person_by_name_without_accents_card_or_id(self, login, secretary, query):
        response = self.search(login(secretary), query)
        assert [p.full_name for p in response.context["people"]] == ["Nguyễn Thị Kim Ngọc"]

    def test_finds_a_unit_without_accents(self, login, commune_leader):
        response = self.search(login(commune_leader), "dang uy xa long binh")
        assert [u.code for u in response.context["units"]] == ["LB"]

    def test_stays_in_scope(self, login, outsider):
        response = self.search(login(outsider), "long binh")
        assert response.context["units"] == [] and response.context["people"] == []
        response = self.search(login(outsider), "binh")
        assert [p.full_name for p in response.context["people"]] == ["Võ Văn Bình"]

    def test_queries_do_not_grow_with_results(self, login, admin, django_assert_max_num_queries):
        for i in range(5):
            make_person(unit("LB-02"), f"Thử Văn Tìm {i}")
            make_unit(unit("LB"), f"TT-{i}", f"Chi bộ Thử Tìm {i}")
        client = login(admin)
        url = reverse("units:search") + "?q=thu+tim"
        with_five = queries_for(client, url)
        for i in range(5, 25):
            make_person(unit("LB-02"), f"Thử Văn Tìm {i}")
            make_unit(unit("LB"), f"TT-{i}", f"Chi bộ Thử Tìm {i}")
        with django_assert_max_num_queries(with_five):
            response = client.get(url)
        assert (len(response.context["units"]), len(response.context["people"])) == (25, 25)

    def test_htmx_gets_the_fragment(self, login, secretary):
        html = self.search(login(secretary), "ngoc", HTTP_HX_REQUEST="true").content.decode()
        assert "<html" not in html and "Nguyễn Thị Kim Ngọc" in html


class TestPeopleList:
    NAMES = ["Phạm Văn An", "Đỗ Thị Ân", "Lý Văn Bảo", "Hồ Văn Đức", "Vũ Văn Duy", "Trần Văn Ăn"]

    def url(self, code="LB", **query):
        base = reverse("units:people", args=[unit(code).pk])
        return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def test_sorted_by_given_name_in_vietnamese_order(self, login, commune_leader):
        for name in self.NAMES:
            make_person(unit("LB-02"), name)
        html = login(commune_leader).get(self.url()).content.decode()
        assert names_in_table(html) == [
            "Phạm Văn An",
            "Trần Thị Ánh",  # letters first (a < ă < â), tones only break ties
            "Trần Văn Ăn",
            "Đỗ Thị Ân",
            "Lý Văn Bảo",
            "Vũ Văn Duy",
            "Hồ Văn Đức",
            "Nguyễn Thị Kim Ngọc",
            "Lê Văn Tám",
        ]

    @pytest.mark.parametrize(
        "query", ["nguyen+thi+kim+ngoc", "++NGUYEN+thi++kim+ngoc+", "89012345", "089185000123"]
    )
    def test_search(self, login, commune_leader, query):
        assert names_in_table(login(commune_leader).get(self.url(q=query)).content.decode()) == [
            "Nguyễn Thị Kim Ngọc"
        ]

    def test_filters(self, login, commune_leader):
        make_person(unit("LB-02"), "Hà Văn Đi", status=Person.Status.TRANSFERRED_OUT)
        client = login(commune_leader)
        assert names_in_table(client.get(self.url(party="non_members")).content.decode()) == ["Trần Thị Ánh"]
        assert "Trần Thị Ánh" not in names_in_table(client.get(self.url(party="members")).content.decode())
        assert "Hà Văn Đi" not in names_in_table(client.get(self.url()).content.decode())
        assert "Hà Văn Đi" in names_in_table(client.get(self.url(status="all")).content.decode())

    def test_pages_of_fifty(self, login, admin):
        for i in range(60):
            make_person(unit("LB-02"), f"Người Số {i:02d}")
        client = login(admin)
        assert len(names_in_table(client.get(self.url()).content.decode())) == 50
        assert len(names_in_table(client.get(self.url(page=2)).content.decode())) == 13

    def test_member_sees_only_themself(self, login, member):
        assert names_in_table(login(member).get(self.url("LB-01")).content.decode()) == [
            "Nguyễn Thị Kim Ngọc"
        ]

    def test_outside_is_404(self, login, outsider):
        assert login(outsider).get(self.url()).status_code == 404

    def test_queries_do_not_grow_with_people(self, login, admin, django_assert_max_num_queries):
        cell = make_unit(unit("LB"), "LB-09")
        for i in range(5):
            make_person(cell, f"Người Số {i:02d}")
        client = login(admin)
        url = self.url("LB")
        with_five = queries_for(client, url)
        for i in range(5, 40):
            make_person(cell, f"Người Số {i:02d}")
        with django_assert_max_num_queries(with_five):
            assert len(names_in_table(client.get(url).content.decode())) == 43


class TestExport:
    def test_exports_the_scoped_list(self, login, secretary):
        import openpyxl

        response = login(secretary).get(reverse("units:people_export", args=[unit("LB-01").pk]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
        ).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("STT", "Họ và tên")
        assert [row[1] for row in rows[1:]] == ["Trần Thị Ánh", "Nguyễn Thị Kim Ngọc", "Lê Văn Tám"]

    def test_outside_is_404(self, login, outsider):
        assert login(outsider).get(reverse("units:people_export", args=[unit("LB").pk])).status_code == 404


class TestRename:
    def url(self, code="LB-02"):
        return reverse("units:rename", args=[unit(code).pk])

    def test_admin_renames(self, login, admin):
        client = login(admin)
        assert client.get(self.url()).status_code == 200
        response = client.post(
            self.url(),
            {"name": "Chi bộ Ấp Mỹ Thạnh", "short_name": "", "date": "2025-07-01", "decision": "QĐ 5"},
        )
        assert response.status_code == 302
        cell = unit("LB-02")
        assert cell.name == "Chi bộ Ấp Mỹ Thạnh"
        assert list(cell.former_names.values_list("name", "valid_to")) == [
            ("Chi bộ Ấp Long Thạnh", datetime.date(2025, 7, 1))
        ]
        html = client.get(reverse("units:detail", args=[cell.pk])).content.decode()
        assert "Chi bộ Ấp Long Thạnh" in html and "01/07/2025" in html

    def test_a_date_before_the_last_rename_shows_on_the_field(self, login, admin):
        client = login(admin)
        client.post(self.url(), {"name": "Tên A", "date": "2025-07-01"})
        response = client.post(self.url(), {"name": "Tên B", "date": "2024-01-01"})
        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [
            "Ngày đổi tên phải sau ngày 01/07/2025, khi tên hiện tại bắt đầu được dùng."
        ]
        assert unit("LB-02").name == "Tên A"

    @pytest.mark.parametrize(
        ("persona", "status"), [("province_staff", 403), ("secretary", 403), ("outsider", 404)]
    )
    def test_refused_without_the_role(self, login, request, persona, status):
        response = login(request.getfixturevalue(persona)).post(
            self.url("LB-01"), {"name": "X", "date": "2025-07-01"}
        )
        assert response.status_code == status
        assert unit("LB-01").name == "Chi bộ Ấp Long Hòa"


class TestMerge:
    def test_candidates_are_the_siblings_the_user_administers(self, login, admin):
        response = login(admin).get(reverse("units:merge", args=[unit("LB").pk]))
        assert [u.code for u in response.context["form"].fields["sources"].queryset] == ["CD"]

    def test_seeing_a_sibling_is_not_enough_to_merge_it(self, login):
        user = user_with((Role.SYSTEM_ADMIN, "LB"), (Role.COMMITTEE_STAFF, "TU"))
        client = login(user)
        response = client.get(reverse("units:merge", args=[unit("LB").pk]))
        assert list(response.context["form"].fields["sources"].queryset) == []
        response = client.post(
            reverse("units:merge", args=[unit("LB").pk]), {"sources": [unit("CD").pk], "date": "2025-07-01"}
        )
        assert response.status_code == 200
        assert "sources" in response.context["form"].errors
        assert unit("CD").is_active

    def test_admin_merges(self, login, admin):
        response = login(admin).post(
            reverse("units:merge", args=[unit("LB-01").pk]),
            {"sources": [unit("LB-02").pk], "date": "2025-07-01", "decision": "NQ 01"},
        )
        assert response.status_code == 302
        old = unit("LB-02")
        assert (old.active_to, old.merged_into) == (datetime.date(2025, 7, 1), unit("LB-01"))
        html = login(admin).get(reverse("units:detail", args=[unit("LB-01").pk])).content.decode()
        assert "Chi bộ Ấp Long Thạnh" in html  # listed among the merged units

    @pytest.mark.parametrize(
        ("persona", "status"), [("province_staff", 403), ("commune_leader", 403), ("outsider", 404)]
    )
    def test_refused_without_the_role(self, login, request, persona, status):
        response = login(request.getfixturevalue(persona)).post(
            reverse("units:merge", args=[unit("LB-01").pk]),
            {"sources": [unit("LB-02").pk], "date": "2025-07-01"},
        )
        assert response.status_code == status
        assert unit("LB-02").is_active
