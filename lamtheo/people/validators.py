"""Validation of Vietnamese identity numbers. Messages name the field and say what is expected."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Province codes that open a 12-digit citizen ID (CCCD), by place of birth registration (Thông tư 07/2016/TT-BCA).
# fmt: off
CCCD_PROVINCE_CODES = frozenset([
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
    "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
    "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
])
# fmt: on


def digits_only(value: str) -> str:
    """Drop the separators people type inside numbers: spaces, dots, hyphens, brackets."""
    return re.sub(r"[\s.\-()]", "", value or "")


def join_digit_groups(text: str) -> str:
    """`19.012 345` -> `19012345`, `+84 912 345 678` -> `0912345678`; other words are left alone."""
    text = re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", text or "")
    return re.sub(r"(?<!\w)\+84(?=\d{9}\b)", "0", text)


def clean_national_id(
    value: str, *, gender: str | None = None, date_of_birth: datetime.date | None = None
) -> str:
    """A CCCD: 12 digits; province code, then century-and-gender digit, then the two last digits of the birth year."""
    value = digits_only(value)
    if not re.fullmatch(r"\d{12}", value):
        raise ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."), code="cccd_format")
    if value[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _("Số CCCD %(value)s có mã tỉnh nơi đăng ký khai sinh %(code)s không hợp lệ.")
            % {"value": value, "code": value[:3]},
            code="cccd_province",
        )
    # The fourth digit gives century and gender: 0/1 born 1900–1999 (male/female), 2/3 2000–2099, 4/5 2100–...
    century_gender = int(value[3])
    birth_year = 1900 + (century_gender // 2) * 100 + int(value[4:6])
    if date_of_birth is not None and birth_year != date_of_birth.year:
        raise ValidationError(
            _("Số CCCD %(value)s không khớp với năm sinh %(year)s.")
            % {"value": value, "year": date_of_birth.year},
            code="cccd_year",
        )
    if birth_year > timezone.localdate().year:
        raise ValidationError(
            _("Số CCCD %(value)s ứng với năm sinh %(year)s trong tương lai, không hợp lệ.")
            % {"value": value, "year": birth_year},
            code="cccd_year",
        )
    if gender in ("nam", "nu") and century_gender % 2 != (0 if gender == "nam" else 1):
        raise ValidationError(
            _("Số CCCD %(value)s không khớp với giới tính.") % {"value": value}, code="cccd_gender"
        )
    return value


def clean_party_card_number(value: str) -> str:
    """Party card numbers as printed (`19.012345`) or plain; stored as digits only."""
    value = digits_only(value)
    if not re.fullmatch(r"\d{8,12}", value):
        raise ValidationError(_("Số thẻ đảng viên phải gồm từ 8 đến 12 chữ số."), code="card_format")
    return value


def clean_phone(value: str) -> str:
    """Vietnamese phone numbers, stored as `0xxxxxxxxx`."""
    value = digits_only(value).removeprefix("+")
    if value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    if not re.fullmatch(r"0\d{9}", value):
        raise ValidationError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."), code="phone_format")
    return value
