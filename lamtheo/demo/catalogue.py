"""What the demo province is made of: kinds of chi bộ, their people, and the names of places and bodies.

Plain data; `builder.py` draws from it with a seeded random generator. Job titles and unit names follow the
2025 organisation (no district level; Ban Tuyên giáo và Dân vận; commune offices "Văn phòng Đảng ủy", "Ban Xây
dựng Đảng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công"). `{xa}` in a
template is the commune's division word: "xã", "phường" or "đặc khu".
"""

from dataclasses import dataclass

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


RESIDENTIAL = CellKind(
    "residential", "Chi bộ {hamlet}", size=(18, 50), female=0.33, non_members=0, ages=(21, 85)
)

COMMUNE_OFFICES = (
    CellKind(
        "party_office",
        "Chi bộ Cơ quan Đảng ủy",
        size=(8, 16),
        female=0.45,
        non_members=0.1,
        ages=(26, 58),
        leaders=("Bí thư Đảng ủy {xa}", "Phó Bí thư Thường trực Đảng ủy {xa}"),
        head="Chánh Văn phòng Đảng ủy",
        deputy="Phó Chánh Văn phòng Đảng ủy",
        staff=(
            "Trưởng Ban Xây dựng Đảng",
            "Phó Trưởng Ban Xây dựng Đảng",
            "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy",
            "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy",
            "Chuyên viên Văn phòng Đảng ủy",
            "Chuyên viên Ban Xây dựng Đảng",
            "Chuyên viên Ủy ban Kiểm tra Đảng ủy",
        ),
        committee_member=True,
    ),
    CellKind(
        "people_committee",
        "Chi bộ Ủy ban nhân dân {xa}",
        size=(14, 30),
        female=0.45,
        non_members=0.35,
        ages=(24, 59),
        head="Chủ tịch Ủy ban nhân dân {xa}",
        deputy="Phó Chủ tịch Ủy ban nhân dân {xa}",
        staff=(
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "Trưởng phòng Kinh tế",
            "Trưởng phòng Văn hóa - Xã hội",
            "Giám đốc Trung tâm Phục vụ hành chính công",
            "Chuyên viên Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "Chuyên viên Phòng Kinh tế",
            "Chuyên viên Phòng Văn hóa - Xã hội",
            "Chuyên viên Trung tâm Phục vụ hành chính công",
            "Chuyên viên Trung tâm Phục vụ hành chính công",
        ),
        key_cadre=True,
        committee_member=True,
    ),
    CellKind(
        "front",
        "Chi bộ Mặt trận Tổ quốc và các đoàn thể",
        size=(6, 14),
        female=0.5,
        non_members=0.25,
        ages=(24, 59),
        head="Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {xa}",
        deputy="Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {xa}",
        staff=(
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam, Chủ tịch Hội Nông dân",
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam, Chủ tịch Hội Liên hiệp Phụ nữ",
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam, Chủ tịch Hội Cựu chiến binh",
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam, Bí thư Đoàn Thanh niên",
            "Chuyên viên Ủy ban Mặt trận Tổ quốc Việt Nam {xa}",
        ),
        key_cadre=True,
        committee_member=True,
    ),
    CellKind(
        "police",
        "Chi bộ Công an {xa}",
        size=(8, 24),
        female=0.15,
        non_members=0.08,
        ages=(22, 55),
        head="Trưởng Công an {xa}",
        deputy="Phó Trưởng Công an {xa}",
        staff=("Cán bộ Công an {xa}",),
        key_cadre=True,
        committee_member=True,
    ),
    CellKind(
        "military",
        "Chi bộ Quân sự {xa}",
        size=(5, 12),
        female=0.05,
        non_members=0.2,
        ages=(22, 55),
        head="Chỉ huy trưởng Ban Chỉ huy Quân sự {xa}",
        deputy="Chỉ huy phó Ban Chỉ huy Quân sự {xa}",
        staff=("Trợ lý Ban Chỉ huy Quân sự {xa}", "Dân quân thường trực"),
        key_cadre=True,
        committee_member=True,
    ),
    CellKind(
        "health",
        "Chi bộ Trạm Y tế {xa}",
        size=(5, 12),
        female=0.7,
        non_members=0.45,
        ages=(24, 58),
        head="Trạm trưởng Trạm Y tế {xa}",
        deputy="Phó Trạm trưởng Trạm Y tế {xa}",
        staff=("Bác sĩ", "Y sĩ", "Điều dưỡng", "Điều dưỡng", "Hộ sinh", "Dược sĩ"),
    ),
)

