import datetime

from lamtheo.lib import vn


def test_number_groups_thousands_with_dots():
    assert vn.number(40539) == "40.539"
    assert vn.number(5600000) == "5.600.000"
    assert vn.number(98.14, 1) == "98,1"


def test_percent_rounds_half_up_with_a_comma():
    assert vn.percent(40539, 41324) == "98,1%"
    assert vn.percent(1, 8) == "12,5%"
    assert vn.percent(3, 0) == ""


def test_all_or_none_is_a_whole_percent_and_a_share_that_rounds_to_it_is_not():
    assert (vn.percent(235, 235), vn.percent(0, 12)) == ("100%", "0%")
    assert (vn.percent(9999, 10000), vn.percent(1, 10000), vn.percent(1, 2)) == ("100,0%", "0,0%", "50,0%")


def test_dates():
    day = datetime.date(2024, 2, 29)
    assert vn.short_date(day) == "29/02/2024"
    assert vn.long_date(day) == "ngày 29 tháng 02 năm 2024"
    assert vn.long_date(day, "Long Bình") == "Long Bình, ngày 29 tháng 02 năm 2024"
    assert vn.weekday(day) == "Thứ năm"


def test_fold_removes_accents_and_d_stroke():
    assert vn.fold("Nguyễn Thị Kim Ngọc") == "nguyen thi kim ngoc"
    assert vn.fold("  Đảng ủy xã   Long Bình ") == "dang uy xa long binh"
    assert vn.fold("Hiệp Nghĩa") == "hiep nghia"


def test_people_sort_by_given_name_in_vietnamese_order():
    names = [
        "Dương Văn Đức",
        "Võ Văn Duy",
        "Hoàng Văn Ân",
        "Nguyễn Văn Ăn",
        "Trần Văn An",
        "Lý Thị Bé",
        "Đỗ Văn Bảo",
    ]
    ordered = sorted(names, key=lambda n: vn.collation_key(n, given_name_first=True))
    assert ordered == [
        "Trần Văn An",
        "Nguyễn Văn Ăn",
        "Hoàng Văn Ân",
        "Đỗ Văn Bảo",
        "Lý Thị Bé",
        "Võ Văn Duy",
        "Dương Văn Đức",
    ]


def test_same_given_name_then_family_name_and_tones_break_ties():
    names = ["Trần Văn Anh", "Lê Thị Ánh", "Anh", "Đặng Văn Anh"]
    ordered = sorted(names, key=lambda n: vn.collation_key(n, given_name_first=True))
    assert ordered == ["Anh", "Đặng Văn Anh", "Trần Văn Anh", "Lê Thị Ánh"]


def test_unit_names_sort_numbers_by_value():
    names = ["Chi bộ Ấp 10", "Chi bộ Ấp 2", "Chi bộ Ấp Bắc", "Chi bộ Ấp 1"]
    assert sorted(names, key=vn.collation_key) == [
        "Chi bộ Ấp 1",
        "Chi bộ Ấp 2",
        "Chi bộ Ấp 10",
        "Chi bộ Ấp Bắc",
    ]


def test_collation_key_is_digits_only():
    assert vn.collation_key("Đảng ủy xã Long Bình").isdigit()
