"""Copy detection on real-looking codes: a chi bộ of hamlets against its commune's code."""

import random

from lamtheo.conduct.similarity import PAIR_MIN_SCORE, compare, normalise, threshold
from lamtheo.conduct.tests.conftest import COMMUNE_RULES, HAMLET_RULES


def test_normalise_folds_accents_and_drops_numbering_and_punctuation():
    assert normalise("2. Trung thành – Trách nhiệm!") == "trung thanh trach nhiem"
    assert normalise("  a)  Đúng hẹn   với dân. ") == "dung hen voi dan"
    assert normalise("- Nói đi đôi với làm;") == "noi di doi voi lam"
    assert normalise("IV. Tận tụy, sáng tạo") == "tan tuy sang tao"
    # A rule that happens to start with a number word stays whole.
    assert normalise("5 không: không tham nhũng") == "5 khong khong tham nhung"


def test_a_word_for_word_copy_is_flagged():
    # Copied with the template's numbering and a stray full stop: still the same slogans.
    copy = [f"{number}. {rule}." for number, rule in enumerate(COMMUNE_RULES, 1)]
    result = compare(copy, COMMUNE_RULES)
    assert result.similarity == 100.0
    assert result.is_copied
    assert [pair.match for pair in result.pairs] == COMMUNE_RULES
    assert result.similarity_display == "100,0%"


def test_a_reordered_copy_is_flagged():
    shuffled = COMMUNE_RULES[:]
    random.Random(3).shuffle(shuffled)
    # And the virtues of the first slogan listed in another order.
    shuffled[shuffled.index(COMMUNE_RULES[0])] = "Gương mẫu, liêm chính, trách nhiệm, trung thành"
    result = compare(shuffled, COMMUNE_RULES)
    assert result.is_copied
    assert result.similarity == 100.0
    pair = next(p for p in result.pairs if p.text.startswith("Gương mẫu"))
    assert pair.match == COMMUNE_RULES[0]


def test_a_copy_with_a_few_words_changed_is_still_flagged():
    edited = COMMUNE_RULES[:]
    edited[1] = "Đúng hẹn với dân, không để người dân chờ lâu"
    edited[4] = "Lắng nghe dân, hiểu dân, giúp dân"
    result = compare(edited, COMMUNE_RULES)
    assert result.is_copied
    assert 90 <= result.similarity < 100


def test_the_same_ideas_in_the_units_own_words_are_not_flagged():
    result = compare(HAMLET_RULES, COMMUNE_RULES)
    assert not result.is_copied
    assert result.similarity < 70
    # The hamlet's first rule is visibly drawn from the commune's fifth: shown as its counterpart.
    first = result.pairs[0]
    assert first.match == "Lắng nghe dân, thấu hiểu dân, giúp dân"
    assert PAIR_MIN_SCORE <= first.score < threshold()
    # A rule of its own has no counterpart.
    assert result.pairs[1].match is None


def test_keeping_a_few_rules_of_the_template_among_its_own_is_not_a_copy():
    mixed = [*COMMUNE_RULES[:2], *HAMLET_RULES[1:5]]
    result = compare(mixed, COMMUNE_RULES)
    assert not result.is_copied
    assert [pair.is_copy for pair in result.pairs] == [True, True, False, False, False, False]


def test_copying_part_of_the_template_is_a_copy():
    result = compare(COMMUNE_RULES[:3], COMMUNE_RULES)
    assert result.is_copied


def test_a_rule_extended_with_the_units_own_words_is_not_scored_as_identical():
    # token_set_ratio would score this 100; token_sort_ratio counts the words the unit added.
    result = compare(
        ["Nói đi đôi với làm, việc gì hứa với dân thì làm đến nơi đến chốn"], ["Nói đi đôi với làm"]
    )
    assert result.pairs[0].score < 60


def test_the_threshold_comes_from_the_settings(settings):
    edited = [*COMMUNE_RULES[:4], *HAMLET_RULES[:2]]
    default = compare(edited, COMMUNE_RULES)
    assert not default.is_copied
    settings.CONDUCT_COPY_THRESHOLD = int(default.similarity) - 1
    assert compare(edited, COMMUNE_RULES).is_copied
    settings.CONDUCT_COPY_THRESHOLD = 100
    assert not compare([*COMMUNE_RULES[:5], "Đảng viên đi trước"], COMMUNE_RULES).is_copied
    assert compare(COMMUNE_RULES, COMMUNE_RULES).is_copied


def test_the_default_threshold_is_90(settings):
    del settings.CONDUCT_COPY_THRESHOLD
    assert threshold() == 90


def test_without_a_template_nothing_is_compared():
    result = compare(HAMLET_RULES, [])
    assert result.similarity is None
    assert not result.is_copied
    assert result.similarity_display == ""
