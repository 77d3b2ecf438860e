"""Vietnamese identity numbers: CCCD, party card, phone. Messages name the field, in Vietnamese."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lamtheo.people import validators
from lamtheo.people.validators import clean_national_id, clean_party_card_number, clean_phone


def error_of(function, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        function(*args, **kwargs)
    return error.value


class TestNationalId:
    def test_every_province_of_the_63_has_a_code(self):
        assert len(validators.CCCD_PROVINCE_CODES) == 63
        assert {"001", "079", "089", "096"} <= validators.CCCD_PROVINCE_CODES

    @pytest.mark.parametrize(
        "typed", ["089185000123", "089 185 000 123", "089.185.000.123", "089-185-000123"]
    )
    def test_accepts_and_strips_separators(self, typed):
        assert clean_national_id(typed) == "089185000123"

    @pytest.mark.parametrize("value", ["08918500012", "0891850001234", "08918500012a", ""])
    def test_twelve_digits(self, value):
        error = error_of(clean_national_id, value)
        assert error.messages == ["Số CCCD phải gồm đúng 12 chữ số."]
        assert error.code == "cccd_format"

    def test_province_code(self):
        error = error_of(clean_national_id, "003185000123")
        assert error.messages == ["Số CCCD 003185000123 có mã tỉnh nơi đăng ký khai sinh 003 không hợp lệ."]

    @pytest.mark.parametrize(
        ("value", "gender", "born"),
        [
            ("089085000123", "nam", 1985),  # 0: man born 1900–1999
            ("089185000123", "nu", 1985),  # 1: woman born 1900–1999
            ("089201000123", "nam", 2001),  # 2: man born 2000–2099
            ("089399000123", "nu", 2099),  # 3: woman born 2000–2099 (the clock below is set to 2100)
        ],
    )
    def test_century_and_gender_digit(self, value, gender, born):
        with time_machine.travel(datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)):
            assert clean_national_id(value, gender=gender, date_of_birth=datetime.date(born, 6, 1)) == value

    def test_birth_year_must_match(self):
        error = error_of(clean_national_id, "089185000123", date_of_birth=datetime.date(1986, 3, 2))
        assert error.messages == ["Số CCCD 089185000123 không khớp với năm sinh 1986."]
        # Same two digits, wrong century: 1 means 1900s.
        error = error_of(clean_national_id, "089185000123", date_of_birth=datetime.date(2085, 3, 2))
        assert error.code == "cccd_year"

    def test_gender_must_match(self):
        error = error_of(clean_national_id, "089185000123", gender="nam")
        assert error.messages == ["Số CCCD 089185000123 không khớp với giới tính."]
        error = error_of(clean_national_id, "089085000123", gender="nu")
        assert error.code == "cccd_gender"

    @time_machine.travel(datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    def test_a_birth_year_still_to_come_is_refused(self):
        error = error_of(clean_national_id, "089230000123")  # man born 2030
        assert error.messages == ["Số CCCD 089230000123 ứng với năm sinh 2030 trong tương lai, không hợp lệ."]
        error = error_of(clean_national_id, "089485000123")  # digit 4: born in the 2100s
        assert error.code == "cccd_year"
        assert clean_national_id("089226000123") == "089226000123"  # born 2026: fine


class TestPartyCard:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("19012345", "19012345"),
            ("19.012345", "19012345"),
            ("89.012.345", "89012345"),
            ("123456789012", "123456789012"),
        ],
    )
    def test_eight_to_twelve_digits_dots_allowed(self, typed, stored):
        assert clean_party_card_number(typed) == stored

    @pytest.mark.parametrize("value", ["1234567", "1234567890123", "19.01234A", "abcdefgh"])
    def test_refused(self, value):
        assert error_of(clean_party_card_number, value).messages == [
            "Số thẻ đảng viên phải gồm từ 8 đến 12 chữ số."
        ]


class TestPhone:
    @pytest.mark.parametrize(
        "typed",
        ["0912345678", "+84912345678", "+84 912 345 678", "84912345678", "0912.345.678", "(+84) 912-345-678"],
    )
    def test_normalised_to_ten_digits_from_zero(self, typed):
        assert clean_phone(typed) == "0912345678"

    @pytest.mark.parametrize(
        "value", ["091234567", "09123456789", "1912345678", "+85912345678", "số điện thoại"]
    )
    def test_refused(self, value):
        assert error_of(clean_phone, value).messages == ["Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."]


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("89.012.345", "89012345"),
        ("089 185 000 123", "089185000123"),
        ("+84 912 345 678", "0912345678"),
        ("nguyen thi kim ngoc", "nguyen thi kim ngoc"),
        ("84123456789", "84123456789"),  # without "+", eleven digits may well be a card number
    ],
)
def test_search_joins_digit_groups(typed, searched):
    assert validators.join_digit_groups(typed) == searched
