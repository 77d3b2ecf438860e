"""Person: the record's own rules (clean), accent-free search, Vietnamese order."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lamtheo.people.models import Person, Position
from lamtheo.people.tests.factories import make_person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


def person(**fields):
    defaults = {
        "full_name": "Phan Thị Thu",
        "gender": Person.Gender.FEMALE,
        "party_status": Person.PartyStatus.FULL,
        "date_of_birth": datetime.date(1990, 4, 30),
        "date_joined_party": datetime.date(2015, 2, 3),
        "date_official": datetime.date(2016, 2, 3),
        "unit": unit("LB-02"),
    }
    return Person(**{**defaults, **fields})


def errors_of(candidate):
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    return error.value.message_dict


class TestClean:
    def test_a_valid_record_is_normalised(self):
        candidate = person(
            full_name="  Phan   Thị  Thu ",
            national_id="089 190 000 777",
            party_card_number="19.012.999",
            phone="+84 987 654 321",
        )
        candidate.full_clean()
        assert (candidate.full_name, candidate.national_id, candidate.party_card_number, candidate.phone) == (
            "Phan Thị Thu",
            "089190000777",
            "19012999",
            "0987654321",
        )

    def test_blank_identifiers_are_stored_as_null(self):
        candidate = person(national_id="", party_card_number="")
        candidate.full_clean()
        assert (candidate.national_id, candidate.party_card_number) == (None, None)

    def test_a_member_needs_a_date_joined(self):
        assert errors_of(person(date_joined_party=None, date_official=None)) == {
            "date_joined_party": ["Đảng viên phải có ngày vào Đảng."],
            "date_official": ["Đảng viên chính thức phải có ngày chính thức."],
        }

    def test_a_full_member_needs_a_date_official_a_probationary_does_not(self):
        assert errors_of(person(date_official=None)) == {
            "date_official": ["Đảng viên chính thức phải có ngày chính thức."]
        }
        person(party_status=Person.PartyStatus.PROBATIONARY, date_official=None).full_clean()

    def test_a_non_member_has_no_card(self):
        candidate = person(
            party_status=Person.PartyStatus.NON_MEMBER,
            date_joined_party=None,
            date_official=None,
            party_card_number="19012999",
        )
        assert errors_of(candidate) == {
            "party_card_number": ["Người chưa là đảng viên không có số thẻ đảng viên."]
        }

    def test_official_before_joined_is_refused(self):
        assert errors_of(person(date_official=datetime.date(2014, 1, 1))) == {
            "date_official": ["Ngày chính thức không thể trước ngày vào Đảng."]
        }

    def test_joined_before_birth_is_refused(self):
        assert errors_of(person(date_joined_party=datetime.date(1980, 1, 1), date_official=None,
                                party_status=Person.PartyStatus.PROBATIONARY)) == {
            "date_joined_party": ["Ngày vào Đảng phải sau ngày sinh."]
        }  # fmt: skip

    def test_identifier_errors_name_their_field(self):
        errors = errors_of(person(national_id="089085000123", party_card_number="123", phone="12345"))
        assert errors["national_id"] == ["Số CCCD 089085000123 không khớp với năm sinh 1990."]
        assert errors["party_card_number"] == ["Số thẻ đảng viên phải gồm từ 8 đến 12 chữ số."]
        assert errors["phone"] == ["Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."]

    def test_a_name_is_required(self):
        assert "full_name" in errors_of(person(full_name="   "))

    def test_card_and_id_are_unique_once_normalised(self):
        errors = errors_of(
            person(party_card_number="89.012.345", national_id="089 185 000 123", date_of_birth=None)
        )
        assert set(errors) >= {"party_card_number", "national_id"}


class TestSearchAndOrder:
    @pytest.mark.parametrize(
        "query",
        ["nguyen thi kim ngoc", "Nguyễn Thị Kim Ngọc", "NGUYEN THI KIM NGOC", "  nguyen   thi kim  ngoc ", "kim ngoc",
         "89012345", "89.012.345", "089185000123", "089 185 000 123"],
    )  # fmt: skip
    def test_search(self, query):
        assert list(Person.objects.search(query).values_list("full_name", flat=True)) == [
            "Nguyễn Thị Kim Ngọc"
        ]

    def test_search_by_phone_in_its_forms(self):
        make_person(unit("LB-02"), "Đinh Văn Gọi", phone="0912345678")
        for query in ["0912345678", "+84 912 345 678", "0912 345 678"]:
            assert list(Person.objects.search(query).values_list("full_name", flat=True)) == ["Đinh Văn Gọi"]

    def test_search_is_not_fooled_by_d_stroke(self):
        make_person(unit("LB-02"), "Đặng Văn Đông")
        assert Person.objects.search("dang van dong").count() == 1
        assert Person.objects.search("đang văn đông").count() == 1

    def test_sorted_by_given_name_then_the_rest(self):
        for name in ["Trần Văn Bình", "Lê Thị Bình", "Vũ Văn Ba", "Đỗ Văn Đạt", "Ông Văn Dũng"]:
            make_person(unit("CD-01"), name)
        names = list(Person.objects.filter(unit=unit("CD-01")).sorted().values_list("full_name", flat=True))
        assert names == [
            "Vũ Văn Ba",
            "Lê Thị Bình",
            "Trần Văn Bình",
            "Võ Văn Bình",
            "Ông Văn Dũng",
            "Đỗ Văn Đạt",
        ]

    def test_renaming_refreshes_search_and_order(self):
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        ngoc.full_name = "Nguyễn Thị Kim Anh"
        ngoc.save(update_fields=["full_name"])
        assert Person.objects.search("kim anh").get() == ngoc
        assert Person.objects.filter(unit=unit("LB-01")).sorted().first() == ngoc

    def test_members_non_members_active(self):
        make_person(unit("LB-01"), "Hà Văn Đi", status=Person.Status.TRANSFERRED_OUT)
        make_person(unit("LB-01"), "Hà Văn Nghỉ", status=Person.Status.EXEMPT)
        in_cell = Person.objects.filter(unit=unit("LB-01"))
        assert set(in_cell.non_members().values_list("full_name", flat=True)) == {"Trần Thị Ánh"}
        assert "Trần Thị Ánh" not in set(in_cell.members().values_list("full_name", flat=True))
        active = set(in_cell.active().values_list("full_name", flat=True))
        assert "Hà Văn Nghỉ" in active and "Hà Văn Đi" not in active


def test_current_positions():
    tam = Person.objects.get(full_name="Lê Văn Tám")
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    Position.objects.create(
        person=tam,
        unit=unit("LB-01"),
        kind=Position.Kind.DEPUTY_SECRETARY,
        end_date=datetime.date(2020, 1, 1),
    )
    assert [p.kind for p in tam.current_positions()] == [Position.Kind.SECRETARY]
