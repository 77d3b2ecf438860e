"""Write-through for the bulk loaders: the figures cached before an import are not served after it. The importer
writes in bulk (people, their stays, units) and says what it changed (imports/actions.py, freshness.changed);
each figure it affects is read again after the import, from the cache as a page would, and has changed."""

import pytest

from lamtheo.imports.models import ImportJob
from lamtheo.imports.tests.helpers import import_file, person, xlsx
from lamtheo.imports.tests.test_actions import _unit_row
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
YEAR = Period.year(2026)


def figures(code, codes, split=None):
    pk = unit(code).pk
    return engine.figures([pk], YEAR, codes, split=split)[pk]


def test_a_people_import_changes_the_people_figures(admin):
    before = figures("LB", ["people", "studied_topic", "registered"])
    members = figures("LB", ["people"], split="members")
    job = import_file(xlsx([person(1), person(2, "LB-02"), person(3)]), unit("LB"), actor=admin)
    assert job.status == ImportJob.Status.DONE, job.errors
    after = figures("LB", ["people", "studied_topic", "registered"])
    assert after["people"].numerator == before["people"].numerator + 3
    # Those who must study and register: three more each, none of whom did yet.
    assert after["studied_topic"].denominator == before["studied_topic"].denominator + 3
    assert after["registered"].denominator == before["registered"].denominator + 3
    assert figures("LB", ["people"], split="members")["people"].numerator == members["people"].numerator + 3


def test_a_units_import_changes_the_units_figures(admin):
    before = figures("LB", ["conduct_adopted", "meetings_held"])
    rows = [_unit_row("LB-03", "Chi bộ Ấp Long Phú", parent="LB"), _unit_row("LB-04", "Chi bộ Trường học")]
    job = import_file(xlsx(rows), unit("LB"), kind="units", actor=admin)
    assert job.status == ImportJob.Status.DONE, job.errors
    after = figures("LB", ["conduct_adopted", "meetings_held"])
    # Two more chi bộ that should adopt a code of conduct and hold their monthly meetings.
    assert after["conduct_adopted"].denominator == before["conduct_adopted"].denominator + 2
    assert after["meetings_held"].denominator > before["meetings_held"].denominator
