import pytest
from django.contrib.auth.models import AnonymousUser

from lamtheo.testing import unit
from lamtheo.topics.models import Topic, TopicAttachment
from lamtheo.topics.tests.conftest import make_topic


@pytest.fixture
def cd_topic(term):
    return make_topic("CD", title="Chuyên đề năm 2026 của phường Châu Đốc", start=2026, parent=term)


def visible(user):
    return set(Topic.objects.visible_to(user).values_list("unit__code", flat=True))


def test_member_and_secretary_see_the_province_and_their_commune_but_not_the_sibling(
    member, secretary, yearly, lb_topic, cd_topic
):
    assert visible(member) == {"TU", "LB"}
    assert visible(secretary) == {"TU", "LB"}


def test_outsider_sees_the_province_but_not_long_binh(outsider, yearly, lb_topic, cd_topic):
    assert visible(outsider) == {"TU", "CD"}
    assert not Topic.objects.visible_to(outsider).filter(pk=lb_topic.pk).exists()


def test_commune_leader_sees_above_and_own_subtree(commune_leader, yearly, lb_topic, cd_topic):
    assert visible(commune_leader) == {"TU", "LB"}


@pytest.mark.parametrize("persona", ["admin", "province_staff"])
def test_province_roles_see_every_topic(request, persona, yearly, lb_topic, cd_topic):
    assert visible(request.getfixturevalue(persona)) == {"TU", "LB", "CD"}


def test_nobody_logged_in_sees_nothing(yearly):
    assert not Topic.objects.visible_to(AnonymousUser()).exists()


def test_topics_applying_to_a_chi_bo_are_those_of_the_committees_above_it(yearly, lb_topic, cd_topic):
    codes = set(Topic.objects.applying_to(unit("LB-01")).values_list("unit__code", flat=True))
    assert codes == {"TU", "LB"}


def test_search_ignores_accents_and_finds_the_year(term, yearly):
    assert list(Topic.objects.search("Y CHI TU LUC")) == [term]
    assert set(Topic.objects.search("2026")) == {term, yearly}  # the term-long one runs 2025–2030


def test_period_and_kind(term, yearly):
    assert (term.period, term.is_term) == ("2025–2030", True)
    assert (yearly.period, yearly.is_term) == ("2026", False)
    assert list(Topic.objects.terms()) == [term]
    assert set(Topic.objects.for_year(2027)) == {term}


@pytest.mark.parametrize(
    ("size", "shown"), [(500, "1 KB"), (350 * 1024, "350 KB"), (int(1.25 * 1024 * 1024), "1,3 MB")]
)
def test_attachment_size_reads_the_vietnamese_way(size, shown):
    assert TopicAttachment(size=size).size_display == shown


def test_attachment_download_name_keeps_the_extension():
    attachment = TopicAttachment(name="Tài liệu chuyên đề 2026", file="topics/1/tai-lieu.PDF")
    assert attachment.download_name == "Tài liệu chuyên đề 2026.pdf"
    attachment.name = "Tai lieu.pdf"
    assert attachment.download_name == "Tai lieu.pdf"
