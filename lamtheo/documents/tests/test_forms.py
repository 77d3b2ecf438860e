"""Forms and helpers of the document pages: scoped choices that never render a whole province, the diff."""

import pytest
from django.http import QueryDict

from lamtheo.accounts.rules import allows
from lamtheo.documents import views
from lamtheo.documents.diff import side_by_side
from lamtheo.documents.forms import ConsultationForm, DocumentForm, IssueForm, invitee_candidates
from lamtheo.documents.models import Document
from lamtheo.documents.tests.helpers import make_draft
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_related_picker_renders_only_what_is_chosen(commune_leader, province_staff):
    cited = make_draft(commune_leader, key="thong_bao")
    Document.objects.filter(pk=cited.pk).update(status=Document.Status.ISSUED, code="05-TB/ĐU")
    form = DocumentForm(instance=Document(), user=commune_leader)
    assert form.fields["related"].widget.choices == []  # not every issued document of the province
    bound = DocumentForm(
        QueryDict(f"related={cited.pk}&related=abc&related=999999"), instance=Document(), user=commune_leader
    )
    assert [pk for pk, _label in bound.fields["related"].widget.choices] == [cited.pk]


def test_issue_recipients_offer_the_units_below_checked(commune_leader):
    draft = make_draft(commune_leader, key="thong_bao")
    form = IssueForm(document=draft, user=commune_leader)
    assert [label for _pk, label in form.fields["recipients"].widget.choices] == [
        "Chi bộ Ấp Long Hòa (LB-01)",
        "Chi bộ Ấp Long Thạnh (LB-02)",
    ]
    assert form.initial["recipients"] == [unit("LB-01").pk, unit("LB-02").pk]
    assert not form.fields["recipients"].queryset.filter(pk=unit("LB").pk).exists()


def test_invitees_are_the_committee_above_and_the_people_in_scope(
    commune_leader, province_staff, admin, secretary, member, outsider
):
    candidates = set(invitee_candidates(commune_leader, unit("LB")))
    assert candidates == {province_staff, secretary, member}  # not the IT admin, not the sibling commune
    offered = ConsultationForm(document=make_draft(commune_leader), user=commune_leader)
    assert {pk for pk, _label in offered.fields["invitees"].widget.choices} == {
        province_staff.pk,
        secretary.pk,
    }


def test_download_names_are_ascii():
    document = Document(code="12-CTr/ĐU", summary="hành động thực hiện Nghị quyết số 29-NQ/TW (2026)")
    assert views.download_name(document, "pdf") == (
        "12-CTr-DU-hanh-dong-thuc-hien-nghi-quyet-so-29-nq-tw-2026.pdf"
    )
    assert views.download_name(Document(summary="Đề án"), "docx") == "du-thao-de-an.docx"


def test_the_diff_pairs_similar_lines_and_escapes():
    rows = side_by_side("Mở đầu\n1. Học tập <b>chuyên đề</b>.", "1. Học tập chuyên đề năm 2026.\nKết luận")
    assert [row.kind for row in rows] == ["removed", "changed", "added"]
    assert "&lt;b&gt;" in rows[1].old and "<ins>" in rows[1].new


def test_paragraphs_mark_headings_like_the_docx():
    parsed = views.paragraphs("I. MỤC ĐÍCH\n1. Ngắn.\n- gạch đầu dòng\n\nĐoạn văn.")
    assert [(p["heading"], p["bullet"]) for p in parsed] == [
        (True, False),
        (True, False),
        (False, True),
        (False, False),
    ]


def test_a_secretary_drafts_for_their_chi_bo_and_its_groups_only(secretary):

    assert allows(secretary, "documents.draft", unit("LB-01"))
    assert not allows(secretary, "documents.draft", unit("LB"))
    group = Unit(code="LB-01-T1", name="Tổ đảng 1", kind=Unit.Kind.GROUP)
    group.refresh_derived()
    group = Unit.objects.add_child(unit("LB-01"), instance=group)
    assert allows(secretary, "documents.draft", group)
