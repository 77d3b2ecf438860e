"""Realistic Vietnamese full names, deterministic for a given `random.Random`.

Family names follow their frequencies in the population (Nguyễn about 38%, Trần 11%, Lê 9,5% ...), with the
southern spellings that fit An Giang (Huỳnh more than Hoàng, Võ more than Vũ). Middle and given names depend on
gender and on the generation: an old man is most often "Văn" and may be called by his birth order (Ba, Tám,
Út), a young woman is less often "Thị" and more often "Ngọc", "Bảo", "Khánh". Some communes of An Giang have a
large Khmer population, named in the local way ("Chau ..." / "Néang ..." around Tri Tôn and Tịnh Biên, "Danh
..." / "Thị ..." in the former Kiên Giang).
"""

import itertools
import random


def words(text: str) -> tuple[str, ...]:
    """`"An Bình Hòa"` -> `("An", "Bình", "Hòa")`: long lists of names written as text."""
    return tuple(text.split())


# (name, weight in %): the sixteen most frequent from population statistics, then rarer ones.
FAMILY_NAMES = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Huỳnh", 5.0),
    ("Phan", 4.5),
    ("Võ", 4.0),
    ("Hoàng", 3.0),
    ("Đặng", 2.0),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Vũ", 1.0),
    ("Dương", 1.0),
    ("Trương", 1.0),
    ("Lý", 0.5),
    ("Lâm", 0.7),
    ("Đoàn", 0.6),
    ("Đinh", 0.5),
    ("Châu", 0.5),
    ("Tô", 0.4),
    ("Thái", 0.4),
    ("Mai", 0.4),
    ("Cao", 0.4),
    ("Lương", 0.4),
    ("Quách", 0.3),
    ("Trịnh", 0.3),
    ("Hà", 0.3),
    ("La", 0.2),
    ("Tạ", 0.2),
    ("Kiều", 0.1),
    ("Từ", 0.1),
    ("Lưu", 0.2),
    ("Văn", 0.1),
)

OLD, MIDDLE_AGED, YOUNG = 0, 1, 2  # born before 1965, 1965–1989, from 1990

# (name, weight for OLD, MIDDLE_AGED, YOUNG)
MALE_MIDDLE_NAMES = (
    ("Văn", (60, 40, 15)),
    ("Minh", (6, 8, 12)),
    ("Thanh", (6, 6, 5)),
    ("Hữu", (6, 5, 3)),
    ("Quốc", (4, 6, 10)),
    ("Tấn", (5, 5, 3)),
    ("Công", (4, 4, 3)),
    ("Hoàng", (2, 5, 8)),
    ("Ngọc", (3, 3, 2)),
    ("Thành", (3, 3, 3)),
    ("Đức", (2, 3, 5)),
    ("Phước", (3, 2, 1)),
    ("Quang", (2, 3, 4)),
    ("Chí", (2, 2, 3)),
    ("Trung", (2, 2, 3)),
    ("Trọng", (2, 2, 2)),
    ("Xuân", (2, 2, 1)),
    ("Bá", (2, 1, 0)),
    ("Nhựt", (1, 1, 0)),
    ("Thái", (1, 1, 2)),
    ("Duy", (0, 2, 5)),
    ("Anh", (0, 1, 4)),
    ("Gia", (0, 0, 5)),
    ("Tuấn", (0, 1, 3)),
)

FEMALE_MIDDLE_NAMES = (
    ("Thị", (80, 55, 25)),
    ("Ngọc", (5, 8, 10)),
    ("Kim", (4, 6, 5)),
    ("Thu", (3, 5, 4)),
    ("Thanh", (3, 4, 4)),
    ("Mỹ", (2, 4, 5)),
    ("Bích", (3, 3, 2)),
    ("Hồng", (3, 3, 2)),
    ("Thúy", (2, 3, 3)),
    ("Cẩm", (2, 2, 2)),
    ("Tuyết", (2, 2, 1)),
    ("Xuân", (2, 2, 1)),
    ("Phương", (1, 2, 4)),
    ("Diễm", (1, 2, 3)),
    ("Kiều", (1, 1, 1)),
    ("Yến", (1, 1, 1)),
    ("Minh", (0, 1, 4)),
    ("Hoàng", (0, 1, 3)),
    ("Huỳnh", (0, 1, 2)),
    ("Như", (0, 1, 3)),
    ("Bảo", (0, 0, 4)),
    ("Khánh", (0, 0, 3)),
)

