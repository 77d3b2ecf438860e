"""Every indicator declares the sentence a report says it in, with the placeholders its kind of figure fills."""

import re

import pytest
from django.utils import translation

from lamtheo.indicators import registry

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
INDICATORS = list(registry.INDICATORS.values())


def placeholders(text) -> set[str]:
    return set(PLACEHOLDER.findall(str(text)))


SPLIT_COUNTS = {"members", "non_members"}
SAMPLE = {
    "scope": "Chi bộ",
    "count": "5",
    "ratio": "3/4",
    "percent": "75%",
    "during": "Trong tháng",
    "subject": "chi bộ",
    "members": "05",
    "non_members": "02",
}


@pytest.mark.parametrize("indicator", INDICATORS, ids=[i.code for i in INDICATORS])
def test_every_indicator_has_a_whole_report_sentence(indicator):
    with translation.override("vi"):
        for units_below in (True, False):
            phrase = indicator.phrase(units_below=units_below)
            used = placeholders(phrase)
            if indicator.is_ratio:
                # A chi bộ's yes/no (its own code of conduct) says what it is without a ratio.
                needed = {"ratio", "percent"} if units_below else set()
                assert needed <= used <= {"scope", "ratio", "percent"}, phrase
            else:
                assert used in ({"scope", "count"}, {"scope", *SPLIT_COUNTS}), phrase
            for text in (phrase, indicator.report_phrase_none, indicator.report_phrase_pending):
                if not str(text):
                    continue
                assert placeholders(text) <= {
                    "scope",
                    "count",
                    "ratio",
                    "percent",
                    "during",
                    "subject",
                    *SPLIT_COUNTS,
                }
                text = str(text) % SAMPLE
                assert text[:1].isupper() and text.endswith("."), text
                assert (
                    "trực thuộc" not in text
                )  # a chi bộ has no units below; a committee's scope says "Toàn ..."
    assert str(indicator.report_phrase)  # the general sentence always exists


def test_a_unit_with_no_units_below_falls_back_to_the_general_sentence():
    people = registry.get("people")
    assert not people.report_phrase_cell
    assert people.phrase(units_below=False) == people.phrase(units_below=True)
    meetings = registry.get("meetings_held")
    assert meetings.phrase(units_below=False) != meetings.phrase(units_below=True)
