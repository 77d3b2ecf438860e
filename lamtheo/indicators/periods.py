"""Periods of the indicators: a month, a quarter, six months, a year, or any range of days.

A period is a range of whole days, both ends included; `bounds()` gives the matching aware datetimes in the
project's time zone (Asia/Ho_Chi_Minh) for filtering timestamps. The query string of the dashboard and the reports
names a period with Vietnamese keys (`?ky=quy&nam=2026&so=1`); a malformed or missing one falls back to the
current year, never to an error.
"""

import calendar
import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.lib import vn

# The names of the quarters (quý I … quý IV).
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The kinds of period and their names: a report's period, the dashboard's choice of period.
PERIOD_KINDS = [
    ("month", gettext_lazy("Tháng")),
    ("quarter", gettext_lazy("Quý")),
    ("half", gettext_lazy("6 tháng (nửa năm)")),
    ("year", gettext_lazy("Năm")),
    ("custom", gettext_lazy("Tùy chọn (từ ngày … đến ngày)")),
]
FIRST_YEAR, LAST_YEAR = 2000, 2100

# The `ky` key of the query string, both ways.
KIND_KEYS = {"month": "thang", "quarter": "quy", "half": "6-thang", "year": "nam", "custom": "tuy-chon"}
KEY_KINDS = {key: kind for kind, key in KIND_KEYS.items()}


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    kind: str  # "month" | "quarter" | "half" | "year" | "custom"
    start: datetime.date  # first day, inclusive
    end: datetime.date  # last day, inclusive

    # Constructors ----------------------------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls("month", datetime.date(year, month, 1), _last_day(year, month))

    @classmethod
    def quarter(cls, year: int, q: int) -> "Period":
        if not 1 <= q <= 4:
            raise ValueError(f"quarter {q} is not 1..4")
        first = 3 * (q - 1) + 1
        return cls("quarter", datetime.date(year, first, 1), _last_day(year, first + 2))

    @classmethod
    def half(cls, year: int, h: int) -> "Period":
        if h not in (1, 2):
            raise ValueError(f"half {h} is not 1 or 2")
        first = 1 if h == 1 else 7
        return cls("half", datetime.date(year, first, 1), _last_day(year, first + 5))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> "Period":
        if end < start:
            raise ValueError("a period cannot end before it starts")
        return cls("custom", start, end)

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> "Period":
        """The month, quarter, half or year that contains `day`."""
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "half":
            return cls.half(day.year, 1 if day.month <= 6 else 2)
        return cls.year(day.year)

    @classmethod
    def from_query(cls, params, today: datetime.date) -> "Period":
        """The period named by a query string (a QueryDict or a dict); the current year when it names none or
        names one wrongly (an unknown kind, a month 13, a year 20266, a range that ends before it starts)."""
        kind = KEY_KINDS.get((params.get("ky") or "").strip())
        try:
            if kind == "custom":
                start = datetime.date.fromisoformat((params.get("tu") or "").strip())
                end = datetime.date.fromisoformat((params.get("den") or "").strip())
                if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
                    raise ValueError("year out of range")
                return cls.custom(start, end)
            year = int((params.get("nam") or str(today.year)).strip())
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError("year out of range")
            if kind == "year" or kind is None:
                return cls.year(year)
            number = int((params.get("so") or "").strip())
            if kind == "month":
                if not 1 <= number <= 12:
                    raise ValueError("month out of range")
                return cls.month(year, number)
            if kind == "quarter":
                return cls.quarter(year, number)
            return cls.half(year, number)
        except (ValueError, TypeError, OverflowError):
            return cls.year(today.year)

    # What it is ------------------------------------------------------------------------------------------------

    @property
    def number(self) -> int | None:
        """The month (1..12), quarter (1..4) or half (1..2) within its year; None for a year or a custom range."""
        if self.kind == "month":
            return self.start.month
        if self.kind == "quarter":
            return (self.start.month - 1) // 3 + 1
        if self.kind == "half":
            return 1 if self.start.month == 1 else 2
        return None

    def query(self) -> str:
        """The query string naming this period: `ky=quy&nam=2026&so=1`."""
        if self.kind == "custom":
            items = [
                ("ky", KIND_KEYS["custom"]),
                ("tu", self.start.isoformat()),
                ("den", self.end.isoformat()),
            ]
        else:
            items = [("ky", KIND_KEYS[self.kind]), ("nam", self.start.year)]
            if self.number is not None:
                items.append(("so", self.number))
        return urlencode(items)

    @property
    def label(self) -> str:
        """`tháng 3/2026`, `quý I/2026`, `6 tháng đầu năm 2026`, `năm 2026`, `từ 01/03/2026 đến 15/04/2026`."""
        year = self.start.year
        if self.kind == "month":
            return _("tháng %(month)s/%(year)s") % {"month": self.start.month, "year": year}
        if self.kind == "quarter":
            return _("quý %(quarter)s/%(year)s") % {"quarter": ROMAN[self.number], "year": year}
        if self.kind == "half":
            if self.number == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": year}
            return _("6 tháng cuối năm %(year)s") % {"year": year}
        if self.kind == "year":
            return _("năm %(year)s") % {"year": year}
        return _("từ %(start)s đến %(end)s") % {
            "start": vn.short_date(self.start),
            "end": vn.short_date(self.end),
        }

    def __str__(self) -> str:
        return self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def year_of(self) -> int:
        """The year the period's yearly figures (registrations, codes of conduct) are taken from: its last day's."""
        return self.end.year

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    # Neighbours ------------------------------------------------------------------------------------------------

    def months(self) -> list["Period"]:
        """The months it covers, partly or wholly, in order."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(Period.month(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def quarters(self) -> list["Period"]:
        """The quarters it covers, partly or wholly, in order."""
        seen = []
        for month in self.months():
            quarter = Period.containing("quarter", month.start)
            if quarter not in seen:
                seen.append(quarter)
        return seen

    def previous(self) -> "Period":
        """The same kind of period just before: the month, quarter, half or year before; for a custom range, the
        range of as many days ending the day before it starts."""
        if self.kind == "custom":
            end = self.start - datetime.timedelta(days=1)
            return Period.custom(end - datetime.timedelta(days=self.days - 1), end)
        return Period.containing(self.kind, self.start - datetime.timedelta(days=1))

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start 00:00, the day after the end 00:00), aware, in the project's time zone."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
        return start, end
