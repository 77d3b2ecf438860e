"""What the demo province is made of: kinds of chi bộ, their people, and the names of places and bodies.

The lists themselves are data, in `data/catalogue.yaml`; this module reads them once and gives them their shapes.
`builder.py` draws from them with a seeded random generator. Job titles and unit names follow the
2025 organisation (no district level; Ban Tuyên giáo và Dân vận; commune offices "Văn phòng Đảng ủy", "Ban Xây
dựng Đảng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công"). `{xa}` in a
template is the commune's division word: "xã", "phường" or "đặc khu".
"""

from dataclasses import dataclass

from lamtheo.demo.data import load
from lamtheo.demo.names import words
from lamtheo.people.models import Position

Pos = Position.Kind

PROVINCE_CODE = 91  # An Giang in vietnam-provinces (2025 boundaries: former An Giang and Kiên Giang)
# Ward codes below this belonged to the former An Giang (CCCD and party cards "089"), from it to Kiên Giang ("091").
FIRST_KIEN_GIANG_WARD = 30742

# The default demo: a dozen communes of every kind, the merged one first so that even a tiny build has it.
SMALL_COMMUNES = (30643, 30307, 31078, 30313, 30316, 30544, 30742, 30688, 30376, 30628, 30769, 30952)

# The one merge the demo shows. The package has no pre-2025 communes, so they are named here: the commune of
# Cù Lao Giêng was formed on 01/07/2025 from the communes of the island (Tấn Mỹ, Mỹ Hiệp and Bình Phước Xuân
# of the former huyện Chợ Mới); the demo keeps two of them, each with its own hamlets and offices.
MERGE_TARGET = 30643
MERGED_COMMUNES = (("TANMY", "Tấn Mỹ"), ("MYHIEP", "Mỹ Hiệp"))

# Communes with a large Khmer population, with the share of Khmer names among their people.
KHMER_SHARE = {
    **dict.fromkeys((30544, 30547, 30577, 30580), 0.35),  # Tri Tôn, Ba Chúc, Ô Lâm, Cô Tô
    **dict.fromkeys((30520, 30502, 30505, 30526, 30538, 30568), 0.2),  # Tịnh Biên, Thới Sơn, Chi Lăng, ...
    **dict.fromkeys(
        (30952, 30958, 30970, 30982, 30904, 30949, 30928, 30880, 30898, 30985), 0.15
    ),  # Gò Quao...
}

# Birth registration codes of neighbouring provinces, for people born elsewhere (CCCD prefix).
OTHER_BIRTH_PROVINCES = ("079", "087", "092", "093", "094", "096", "086", "080", "083", "084")


@dataclass(frozen=True)
class CellKind:
    """A kind of chi bộ and the people in it."""

    key: str
    name: str
    size: tuple[int, int]  # people, before --people-per-cell scales it
    female: float  # share of women
    non_members: float  # share of non-member officials (cán bộ, công chức, viên chức)
    ages: tuple[int, int]
    head: str = ""  # the head of the agency (người đứng đầu)
    deputy: str = ""
    staff: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()  # committee leaders who belong to this chi bộ, created first
    key_cadre: bool = False  # the head is a key cadre (cán bộ chủ chốt) of the committee
    committee_member: bool = False  # the head sits on the committee (cấp ủy viên)


def _tuples(value):
    """Lists as tuples, all the way down: the shapes below are frozen (and hashable)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


_DATA = _tuples(load("catalogue"))
RESIDENTIAL = CellKind(**_DATA["residential"])
COMMUNE_OFFICES = tuple(CellKind(**kind) for kind in _DATA["commune_offices"])
# Schools: (kind, how many a commune has, at least and at most).
SCHOOLS = tuple(
    (CellKind(**{k: v for k, v in school.items() if k != "count"}), school["count"])
    for school in _DATA["schools"]
)
SCHOOL_NAMESAKES = _DATA["school_namesakes"]
PRESCHOOL_NAMES = _DATA["preschool_names"]
HAMLET_FIRST = words(_DATA["hamlet_first"])
HAMLET_SECOND = words(_DATA["hamlet_second"])
HAMLET_LAND = _DATA["hamlet_land"]


@dataclass(frozen=True)
class Agency:
    """A provincial agency committee (Đảng ủy cơ quan / khối) and its chi bộ: (name, head, deputy) each."""

    code: str
    name: str
    cells: tuple[tuple[str, str, str], ...]
    staff: tuple[str, ...]
    size: tuple[int, int] = (12, 40)
    female: float = 0.45
    non_members: float = 0.3
    ages: tuple[int, int] = (24, 60)
    full_only: bool = False  # only in the full-scale province


RENAMED_CELL = _DATA["renamed_cell"]
AGENCIES = tuple(Agency(**agency) for agency in _DATA["agencies"])
HOSPITALS = _DATA["hospitals"]
HOSPITAL_DEPARTMENTS = _DATA["hospital_departments"]
HOSPITAL_STAFF = _DATA["hospital_staff"]
TRANSFER_NOTES = _DATA["transfer_notes"]
# Who leads each provincial agency, sitting in its first chi bộ: (job title, [(where, position), ...]).
AGENCY_LEADERS = {
    code: tuple(
        (leader["title"], [(where, Pos(kind)) for where, kind in leader["positions"]]) for leader in leaders
    )
    for code, leaders in _DATA["agency_leaders"].items()
}
