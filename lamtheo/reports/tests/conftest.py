"""Reports in the personas' province, on the study case of lamtheo.study's tests (today frozen at 10/04/2026).

The six-month report of 2026 (Period.half(2026, 1)) is the one every test writes: Long Bình's (a commune, sent to
the Tỉnh ủy) and Ấp Long Hòa's (a chi bộ, sent to Long Bình). Terms are declared so numbers can be given.
"""

import datetime

import pytest

from lamtheo.documents.models import Term
from lamtheo.indicators.periods import Period
from lamtheo.reports import actions
from lamtheo.reports.models import ReportKind
from lamtheo.study.tests.conftest import TODAY, frozen, studied_world, topic  # noqa: F401 - fixtures
from lamtheo.testing import unit

HALF = Period.half(2026, 1)


@pytest.fixture
def terms(db):
    for code in ("TU", "LB", "LB-01", "CD", "CD-01"):
        Term.objects.create(
            unit=unit(code), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 6, 1)
        )


def draft(
    code, actor, *, kind=ReportKind.SIX_MONTH, period=HALF, results="Các chi bộ tổ chức học tập nghiêm túc."
):
    report = actions.create_report(unit=unit(code), kind=kind, period=period, actor=actor)
    report.results = results
    report.document.signer_name = "Lê Văn Tám"
    report.document.signer_title = "Bí thư"
    return actions.update_report(report, actor=actor, expected_version=report.version)


def issued(code, actor, **kwargs):
    return actions.issue_report(draft(code, actor, **kwargs), actor=actor, date=TODAY)


def stored(report, fmt="docx") -> bytes:
    """The stored print of the report's current version (lamtheo.reports.printing)."""
    with report.prints.get(version=report.version, format=fmt, status="done").file.open("rb") as file:
        return file.read()


def sent(code, actor, **kwargs):
    report = issued(code, actor, **kwargs)
    return report, actions.submit_report(report, actor=actor)