# A second middle name after "Thị" (Nguyễn Thị Kim Ngọc, Huỳnh Thị Diễm Trinh).
SECOND_FEMALE_MIDDLE_NAMES = words(
    "Kim Ngọc Diễm Thanh Thu Mỹ Bích Cẩm Hồng Kiều Tuyết Thúy Xuân Yến Như Phương Hoàng Mộng Trúc"
)

MALE_GIVEN_NAMES = {
    "all": words(
        "Hùng Dũng Tuấn Minh Thành Hải Sơn Phúc Lộc Tài Trí Tâm Nghĩa Nhân Thiện Phước Hòa Bình An Hiếu "
        "Hậu Tín Tùng Thắng Cường Long Nam Trung Quang Vinh Toàn Hưng Thịnh Đức Tú Sang Hoàng Thanh Luân "
        "Nhựt Lợi Danh Dương Thạnh Phát Đạt Khải Duy Thọ Nghị Quý Trọng Tiến Tân Hào Kiên Khánh Liêm Lâm "
        "Phong Triết Trường Vũ Việt Định Chiến Cảnh Giàu Mạnh Phú Thuận Vĩnh Châu Hiệp Hiển Lực "
        "Quyết Kha Nhơn Thông Hiền Vương Tường Bảo Huy"
    ),
    OLD: words("Ba Năm Sáu Bảy Tám Chín Mười Út Em Bé Hên Mến Đực Lành Thới Xuân Hạnh Lượm Chức Của"),
    YOUNG: words(
        "Khang Huy Bảo Kiệt Khoa Khôi Nguyên Phát Thịnh Vỹ Quân Đăng Nhật Tường Lực Tiến Hậu Phúc An"
    ),
}

FEMALE_GIVEN_NAMES = {
    "all": words(
        "Lan Hoa Hồng Hương Mai Ngọc Trinh Thảo Trang Nhung Hạnh Phượng Loan Yến Tuyết Nga Hằng Thủy Vân "
        "Diễm Hiền Linh Ngân Châu Kiều Xuân Hà Oanh Liên Nguyệt Thắm Trâm Phương Anh Trúc Quyên Diệu Mỹ Lệ "
        "Thu Giang Dung Huệ Tâm Thanh Thúy Tiên Nhàn Ly Hường Liễu Thơ Ánh Duyên Như Quỳnh Tú Trân "
        "Hiếu Hậu Nhi Vy Ngà Đào Huyền"
    ),
    OLD: words("Lài Cúc Đào Sen Bé Út Em Lựu Lắm Gấm Lụa Tư Năm Sáu Bảy Tám Chín Mười Hai Ba Huê Nhiều"),
    YOUNG: words("Vy Nhi Uyên Thư My Hân Quỳnh Trân Ngân Như Tiên Yến Ngọc Thảo Trâm Linh Anh Hà Khánh Băng"),
}

