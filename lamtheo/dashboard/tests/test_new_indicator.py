"""A new indicator is added in one place: declared with its source (here, in this test module), it shows on the
dashboard and in its Excel export without any other file knowing of it."""

import io

import pytest
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.dashboard.tests.conftest import MARCH
from lamtheo.indicators import registry
from lamtheo.indicators.registry import Indicator
from lamtheo.indicators.source import Source, per_unit, register, sources, unregister
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _committees(ctx):
    """Per unit: 1 for each committee (a grouped query, as every source)."""
    return per_unit(
        Unit.objects.filter(pk__in=ctx.tree.ids(), kind__in=Unit.COMMITTEE_KINDS)
        .order_by()
        .values("pk")
        .annotate(committees=Count("pk"))
    )


@pytest.fixture
def committees_indicator():
    register(Source("test_committees", apps=("units",), compute=_committees))
    registry.register(
        Indicator(
            "test_committees",
            "Số cấp ủy (chỉ tiêu thử)",
            "documents",
            "Số cấp ủy trong đơn vị và các đơn vị trực thuộc",
            "",
            source="test_committees",
            count="committees",
        )
    )
    yield
    registry.unregister("test_committees")
    unregister("test_committees")


def test_a_declared_indicator_shows_on_the_dashboard_and_in_the_export(
    committees_indicator, login, commune_leader
):
    assert "test_committees" in sources()
    client = login(commune_leader)
    expected = Unit.objects.subtree_of(unit("LB")).filter(kind__in=Unit.COMMITTEE_KINDS).count()
    page = client.get(reverse("dashboard:unit", args=[unit("LB").pk]) + f"?{MARCH}")
    assert "Số cấp ủy (chỉ tiêu thử)" in page.content.decode()
    export = client.get(reverse("dashboard:export", args=[unit("LB").pk]) + f"?{MARCH}")
    rows = {
        row[1]: row
        for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    }
    assert rows["Số cấp ủy (chỉ tiêu thử)"][2] == expected
