"""The same figure for the same unit and period on every page that shows it: the dashboard, the meetings month
table, the dashboard's Excel export and the report. They agree because they read the same source (the meetings
source, meetings/figures.py), and this test looks at what each page shows, after March has ended."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.dashboard.tests.conftest import MARCH, hold
from lamtheo.indicators.periods import Period
from lamtheo.indicators.registry import INDICATORS
from lamtheo.meetings.tests.helpers import TZ, add_people
from lamtheo.reports.figures import build_figures, percent_text
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
APRIL = datetime.datetime(2026, 4, 6, 9, 0, tzinfo=TZ)  # March has ended: every chi bộ's meeting is due


@pytest.fixture
def after_march():
    with time_machine.travel(APRIL, tick=False):
        yield


def test_meetings_held_and_attendance_are_the_same_on_every_page(after_march, login, commune_leader):
    add_people("LB-01", 2)
    add_people("LB-02", 3)
    hold("LB-01", 5, excused=1)  # LB-02 does not meet in March
    client = login(commune_leader)
    lb = unit("LB")

    board = client.get(reverse("dashboard:unit", args=[lb.pk]) + f"?{MARCH}").context["board"]
    on_board = board.own  # what the headlines show
    held, attendance = on_board["meetings_held"], on_board["attendance_rate"]
    assert (held.numerator, held.denominator) == (1, 2)

    month = client.get(reverse("meetings:month", args=[lb.pk]), {"thang": "2026-03"}).context["figures"]
    assert (month.held, month.expected) == (held.numerator, held.denominator)
    assert month.rate == attendance.percent_text

    export = client.get(reverse("dashboard:export", args=[lb.pk]) + f"?{MARCH}")
    rows = {
        row[1]: row
        for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    }
    assert rows[str(INDICATORS["meetings_held"].name)][2:4] == (held.numerator, held.denominator)
    assert rows[str(INDICATORS["attendance_rate"].name)][2:4] == (
        attendance.numerator,
        attendance.denominator,
    )

    report = build_figures(lb, Period.month(2026, 3))
    sentences = {row["code"]: row["sentence"] for section in report["sections"] for row in section["figures"]}
    # the report writes a whole percent without its decimal ("50%" for the dashboard's "50,0%")
    assert held.text in sentences["meetings_held"] and percent_text(held) in sentences["meetings_held"]
    assert attendance.text in sentences["attendance_rate"]