# Khmer names in the local form. Around Tri Tôn and Tịnh Biên "Chau" (men) and "Néang" (women) open the name,
# followed by one or two of these syllables.
KHMER_GIVEN_NAMES = {
    ("ag", "nam"): words(
        "Sóc Sang Ri Thi Kha Ra Phol Sơn Hên Vanh Chanh Ty Đa Rương Phi Rum Sô Thol Mol Na Kim"
    ),
    ("ag", "nu"): words("Sa Ry Sóc Phia Phol Thy Phi Tha Vanh Ly Na Ka Ri Rinh Đa Mây Mết Vy Sô Phal Nương"),
}
# In the former Kiên Giang, whole given names after "Danh" / "Thị" (Danh Út, Thị Sa Ri).
KHMER_KG_GIVEN_NAMES = {
    "nam": ["Út", "Sang", "Sơn", "Phước", "Tài", "Hoàng", "Thanh Sơn", "Sóc", "Khải", "Dũng", "Sa Ri", "Thành",
            "Minh Vũ", "Ri", "Văn Tha", "Hoàng Phúc", "Hiền", "Tuấn", "Sa Rinh", "Chanh"],
    "nu": ["Sa Ri", "Kim Hồng", "Sóc Nga", "Mỹ Lan", "Thanh Thúy", "Sà Ly", "Ra Ni", "Sa Vy", "Mỹ Hạnh",
           "Sóc Chanh", "Thu Thảo", "Kim Ly", "Sa Phi", "Ngọc Hân", "Sà Rươne", "Bích Tuyền"],
}  # fmt: skip
KHMER_OPENERS = {("ag", "nam"): "Chau", ("ag", "nu"): "Néang", ("kg", "nam"): "Danh", ("kg", "nu"): "Thị"}


def generation(birth_year: int | None) -> int:
    if birth_year is None:
        return MIDDLE_AGED
    if birth_year < 1965:
        return OLD
    return MIDDLE_AGED if birth_year < 1990 else YOUNG


def _cumulative(weights):
    return list(itertools.accumulate(weights))


class NameGenerator:
    """`full_name(gender, birth_year)` draws names from `rng`: the same seed gives the same names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._family = [name for name, _ in FAMILY_NAMES]
        self._family_cum = _cumulative(weight for _, weight in FAMILY_NAMES)
        self._middle = {
            gender: (
                [name for name, _ in table],
                [_cumulative(weights[era] for _, weights in table) for era in (OLD, MIDDLE_AGED, YOUNG)],
            )
            for gender, table in (("nam", MALE_MIDDLE_NAMES), ("nu", FEMALE_MIDDLE_NAMES))
        }
        self._given = {}
        for gender, table in (("nam", MALE_GIVEN_NAMES), ("nu", FEMALE_GIVEN_NAMES)):
            for era in (OLD, MIDDLE_AGED, YOUNG):
                # Names of the generation are drawn three times as often as the common ones.
                pool = list(table["all"]) + list(table.get(era, ())) * 3
                self._given[gender, era] = pool

    def family_name(self) -> str:
        return self.rng.choices(self._family, cum_weights=self._family_cum)[0]

    def middle_name(self, gender: str, era: int) -> str:
        names, cum_weights = self._middle[gender]
        middle = self.rng.choices(names, cum_weights=cum_weights[era])[0]
        if middle == "Thị" and self.rng.random() < (0.15 if era == OLD else 0.35):
            middle = f"Thị {self.rng.choice(SECOND_FEMALE_MIDDLE_NAMES)}"
        return middle

    def given_name(self, gender: str, era: int, middle: str = "") -> str:
        pool = self._given[gender, era]
        while True:
            given = self.rng.choice(pool)
            if given not in middle.split():  # never "Nguyễn Ngọc Ngọc"
                return given

    def full_name(self, gender: str, birth_year: int | None = None, *, khmer: str = "") -> str:
        """A full name for `gender` ("nam" / "nu"); `khmer` is "ag" or "kg" for a Khmer name of that area."""
        if khmer:
            if khmer == "kg":
                return f"{KHMER_OPENERS[khmer, gender]} {self.rng.choice(KHMER_KG_GIVEN_NAMES[gender])}"
            # One or two syllables after the opener: "Chau Sóc", "Chau Sóc Kha", "Néang Sa Ry".
            syllables = self.rng.sample(KHMER_GIVEN_NAMES[khmer, gender], self.rng.choice((1, 2, 2)))
            return " ".join([KHMER_OPENERS[khmer, gender], *syllables])
        era = generation(birth_year)
        middle = self.middle_name(gender, era)
        return f"{self.family_name()} {middle} {self.given_name(gender, era, middle)}"