# Schools: (kind, how many a commune has, at least and at most).
SCHOOL_STAFF = (
    "Giáo viên",
    "Giáo viên",
    "Giáo viên",
    "Giáo viên",
    "Kế toán",
    "Nhân viên văn thư",
    "Nhân viên y tế",
)
SCHOOLS = (
    (
        CellKind(
            "preschool",
            "Chi bộ Trường Mầm non {school}",
            size=(6, 14),
            female=0.95,
            non_members=0.5,
            ages=(22, 55),
            head="Hiệu trưởng",
            deputy="Phó Hiệu trưởng",
            staff=SCHOOL_STAFF,
        ),
        (1, 4),
    ),
    (
        CellKind(
            "primary",
            "Chi bộ Trường Tiểu học {school}",
            size=(8, 18),
            female=0.75,
            non_members=0.45,
            ages=(23, 59),
            head="Hiệu trưởng",
            deputy="Phó Hiệu trưởng",
            staff=SCHOOL_STAFF,
        ),
        (2, 5),
    ),
    (
        CellKind(
            "lower_secondary",
            "Chi bộ Trường THCS {school}",
            size=(10, 22),
            female=0.65,
            non_members=0.45,
            ages=(23, 59),
            head="Hiệu trưởng",
            deputy="Phó Hiệu trưởng",
            staff=SCHOOL_STAFF,
        ),
        (1, 3),
    ),
    (
        CellKind(
            "upper_secondary",
            "Chi bộ Trường THPT {school}",
            size=(14, 30),
            female=0.6,
            non_members=0.4,
            ages=(24, 60),
            head="Hiệu trưởng",
            deputy="Phó Hiệu trưởng",
            staff=SCHOOL_STAFF,
        ),
        (0, 2),
    ),
)

# Schools are named after their commune ("Trường THCS Mỹ Hòa Hưng", "... Mỹ Hòa Hưng A") or a namesake.
SCHOOL_NAMESAKES = (
    "Nguyễn Trãi",
    "Lê Quý Đôn",
    "Trần Hưng Đạo",
    "Võ Thị Sáu",
    "Nguyễn Du",
    "Lý Tự Trọng",
    "Chu Văn An",
    "Nguyễn Hiền",
    "Tôn Đức Thắng",
    "Nguyễn Thị Minh Khai",
    "Lê Lợi",
    "Quang Trung",
    "Nguyễn Huệ",
    "Phan Bội Châu",
    "Nguyễn Đình Chiểu",
    "Trương Định",
    "Thoại Ngọc Hầu",
    "Bùi Hữu Nghĩa",
    "Lê Văn Tám",
    "Kim Đồng",
    "Nguyễn Văn Trỗi",
    "Huỳnh Thúc Kháng",
    "Nguyễn Trung Trực",
    "Phan Đình Phùng",
    "Mạc Đĩnh Chi",
    "Hoa Sen",
    "Sơn Ca",
    "Họa Mi",
    "Vàng Anh",
    "Măng Non",
    "Tuổi Thơ",
)
PRESCHOOL_NAMES = ("Hoa Sen", "Sơn Ca", "Họa Mi", "Vàng Anh", "Măng Non", "Tuổi Thơ", "Hoa Mai", "Bông Sen")

