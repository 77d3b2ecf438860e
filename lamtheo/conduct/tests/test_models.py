import datetime

import pytest
from django.db import IntegrityError

from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode, ConductRule
from lamtheo.conduct.tests.conftest import COMMUNE_RULES, HAMLET_RULES, adopted, draft
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(commune_code, secretary):
    """LB-01: an adopted code and a newer draft; CD-01 (the sibling commune): an adopted code."""
    lb01 = adopted("LB-01", HAMLET_RULES, template=commune_code)
    lb01_draft = draft("LB-01", HAMLET_RULES[:3], template=commune_code, year=2027)
    cd01 = adopted("CD-01", HAMLET_RULES, template=commune_code)
    return {
        "lb01": lb01,
        "lb01_draft": lb01_draft,
        "cd01": cd01,
        "lb": commune_code,
        "tu": commune_code.template,
    }


def visible(user, codes):
    pks = set(ConductCode.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, code in codes.items() if code.pk in pks}


# Who sees which code: each condition of ConductCodeQuerySet.visible_to.


def test_staff_above_see_every_code_of_their_subtree_drafts_included(codes, province_staff):
    assert visible(province_staff, codes) == {"lb01", "lb01_draft", "cd01", "lb", "tu"}


def test_a_commune_leader_sees_the_commune_subtree_and_the_adopted_codes_above(codes, commune_leader):
    assert visible(commune_leader, codes) == {"lb01", "lb01_draft", "lb", "tu"}


def test_a_cell_secretary_sees_their_drafts_and_the_templates_above(codes, secretary):
    assert visible(secretary, codes) == {"lb01", "lb01_draft", "lb", "tu"}


def test_a_member_reads_the_adopted_code_of_their_chi_bo_not_its_drafts(codes, member):
    assert visible(member, codes) == {"lb01", "lb", "tu"}


def test_a_draft_above_is_not_shown_below(codes, secretary):
    above = draft("LB", COMMUNE_RULES[:2], year=2027)
    assert not ConductCode.objects.visible_to(secretary).filter(pk=above.pk).exists()


def test_the_outsider_sees_nothing_of_the_sibling_commune(codes, outsider):
    assert visible(outsider, codes) == {"cd01", "tu"}


def test_anonymous_sees_nothing(codes):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser(), codes) == set()


def test_rules_are_visible_with_their_code(codes, member):
    rules = ConductRule.objects.visible_to(member)
    assert set(rules.values_list("code", flat=True)) == {codes["lb01"].pk, codes["lb"].pk, codes["tu"].pk}


# Domain vocabulary


def test_in_force_is_adopted_and_covering_the_year(codes):
    assert set(ConductCode.objects.in_force(2026)) == {codes["lb01"], codes["cd01"], codes["lb"], codes["tu"]}
    assert set(ConductCode.objects.in_force(2027)) == {codes["tu"]}
    assert set(ConductCode.objects.in_force(2024)) == set()


def test_the_template_is_the_nearest_adopted_code_above(codes):
    assert ConductCode.objects.templates_for(unit("LB-01")).first() == codes["lb"]
    assert ConductCode.objects.templates_for(unit("CD-01")).first() == codes["tu"]
    assert ConductCode.objects.templates_for(unit("TU")).first() is None


def test_the_period_and_the_similarity_read_the_vietnamese_way(codes):
    code = codes["lb01"]
    assert (code.period, code.period_label) == ("2026", "Năm 2026")
    code.similarity = 96.54
    assert code.similarity_display == "96,5%"
    assert code.get_absolute_url() == f"/chuan-muc/{code.pk}/"


def test_the_database_refuses_a_period_out_of_order():
    with pytest.raises(IntegrityError):
        ConductCode.objects.create(unit=unit("LB-01"), title="x", start_year=2027, end_year=2026)


def test_the_database_refuses_two_rules_at_one_position(codes):
    with pytest.raises(IntegrityError):
        ConductRule.objects.create(code=codes["lb01"], position=1, text="Trùng vị trí")


def test_committees_and_chi_bo_should_have_a_code_not_tổ_đảng():
    assert Unit.Kind.GROUP not in EXPECTED_KINDS
    assert {Unit.Kind.CELL, Unit.Kind.COMMUNE_COMMITTEE, Unit.Kind.PROVINCE_COMMITTEE} <= set(EXPECTED_KINDS)


def test_the_minutes_download_name_keeps_the_extension(codes):
    code = codes["lb01"]
    assert code.minutes_download_name == "bien-ban-hop-chi-bo.pdf"
    code.minutes_name = "Biên bản họp chi bộ tháng 3"
    assert code.minutes_download_name == "Biên bản họp chi bộ tháng 3.pdf"
    assert code.adopted_on == datetime.date(2026, 3, 15)
