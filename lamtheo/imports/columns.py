"""The columns an import understands: headers (with the names the membership database uses), how a cell is read,
and the text of the template's notes sheet.

Headers match whatever their accents, case, a trailing `*` or a note in brackets: `HO VA TEN`, `Họ và tên (*)`
and `họ và tên` are one column. A cell parser returns the clean value or raises `CellError` with a message for
the user; the record-level rules (a member needs a date joined, ...) stay on the model (`Person.clean`).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from lamtheo.lib import vn
from lamtheo.lib.text import clean
from lamtheo.people.models import Person
from lamtheo.people.validators import digits_only
from lamtheo.units.models import Unit


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user next to its row and column."""

    @property
    def message(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Column:
    key: str  # the name the importer uses (a model field where there is one)
    header: str  # as written in the template
    parse: Callable[[Any], Any]
    aliases: tuple[str, ...] = ()  # other headers meaning the same (the membership database's, older ones)
    required: bool = False  # the file must have this column
    help: str = ""  # for the template's notes sheet
    example: Any = None
    ignored: bool = False  # recognised, then not read (STT)
    names: frozenset = field(init=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "names", frozenset(header_key(h) for h in (self.header, *self.aliases)))


def header_key(text) -> str:
    """`Họ và tên (*)` -> `ho va ten`: what two headers must share to be the same column."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", vn.fold(text)).split())


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Cell parsers ---------------------------------------------------------------------------------------------------


def parse_text(value, max_length: int) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = vn.short_date(value)
    text = " ".join(clean(str(value), multiline=False).split())
    if len(text) > max_length:
        raise CellError(
            _("Dài %(length)s ký tự; tối đa %(max)s ký tự.")
            % {"length": vn.number(len(text)), "max": max_length}
        )
    return text


def text(max_length: int) -> Callable[[Any], str]:
    def parse(value):
        return parse_text(value, max_length)

    return parse


def parse_identifier(value, *, length: int | None = None) -> str:
    """Digits of an identifier as text. Excel turns `089185000123` into the number 89185000123: the leading zero
    it dropped comes back when `length` says how long the identifier is."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value)
        if length and len(value) == length - 1:
            value = "0" + value
        return value
    return (
        digits_only(str(value).strip())
        if re.fullmatch(r"[\d\s.\-]+", str(value).strip())
        else str(value).strip()
    )


def identifier(length: int | None = None) -> Callable[[Any], str]:
    def parse(value):
        return parse_identifier(value, length=length)

    return parse


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_FIRST_DAY = datetime.date(1900, 1, 1)


def parse_date(value) -> datetime.date | None:
    """A real Excel date, `19/05/1990`, `19/5/1990`, `19-05-1990` or `1990-05-19` (a time part is ignored)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 3000 < value < 80000:
        return from_excel(value).date()  # an Excel date that lost its format
    raw = str(value).strip()
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.fullmatch(raw):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(
            _("«%(value)s» không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 19/05/1990.") % {"value": raw}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("Ngày «%(value)s» không có thật.") % {"value": raw}) from None


def parse_past_date(value) -> datetime.date | None:
    date = parse_date(value)
    if date is not None and not _FIRST_DAY <= date <= datetime.date.today():
        raise CellError(
            _("Ngày %(date)s nằm ngoài khoảng từ 01/01/1900 đến hôm nay.") % {"date": vn.short_date(date)}
        )
    return date


def choice(values: dict[str, str], allowed: str, *, blank: str = "") -> Callable[[Any], str]:
    """A value given by its label, its code or a usual synonym (accents and case do not matter)."""
    by_key = {header_key(name): code for name, code in values.items()}
    seen = {}  # a column holds a handful of distinct values: fold each once

    def parse(value):
        if value in seen:
            return seen[value]
        if is_blank(value):
            return blank
        key = header_key(value)
        if key not in by_key:
            raise CellError(
                _("Giá trị «%(value)s» không hợp lệ; hãy ghi %(allowed)s.")
                % {"value": str(value).strip(), "allowed": allowed}
            )
        if len(seen) < 1000:
            seen[value] = by_key[key]
        return by_key[key]

    return parse


def parse_email(value) -> str:
    email = parse_text(value, 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CellError(_("Địa chỉ thư điện tử «%(value)s» không hợp lệ.") % {"value": email}) from None
    return email


def _labels(choices) -> dict[str, str]:
    """Every label and code of a TextChoices, to accept either."""
    return {
        **{str(label): code for code, label in choices.choices},
        **{code: code for code in choices.values},
    }


GENDERS = {**_labels(Person.Gender), "Nữ giới": "nu", "Nam giới": "nam"}
PARTY_STATUSES = {
    **_labels(Person.PartyStatus),
    "Chính thức": Person.PartyStatus.FULL,
    "ĐVCT": Person.PartyStatus.FULL,
    "Dự bị": Person.PartyStatus.PROBATIONARY,
    "ĐVDB": Person.PartyStatus.PROBATIONARY,
    "Quần chúng": Person.PartyStatus.NON_MEMBER,
    "Không": Person.PartyStatus.NON_MEMBER,
}
STATUSES = {
    **_labels(Person.Status),
    "Chuyển đi": Person.Status.TRANSFERRED_OUT,
    "Đã chuyển sinh hoạt": Person.Status.TRANSFERRED_OUT,
    "Đã từ trần": Person.Status.DECEASED,
    "Từ trần": Person.Status.DECEASED,
    "Ra khỏi Đảng": Person.Status.LEFT,
    "Thôi việc": Person.Status.LEFT,
    "Miễn sinh hoạt": Person.Status.EXEMPT,
    "Miễn công tác và sinh hoạt đảng": Person.Status.EXEMPT,
}
UNIT_KINDS = {
    **_labels(Unit.Kind),
    "Tỉnh ủy": Unit.Kind.PROVINCE_COMMITTEE,
    "Thành ủy": Unit.Kind.PROVINCE_COMMITTEE,
    "Huyện ủy": Unit.Kind.DISTRICT_COMMITTEE,
    "Quận ủy": Unit.Kind.DISTRICT_COMMITTEE,
    "Thị ủy": Unit.Kind.DISTRICT_COMMITTEE,
    "Đảng ủy xã": Unit.Kind.COMMUNE_COMMITTEE,
    "Đảng ủy phường": Unit.Kind.COMMUNE_COMMITTEE,
    "Đảng ủy đặc khu": Unit.Kind.COMMUNE_COMMITTEE,
    "Đảng bộ xã": Unit.Kind.COMMUNE_COMMITTEE,
    "Đảng bộ phường": Unit.Kind.COMMUNE_COMMITTEE,
    "Đảng ủy cơ sở": Unit.Kind.GRASSROOTS_COMMITTEE,
    "Đảng bộ cơ sở": Unit.Kind.GRASSROOTS_COMMITTEE,
    "Đảng ủy cơ quan": Unit.Kind.AGENCY_COMMITTEE,
    "Đảng ủy khối": Unit.Kind.AGENCY_COMMITTEE,
    "Chi bộ cơ sở": Unit.Kind.GRASSROOTS_CELL,
    "Chi bộ trực thuộc": Unit.Kind.CELL,
    "Chi bộ": Unit.Kind.CELL,
    "Tổ đảng": Unit.Kind.GROUP,
}


def _field_length(model, name) -> int:
    return model._meta.get_field(name).max_length


# The template's sample rows: left in a filled template, they are skipped rather than imported.
SAMPLE_NATIONAL_ID = "089085000999"
SAMPLE_UNIT_CODE = "VD-MAU-01"

PEOPLE_COLUMNS = (
    Column("row_number", "STT", str, aliases=("Số thứ tự", "TT"), ignored=True),
    Column(
        "full_name",
        "Họ và tên",
        text(_field_length(Person, "full_name")),
        aliases=("Họ tên", "Họ và tên đảng viên", "Họ và tên khai sinh"),
        required=True,
        help=gettext_lazy("Bắt buộc. Họ, tên đệm và tên, viết có dấu."),
        example="Nguyễn Văn Mẫu",
    ),
    Column(
        "gender",
        "Giới tính",
        choice(GENDERS, gettext_lazy("«Nam» hoặc «Nữ»")),
        aliases=("Phái",),
        help=gettext_lazy("«Nam» hoặc «Nữ»."),
        example="Nam",
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        parse_past_date,
        aliases=("Ngày tháng năm sinh", "Sinh ngày"),
        help=gettext_lazy("Ngày/tháng/năm, ví dụ 19/05/1985 (hoặc ô kiểu ngày của Excel)."),
        example=datetime.date(1985, 5, 19),
    ),
    Column(
        "national_id",
        "Số CCCD",
        identifier(12),
        aliases=(
            "Số định danh cá nhân",
            "CCCD",
            "Số căn cước",
            "Số căn cước công dân",
            "Số CCCD/Định danh",
            "Số định danh",
        ),
        help=gettext_lazy(
            "12 chữ số; phải khớp giới tính và năm sinh. Dùng để nhận ra người đã có khi không có số thẻ đảng viên."
        ),
        example=SAMPLE_NATIONAL_ID,
    ),
    Column(
        "phone",
        "Số điện thoại",
        identifier(10),
        aliases=("Điện thoại", "SĐT", "Điện thoại di động"),
        help=gettext_lazy("10 chữ số, bắt đầu bằng 0."),
        example="0912345678",
    ),
    Column(
        "email",
        "Thư điện tử",
        parse_email,
        aliases=("Email", "E-mail"),
        help=gettext_lazy("Không bắt buộc."),
        example="",
    ),
    Column(
        "party_status",
        "Đảng tịch",
        choice(
            PARTY_STATUSES,
            gettext_lazy("«Chính thức», «Dự bị» hoặc để trống (chưa là đảng viên)"),
            blank=Person.PartyStatus.NON_MEMBER,
        ),
        aliases=("Loại đảng viên", "Đảng viên"),
        help=gettext_lazy(
            "«Chính thức» hoặc «Dự bị»; để trống hoặc ghi «Quần chúng» nếu chưa là đảng viên. Tệp không có cột này "
            "thì suy ra từ ngày vào Đảng và ngày chính thức."
        ),
        example="Chính thức",
    ),
    Column(
        "party_card_number",
        "Số thẻ đảng viên",
        identifier(),
        aliases=("Số thẻ đảng", "Số thẻ ĐV", "Số thẻ"),
        help=gettext_lazy(
            "8 đến 12 chữ số (ghi 19.012345 hay 19012345 đều được). Dùng trước tiên để nhận ra người đã có."
        ),
        example="89.000999",
    ),
    Column(
        "date_joined_party",
        "Ngày vào Đảng",
        parse_past_date,
        aliases=("Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày vào đảng"),
        help=gettext_lazy("Bắt buộc với đảng viên."),
        example=datetime.date(2010, 5, 19),
    ),
    Column(
        "date_official",
        "Ngày chính thức",
        parse_past_date,
        aliases=("Ngày công nhận chính thức", "Ngày chuyển chính thức", "Ngày đảng viên chính thức"),
        help=gettext_lazy("Bắt buộc với đảng viên chính thức; không trước ngày vào Đảng."),
        example=datetime.date(2011, 5, 19),
    ),
    Column(
        "job_title",
        "Chức danh",
        text(_field_length(Person, "job_title")),
        aliases=("Chức vụ", "Chức danh công tác", "Chức vụ chính quyền", "Nghề nghiệp"),
        help=gettext_lazy("Chức danh công tác, ví dụ «Công chức văn phòng - thống kê»."),
        example="Trưởng ấp",
    ),
    Column(
        "status",
        "Tình trạng",
        choice(
            STATUSES,
            gettext_lazy(
                "«Đang sinh hoạt», «Miễn sinh hoạt», «Đã chuyển đi», «Từ trần» hoặc «Ra khỏi "
                "Đảng / thôi việc»"
            ),
        ),
        aliases=("Tình trạng sinh hoạt", "Trạng thái"),
        help=gettext_lazy(
            "«Đang sinh hoạt», «Miễn sinh hoạt», «Đã chuyển đi», «Từ trần» hoặc «Ra khỏi Đảng / thôi việc». Để "
            "trống: người mới là «Đang sinh hoạt», người đã có giữ nguyên."
        ),
        example="Đang sinh hoạt",
    ),
    Column(
        "unit_code",
        "Mã chi bộ",
        text(_field_length(Unit, "code")),
        aliases=("Mã đơn vị", "Mã tổ chức đảng", "Mã chi bộ sinh hoạt", "Mã đơn vị sinh hoạt"),
        help=gettext_lazy(
            "Mã của chi bộ (hoặc đơn vị) nơi người này sinh hoạt, trong đơn vị được chọn khi nhập; xem trang "
            "«Danh sách đơn vị». Để trống cả mã và tên: người mới vào đơn vị được chọn, người đã có giữ nguyên."
        ),
        example="LB-01",
    ),
    Column(
        "unit_name",
        "Chi bộ",
        text(_field_length(Unit, "name")),
        aliases=("Tên chi bộ", "Chi bộ sinh hoạt", "Đơn vị sinh hoạt", "Tổ chức đảng", "Tên đơn vị"),
        help=gettext_lazy(
            "Tên chi bộ, dùng khi không có mã: phải đúng tên một đơn vị duy nhất trong đơn vị được chọn khi nhập."
        ),
        example="Chi bộ Ấp Long Hòa",
    ),
)

UNIT_COLUMNS = (
    Column("row_number", "STT", str, aliases=("Số thứ tự", "TT"), ignored=True),
    Column(
        "code",
        "Mã đơn vị",
        text(_field_length(Unit, "code")),
        aliases=("Mã tổ chức đảng", "Mã"),
        required=True,
        help=gettext_lazy("Bắt buộc, không trùng. Đơn vị đã có mã này thì được cập nhật."),
        example=SAMPLE_UNIT_CODE,
    ),
    Column(
        "name",
        "Tên đơn vị",
        text(_field_length(Unit, "name")),
        aliases=("Tên tổ chức đảng", "Tên"),
        required=True,
        help=gettext_lazy("Bắt buộc, tên đầy đủ."),
        example="Chi bộ Ấp Mẫu",
    ),
    Column(
        "short_name",
        "Tên viết tắt",
        text(_field_length(Unit, "short_name")),
        help=gettext_lazy("Không bắt buộc."),
        example="CB Ấp Mẫu",
    ),
    Column(
        "kind",
        "Loại",
        choice(
            UNIT_KINDS, gettext_lazy("một loại tổ chức đảng, ví dụ «Chi bộ trực thuộc» (xem trang Hướng dẫn)")
        ),
        aliases=("Loại đơn vị", "Loại tổ chức", "Loại tổ chức đảng"),
        help=gettext_lazy(
            "Bắt buộc với đơn vị mới: Tỉnh ủy / Thành ủy, Huyện ủy / Quận ủy / Thị ủy, Đảng ủy xã / phường / đặc "
            "khu, Đảng ủy cơ sở, Đảng ủy cơ quan / khối, Chi bộ cơ sở, Chi bộ trực thuộc, Tổ đảng."
        ),
        example="Chi bộ trực thuộc",
    ),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        text(_field_length(Unit, "code")),
        aliases=("Mã cấp trên", "Mã đơn vị cha", "Đơn vị cấp trên"),
        help=gettext_lazy(
            "Mã của đơn vị được chọn khi nhập, của một đơn vị bên trong nó, hoặc của một đơn vị ghi ở dòng trên "
            "trong tệp. Để trống: đơn vị được chọn khi nhập."
        ),
        example="LB",
    ),
    Column(
        "active_from",
        "Hoạt động từ",
        parse_date,
        aliases=("Ngày thành lập", "Ngày hoạt động"),
        help=gettext_lazy("Ngày/tháng/năm, không bắt buộc."),
        example=datetime.date(2025, 7, 1),
    ),
)


@dataclass
class HeaderMatch:
    """Which column of the file holds which field, and the header the user wrote for it."""

    index: dict[str, int]
    header: dict[str, str]
    problems: list[str]


def match_headers(cells, columns) -> HeaderMatch:
    by_name = {name: column for column in columns for name in column.names}
    index, header, problems = {}, {}, []
    for position, cell in enumerate(cells):
        column = by_name.get(header_key(cell)) if not is_blank(cell) else None
        if column is None:
            continue  # a column we do not use (the membership database exports many)
        if column.key in index:
            problems.append(
                _("Cột «%(first)s» và cột «%(second)s» cùng là «%(column)s»; hãy giữ lại một cột.")
                % {"first": header[column.key], "second": str(cell).strip(), "column": column.header}
            )
            continue
        if not column.ignored:
            index[column.key] = position
            header[column.key] = " ".join(str(cell).split())
    for column in columns:
        if column.required and column.key not in index:
            problems.append(_("Tệp thiếu cột «%(column)s».") % {"column": column.header})
    for column in columns:
        header.setdefault(column.key, column.header)
    return HeaderMatch(index, header, problems)


def header_finder(columns) -> Callable[[list], bool]:
    """Whether a row is the header row: it has every required column, or two known columns (then the missing
    required one is reported as such, rather than as a file without a header)."""
    names = {column.key: column.names for column in columns if not column.ignored}
    required = [column.key for column in columns if column.required]

    def is_header(cells) -> bool:
        keys = {header_key(cell) for cell in cells if not is_blank(cell)}
        found = {key for key, column_names in names.items() if keys & column_names}
        return all(key in found for key in required) or len(found) >= 2

    return is_header


def notes_rows(columns) -> list[list]:
    return [
        [
            column.header,
            _("Có") if column.required else "",
            str(column.help),
            ", ".join(column.aliases) if column.aliases else "",
        ]
        for column in columns
        if not column.ignored
    ]


NOTES_HEADERS = (
    gettext_lazy("Cột"),
    gettext_lazy("Bắt buộc"),
    gettext_lazy("Cách ghi"),
    gettext_lazy("Tên cột khác cũng được nhận"),
)


# The template offered for download -------------------------------------------------------------------------------


def template_sheets(columns, units) -> dict:
    """`write_xlsx` arguments for the template: the sheet to fill (header and a sample row), the notes on each
    column, and the units the user may import into with their codes (what `Mã chi bộ` / `Mã đơn vị cấp trên`
    refer to)."""
    used = [column for column in columns if not column.ignored]
    units = list(units[:5000])
    code_by_path = {unit.path: unit.code for unit in units}
    unit_rows = [
        [unit.code, unit.name, unit.get_kind_display(), code_by_path.get(unit.path[: -Unit.steplen], "")]
        for unit in units
    ]
    return {
        "headers": [column.header for column in used],
        "rows": [[column.example for column in used]],
        "sheet_title": _("Danh sách"),
        "more_sheets": [
            (
                _("Hướng dẫn"),
                [str(h) for h in NOTES_HEADERS],
                [
                    *notes_rows(used),
                    [],
                    [
                        _(
                            "Dòng 2 của trang «Danh sách» là dòng mẫu: hãy ghi đè lên hoặc xóa đi (để nguyên thì dòng này được "
                            "bỏ qua). Mỗi người (mỗi đơn vị) một dòng; thứ tự cột không quan trọng; có thể thêm cột khác, cột "
                            "lạ được bỏ qua."
                        )
                    ],
                ],
            ),
            (
                _("Danh sách đơn vị"),
                [_("Mã đơn vị"), _("Tên đơn vị"), _("Loại"), _("Mã đơn vị cấp trên")],
                unit_rows,
            ),
        ],
    }