# Hamlets: southern names are pairs of auspicious words (Long Hòa, Mỹ Phú, Tân Lợi) or names of the land (Kênh
# Mới, Rạch Gòi), sometimes numbered; wards number their khóm.
HAMLET_FIRST = words("An Bình Hòa Long Mỹ Phú Phước Tân Thạnh Thới Vĩnh Hưng Khánh Nhơn Đông Tây Trung Hiệp")
HAMLET_SECOND = words(
    "An Bình Hòa Long Lợi Phú Thạnh Thới Hưng Quới Trung Hiệp Điền Thành Đông Tây Lộc Xuân Hậu Khánh"
)
HAMLET_LAND = (
    "Kênh Mới",
    "Rạch Gòi",
    "Cồn Tiên",
    "Vàm Xáng",
    "Xẻo Dừa",
    "Giồng Cát",
    "Bờ Dâu",
    "Cây Gòn",
    "Bến Đình",
    "Mương Điều",
    "Kênh Đào",
    "Rạch Chanh",
    "Cầu Số 2",
    "Kênh Xáng",
    "Ba Rích",
    "Vàm Nao",
    "Cái Sắn",
    "Bãi Thơm",
    "Cửa Cạn",
    "Gành Gió",
    "Rạch Tràm",
    "Giồng Ông Tố",
    "Kênh Tám Ngàn",
    "Sóc Xoài",
    "Tà Keo",
    "Đất Sét",
)


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


# The body renamed in 2025 (Ban Tuyên giáo and Ban Dân vận became one): built under its old name, renamed by the
# rename action so the old name stays in its history.
RENAMED_CELL = ("Chi bộ Ban Tuyên giáo Tỉnh ủy", "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy")

