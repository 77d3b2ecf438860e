import random
from collections import Counter

from lamtheo.demo.names import FEMALE_MIDDLE_NAMES, MALE_MIDDLE_NAMES, NameGenerator, generation


def names(seed, count=500, gender="nam", birth_year=1975):
    generator = NameGenerator(random.Random(seed))
    return [generator.full_name(gender, birth_year) for _ in range(count)]


def test_same_seed_same_names():
    assert names(7) == names(7)
    assert names(7) != names(8)


def test_family_names_follow_their_frequencies():
    counts = Counter(name.split()[0] for name in names(1, count=20_000))
    share = {family: count / 20_000 for family, count in counts.items()}
    assert 0.35 < share["Nguyễn"] < 0.41
    assert 0.09 < share["Trần"] < 0.13
    assert 0.08 < share["Lê"] < 0.11
    assert share["Huỳnh"] > share["Hoàng"]  # southern spelling, An Giang
    assert counts.most_common(1)[0][0] == "Nguyễn"


def test_middle_names_fit_the_gender():
    female_only = {"Thị"}
    male_only = {"Văn"}
    for name in names(2, count=3000, gender="nam"):
        assert not female_only & set(name.split()[1:-1]), name
    for name in names(3, count=3000, gender="nu"):
        assert not male_only & set(name.split()[1:-1]), name
    assert {"Văn", "Hữu", "Minh", "Quốc", "Thanh"} <= {n for n, _ in MALE_MIDDLE_NAMES}
    assert {"Thị", "Ngọc", "Thu", "Kim", "Bích"} <= {n for n, _ in FEMALE_MIDDLE_NAMES}


def test_names_depend_on_the_generation():
    old = Counter(name.split()[1] for name in names(4, count=4000, gender="nu", birth_year=1950))
    young = Counter(name.split()[1] for name in names(4, count=4000, gender="nu", birth_year=2000))
    assert old["Thị"] > 2 * young["Thị"]
    assert generation(1950) < generation(1975) < generation(2000)


def test_names_have_three_or_four_words():
    for name in names(5, count=2000, gender="nu") + names(6, count=2000, gender="nam"):
        assert 3 <= len(name.split()) <= 4, name
        assert len(set(name.split()[1:])) == len(name.split()[1:]), name  # no "Ngọc Ngọc"


def test_khmer_names_follow_the_local_form():
    generator = NameGenerator(random.Random(9))
    assert generator.full_name("nam", 1970, khmer="ag").startswith("Chau ")
    assert generator.full_name("nu", 1970, khmer="ag").startswith("Néang ")
    assert generator.full_name("nam", 1970, khmer="kg").startswith("Danh ")
