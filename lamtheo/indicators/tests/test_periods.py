import datetime

import pytest
from django.http import QueryDict

from lamtheo.indicators.periods import Period

TODAY = datetime.date(2026, 4, 15)
D = datetime.date


def q(text: str) -> QueryDict:
    return QueryDict(text)


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        (Period.month(2026, 3), "tháng 3/2026", D(2026, 3, 1), D(2026, 3, 31)),
        (Period.quarter(2026, 1), "quý I/2026", D(2026, 1, 1), D(2026, 3, 31)),
        (Period.quarter(2026, 4), "quý IV/2026", D(2026, 10, 1), D(2026, 12, 31)),
        (Period.half(2026, 1), "6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30)),
        (Period.half(2026, 2), "6 tháng cuối năm 2026", D(2026, 7, 1), D(2026, 12, 31)),
        (Period.year(2026), "năm 2026", D(2026, 1, 1), D(2026, 12, 31)),
        (
            Period.custom(D(2026, 3, 1), D(2026, 4, 15)),
            "từ 01/03/2026 đến 15/04/2026",
            D(2026, 3, 1),
            D(2026, 4, 15),
        ),
    ],
)
def test_labels_and_days(period, label, start, end):
    assert period.label == label
    assert (period.start, period.end) == (start, end)
    assert Period.from_query(q(period.query()), TODAY) == period


def test_query_keys():
    assert Period.quarter(2026, 1).query() == "ky=quy&nam=2026&so=1"
    assert Period.year(2026).query() == "ky=nam&nam=2026"
    assert Period.half(2025, 2).query() == "ky=6-thang&nam=2025&so=2"
    assert Period.custom(D(2026, 3, 1), D(2026, 4, 15)).query() == "ky=tuy-chon&tu=2026-03-01&den=2026-04-15"


def test_leap_year_february():
    assert Period.month(2024, 2).end == D(2024, 2, 29)
    assert Period.month(2026, 2).end == D(2026, 2, 28)
    assert Period.quarter(2024, 1).days == 91
    assert Period.year(2024).days == 366
    assert Period.month(2024, 3).previous() == Period.month(2024, 2)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ky=quy",  # no number
        "ky=quy&nam=2026&so=5",
        "ky=thang&nam=2026&so=13",
        "ky=thang&nam=2026&so=0",
        "ky=6-thang&nam=2026&so=3",
        "ky=nam&nam=20266",
        "ky=nam&nam=abc",
        "ky=tuan",  # an unknown kind
        "ky=tuy-chon&tu=2026-04-15&den=2026-03-01",  # ends before it starts
        "ky=tuy-chon&tu=2026-02-30&den=2026-03-01",
        "ky=tuy-chon&tu=hom-nay",
    ],
)
def test_bad_query_falls_back_to_the_current_year(text):
    assert Period.from_query(q(text), TODAY) == Period.year(2026)


def test_year_only_query_and_dict_params():
    assert Period.from_query(q("nam=2025"), TODAY) == Period.year(2025)
    assert Period.from_query(q("ky=tuan&nam=2025"), TODAY) == Period.year(
        2025
    )  # unknown kind: the year named
    assert Period.from_query({"ky": "thang", "nam": "2026", "so": "2"}, TODAY) == Period.month(2026, 2)


def test_previous_of_each_kind():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.half(2026, 2).previous() == Period.half(2026, 1)
    assert Period.year(2026).previous() == Period.year(2025)
    custom = Period.custom(D(2026, 3, 1), D(2026, 3, 10))
    assert custom.previous() == Period.custom(D(2026, 2, 19), D(2026, 2, 28))


def test_months_and_quarters():
    assert [m.label for m in Period.quarter(2026, 2).months()] == [
        "tháng 4/2026",
        "tháng 5/2026",
        "tháng 6/2026",
    ]
    assert len(Period.year(2026).months()) == 12
    custom = Period.custom(D(2025, 12, 20), D(2026, 2, 3))
    assert custom.months() == [Period.month(2025, 12), Period.month(2026, 1), Period.month(2026, 2)]
    assert custom.quarters() == [Period.quarter(2025, 4), Period.quarter(2026, 1)]


def test_bounds_are_aware_in_vietnam_time():
    start, end = Period.month(2026, 2).bounds()
    assert start.isoformat() == "2026-02-01T00:00:00+07:00"
    assert end.isoformat() == "2026-03-01T00:00:00+07:00"


def test_wrong_constructors_refuse():
    with pytest.raises(ValueError):
        Period.quarter(2026, 5)
    with pytest.raises(ValueError):
        Period.custom(D(2026, 3, 2), D(2026, 3, 1))