AGENCIES = (
    Agency(
        "CQD",
        "Đảng ủy các cơ quan Đảng tỉnh",
        cells=(
            ("Chi bộ Văn phòng Tỉnh ủy", "Chánh Văn phòng Tỉnh ủy", "Phó Chánh Văn phòng Tỉnh ủy"),
            ("Chi bộ Ban Tổ chức Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy", "Phó Trưởng Ban Tổ chức Tỉnh ủy"),
            (
                RENAMED_CELL[0],
                "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
                "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
            ),
            (
                "Chi bộ Ủy ban Kiểm tra Tỉnh ủy",
                "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
                "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
            ),
            (
                "Chi bộ Ban Nội chính Tỉnh ủy",
                "Trưởng Ban Nội chính Tỉnh ủy",
                "Phó Trưởng Ban Nội chính Tỉnh ủy",
            ),
            ("Chi bộ Trường Chính trị Tôn Đức Thắng", "Hiệu trưởng", "Phó Hiệu trưởng"),
            ("Chi bộ Báo và Phát thanh, Truyền hình An Giang", "Tổng Biên tập", "Phó Tổng Biên tập"),
            (
                "Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            ),
            (
                "Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
                "Chánh Văn phòng",
                "Phó Chánh Văn phòng",
            ),
            (
                "Chi bộ Cơ quan Đảng ủy các cơ quan Đảng tỉnh",
                "Phó Bí thư Thường trực Đảng ủy các cơ quan Đảng tỉnh",
                "Chánh Văn phòng Đảng ủy",
            ),
        ),
        staff=("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên", "Chuyên viên", "Nhân viên"),
        non_members=0.15,
    ),
    Agency(
        "UBND",
        "Đảng ủy Ủy ban nhân dân tỉnh",
        cells=(
            ("Chi bộ Văn phòng Ủy ban nhân dân tỉnh", "Chánh Văn phòng", "Phó Chánh Văn phòng"),
            *(
                (f"Chi bộ Sở {name}", f"Giám đốc Sở {name}", f"Phó Giám đốc Sở {name}")
                for name in (
                    "Giáo dục và Đào tạo",
                    "Y tế",
                    "Tài chính",
                    "Nội vụ",
                    "Tư pháp",
                    "Công Thương",
                    "Nông nghiệp và Môi trường",
                    "Xây dựng",
                    "Khoa học và Công nghệ",
                    "Văn hóa, Thể thao và Du lịch",
                    "Dân tộc và Tôn giáo",
                    "Ngoại vụ",
                )
            ),
            ("Chi bộ Thanh tra tỉnh", "Chánh Thanh tra tỉnh", "Phó Chánh Thanh tra tỉnh"),
        ),
        staff=("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên", "Chuyên viên", "Kế toán"),
    ),
    Agency(
        "CA",
        "Đảng ủy Công an tỉnh",
        cells=tuple(
            (f"Chi bộ {name}", f"Trưởng {name}", f"Phó Trưởng {name}")
            for name in (
                "Phòng Tham mưu",
                "Phòng Tổ chức cán bộ",
                "Phòng Hậu cần",
                "Phòng Công tác đảng và công tác chính trị",
                "Phòng An ninh chính trị nội bộ",
                "Phòng An ninh kinh tế",
                "Phòng An ninh đối ngoại",
                "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
                "Phòng Cảnh sát hình sự",
                "Phòng Cảnh sát kinh tế",
                "Phòng Cảnh sát điều tra tội phạm về ma túy",
                "Phòng Cảnh sát giao thông",
                "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
                "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
                "Phòng Cảnh sát cơ động",
                "Phòng Cảnh sát đường thủy",
                "Phòng Quản lý xuất nhập cảnh",
                "Phòng Kỹ thuật hình sự",
                "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
                "Phòng Pháp chế và quản lý khoa học",
                "Phòng Hồ sơ",
                "Phòng Thông tin",
                "Phòng Tham mưu Cảnh sát điều tra",
                "Phòng Cảnh sát quản lý trại tạm giam",
            )
        ),
        staff=(
            "Đội trưởng",
            "Phó Đội trưởng",
            "Cán bộ",
            "Cán bộ",
            "Cán bộ",
            "Điều tra viên",
            "Trinh sát viên",
        ),
        size=(20, 45),
        female=0.15,
        non_members=0.05,
        ages=(22, 58),
        full_only=True,
    ),
    Agency(
        "QS",
        "Đảng ủy Quân sự tỉnh",
        cells=(
            ("Chi bộ Phòng Tham mưu", "Trưởng phòng Tham mưu", "Phó Trưởng phòng Tham mưu"),
            ("Chi bộ Phòng Chính trị", "Chủ nhiệm Chính trị", "Phó Chủ nhiệm Chính trị"),
            (
                "Chi bộ Phòng Hậu cần - Kỹ thuật",
                "Chủ nhiệm Hậu cần - Kỹ thuật",
                "Phó Chủ nhiệm Hậu cần - Kỹ thuật",
            ),
            *(
                (f"Chi bộ Ban Chỉ huy Phòng thủ khu vực {n}", "Chỉ huy trưởng", "Chỉ huy phó")
                for n in range(1, 11)
            ),
            ("Chi bộ Đại đội Trinh sát", "Đại đội trưởng", "Chính trị viên"),
            ("Chi bộ Đại đội Công binh", "Đại đội trưởng", "Chính trị viên"),
            ("Chi bộ Đại đội Thông tin", "Đại đội trưởng", "Chính trị viên"),
        ),
        staff=("Trợ lý", "Trợ lý", "Nhân viên", "Chiến sĩ", "Chiến sĩ"),
        size=(15, 40),
        female=0.05,
        non_members=0.25,
        ages=(20, 55),
        full_only=True,
    ),
    Agency(
        "BP",
        "Đảng ủy Bộ đội Biên phòng tỉnh",
        cells=tuple(
            (f"Chi bộ Đồn Biên phòng {name}", "Đồn trưởng", "Chính trị viên")
            for name in (
                "Cửa khẩu quốc tế Tịnh Biên",
                "Cửa khẩu quốc tế Vĩnh Xương",
                "Cửa khẩu quốc tế Hà Tiên",
                "Vĩnh Hội Đông",
                "Khánh Bình",
                "Phú Hữu",
                "Vĩnh Gia",
                "Giang Thành",
                "Hòn Nghệ",
                "Gành Dầu",
                "Cửa khẩu Cảng An Thới",
                "Thổ Châu",
                "Hòn Sơn",
            )
        ),
        staff=("Đội trưởng", "Trợ lý", "Cán bộ", "Chiến sĩ", "Chiến sĩ"),
        size=(15, 35),
        female=0.05,
        non_members=0.3,
        ages=(20, 55),
        full_only=True,
    ),
)

# Large public hospitals under the people's committee, each a grassroots committee (Đảng bộ cơ sở) with a chi bộ
# per department; only in the full-scale province.
HOSPITALS = (
    "Bệnh viện Đa khoa Trung tâm An Giang",
    "Bệnh viện Đa khoa khu vực tỉnh An Giang",
    "Bệnh viện Sản - Nhi An Giang",
    "Bệnh viện Đa khoa Kiên Giang",
    "Bệnh viện Sản - Nhi Kiên Giang",
    "Bệnh viện Đa khoa Phú Quốc",
)
HOSPITAL_DEPARTMENTS = (
    "Khoa Khám bệnh",
    "Khoa Cấp cứu",
    "Khoa Hồi sức tích cực - Chống độc",
    "Khoa Nội tổng hợp",
    "Khoa Ngoại tổng hợp",
    "Khoa Phụ sản",
    "Khoa Nhi",
    "Khoa Truyền nhiễm",
    "Khoa Tim mạch",
    "Khoa Chẩn đoán hình ảnh",
    "Khoa Xét nghiệm",
    "Khoa Dược",
    "Phòng Kế hoạch tổng hợp",
    "Phòng Tổ chức cán bộ",
    "Phòng Tài chính kế toán",
    "Phòng Điều dưỡng",
)
HOSPITAL_STAFF = (
    "Bác sĩ",
    "Bác sĩ",
    "Điều dưỡng",
    "Điều dưỡng",
    "Điều dưỡng",
    "Kỹ thuật viên",
    "Dược sĩ",
    "Hộ sinh",
)

# Reasons written on a transfer (chuyển sinh hoạt đảng).
TRANSFER_NOTES = (
    "Chuyển nơi cư trú",
    "Chuyển nơi cư trú về với gia đình",
    "Chuyển công tác",
    "Nghỉ hưu, chuyển về sinh hoạt tại nơi cư trú",
)

# Who leads each provincial agency, sitting in its first chi bộ: (job title, [(where, position), ...]).
AGENCY_LEADERS = {
    "CQD": (
        ("Bí thư Tỉnh ủy", [("root", Pos.SECRETARY), ("root", Pos.KEY_CADRE)]),
        (
            "Phó Bí thư Thường trực Tỉnh ủy",
            [("root", Pos.DEPUTY_SECRETARY), ("root", Pos.KEY_CADRE), ("agency", Pos.SECRETARY)],
        ),
    ),
    "UBND": (
        (
            "Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh",
            [("root", Pos.DEPUTY_SECRETARY), ("root", Pos.KEY_CADRE), ("agency", Pos.SECRETARY)],
        ),
    ),
    "CA": (
        (
            "Giám đốc Công an tỉnh",
            [("root", Pos.COMMITTEE_MEMBER), ("root", Pos.KEY_CADRE), ("agency", Pos.SECRETARY)],
        ),
    ),
    "QS": (
        ("Chính ủy Bộ Chỉ huy Quân sự tỉnh", [("agency", Pos.SECRETARY)]),
        (
            "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
            [("root", Pos.COMMITTEE_MEMBER), ("agency", Pos.DEPUTY_SECRETARY)],
        ),
    ),
    "BP": (
        ("Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh", [("agency", Pos.SECRETARY)]),
        (
            "Chỉ huy trưởng Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            [("root", Pos.COMMITTEE_MEMBER), ("agency", Pos.DEPUTY_SECRETARY)],
        ),
    ),
}
