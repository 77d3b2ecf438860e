"""The same figure for the same unit and period on every page that shows it: the dashboard, the app's page (the
meetings month table, the registrations page and its export), the dashboard's Excel export and the report. They
agree because they read the same source (meetings/figures.py, people/figures.py, study/figures.py,
conduct/figures.py), and these tests look at what each page shows, after March has ended."""

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


def test_registrations_are_the_same_on_every_page(after_march, login, commune_leader):
    """The registrations page (and its Excel export) read the people source as the dashboard does: those who must
    register (the exempt member's registration counted nowhere), reviewed over registered."""
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Pledge

    people = add_people("LB-01", 3) + add_people("LB-02", 2)
    Person.objects.filter(pk=people[2].pk).update(status=Person.Status.EXEMPT)
    submitted = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=TZ)
    for person, status in zip(
        people[:4],
        (Pledge.Status.ACCEPTED, Pledge.Status.SUBMITTED, Pledge.Status.ACCEPTED, Pledge.Status.DRAFT),
        strict=True,
    ):
        Pledge.objects.create(
            person=person,
            unit=person.unit,
            year=2026,
            status=status,
            first_submitted_at=None if status == Pledge.Status.DRAFT else submitted,
            submitted_at=None if status == Pledge.Status.DRAFT else submitted,
            reviewed_at=submitted if status == Pledge.Status.ACCEPTED else None,
        )
    year = "ky=nam&nam=2026"
    client = login(commune_leader)
    lb = unit("LB")

    board = client.get(reverse("dashboard:unit", args=[lb.pk]) + f"?{year}").context["board"].own
    registered, reviewed = board["registered"], board["registrations_reviewed"]
    assert reviewed.denominator == registered.numerator  # one population
    assert reviewed.numerator <= registered.numerator

    page = client.get(reverse("pledges:figures", args=[lb.pk]), {"nam": 2026}).context["table"].total
    assert (page.registered, page.people) == (registered.numerator, registered.denominator)
    assert (page.reviewed, page.registered) == (reviewed.numerator, reviewed.denominator)

    sheet = client.get(reverse("pledges:figures_export", args=[lb.pk]), {"nam": 2026})
    total = list(load_workbook(io.BytesIO(sheet.content)).worksheets[0].iter_rows(values_only=True))[-1]
    assert (total[2], total[3]) == (registered.denominator, registered.numerator)  # people, registered
    assert total[14] == reviewed.numerator

    export = client.get(reverse("dashboard:export", args=[lb.pk]) + f"?{year}")
    rows = {
        row[1]: row
        for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    }
    assert rows[str(INDICATORS["registered"].name)][2:4] == (registered.numerator, registered.denominator)
    assert rows[str(INDICATORS["registrations_reviewed"].name)][2:4] == (
        reviewed.numerator,
        reviewed.denominator,
    )

    report = build_figures(lb, Period.year(2026))
    sentences = {row["code"]: row["sentence"] for section in report["sections"] for row in section["figures"]}
    assert registered.text in sentences["registered"]
    assert reviewed.text in sentences["registrations_reviewed"]


def test_codes_of_conduct_are_the_same_on_every_page(after_march, login, commune_leader):
    """The codes of conduct page reads the conduct source as the dashboard does."""
    from lamtheo.conduct.tests.conftest import HAMLET_RULES, adopted

    adopted("LB-01", [*HAMLET_RULES[:3], "Ấp Long Hòa sạch đẹp"])
    year = "ky=nam&nam=2026"
    client = login(commune_leader)
    lb = unit("LB")

    board = client.get(reverse("dashboard:unit", args=[lb.pk]) + f"?{year}").context["board"].own
    adopted_value, copied = board["conduct_adopted"], board["conduct_copied"]
    assert adopted_value.numerator >= 1

    page = client.get(reverse("conduct:coverage", args=[lb.pk]), {"year": 2026}).context["coverage"].total
    assert (page.adopted, page.expected) == (adopted_value.numerator, adopted_value.denominator)
    assert page.copied == copied.numerator

    export = client.get(reverse("dashboard:export", args=[lb.pk]) + f"?{year}")
    rows = {
        row[1]: row
        for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    }
    assert rows[str(INDICATORS["conduct_adopted"].name)][2:4] == (
        adopted_value.numerator,
        adopted_value.denominator,
    )

    report = build_figures(lb, Period.year(2026))
    sentences = {row["code"]: row["sentence"] for section in report["sections"] for row in section["figures"]}
    assert adopted_value.text in sentences["conduct_adopted"]


def test_the_years_topic_study_is_the_same_on_every_page(after_march, login, commune_leader):
    """A topic's coverage page (and its export) reads the study and people sources for that topic, as the dashboard
    reads them for the year's topics: with one yearly topic, the same sessions and the same people who studied."""
    from lamtheo.study import actions as study_actions
    from lamtheo.study.actions import Mark
    from lamtheo.study.models import StudySession
    from lamtheo.topics.models import Topic

    term = Topic.objects.create(
        unit=unit("TU"), kind=Topic.Kind.TERM, title="Toàn khóa", start_year=2025, end_year=2030
    )
    topic = Topic.objects.create(
        unit=unit("TU"), kind=Topic.Kind.YEAR, parent=term, title="Năm 2026", start_year=2026, end_year=2026
    )
    people = add_people("LB-01", 3) + add_people("LB-02", 2)
    marks = {
        person.pk: Mark("present" if index != 1 else "absent") for index, person in enumerate(people[:3])
    }
    study_actions.create_session(
        StudySession(unit=unit("LB-01"), topic=topic, date=datetime.date(2026, 3, 12)),
        actor=None,
        attendance=marks,
        today=APRIL.date(),
    )
    year = "ky=nam&nam=2026"
    client = login(commune_leader)
    lb = unit("LB")

    board = client.get(reverse("dashboard:unit", args=[lb.pk]) + f"?{year}").context["board"].own
    studied, sessions = board["studied_topic"], board["study_sessions"]
    assert studied.numerator >= 2 and sessions.numerator == 1

    page = client.get(reverse("study:coverage", args=[lb.pk]), {"topic": topic.pk}).context["coverage"].total
    assert (page.studied, page.people, page.sessions) == (studied.numerator, studied.denominator, 1)

    sheet = client.get(reverse("study:coverage_export", args=[lb.pk]), {"topic": topic.pk})
    total = list(load_workbook(io.BytesIO(sheet.content)).worksheets[0].iter_rows(values_only=True))[-1]
    assert total[2] == sessions.numerator
    assert (total[4] + total[7], total[5] + total[8]) == (studied.numerator, studied.denominator)

    export = client.get(reverse("dashboard:export", args=[lb.pk]) + f"?{year}")
    rows = {
        row[1]: row
        for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    }
    assert rows[str(INDICATORS["studied_topic"].name)][2:4] == (studied.numerator, studied.denominator)

    report = build_figures(lb, Period.year(2026))
    sentences = {row["code"]: row["sentence"] for section in report["sections"] for row in section["figures"]}
    assert studied.text in sentences["studied_topic"]
